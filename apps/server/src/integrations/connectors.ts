import { createBigCommerceConnector, createLightspeedConnector, createMagento2Connector, createShopifyConnector, createWooCommerceConnector, type Platform, type ShopConnection, type ShopConnector, registerBigCommerceWebhooks } from '@shipdesk/shops';

export interface CredentialField {
  name: string;
  label: string;
  secret: boolean;
}

/** Makes the connector of a platform, or null where Shipdesk has none yet. */
export type ConnectorFactory = (platform: Platform, connection: ShopConnection) => ShopConnector | null;

type Entry = {
  create: (connection: ShopConnection) => ShopConnector;
  credentials: CredentialField[];
  /** Subscribes the shop's order webhooks to this address, where the platform does that by API. */
  registerWebhooks?: (connection: ShopConnection, destination: string) => Promise<unknown>;
};

/** The platforms Shipdesk can connect to, with the credentials each needs. */
const REGISTRY: Partial<Record<Platform, Entry>> = {
  shopify: {
    create: createShopifyConnector,
    credentials: [
      { name: 'accessToken', label: 'Admin API access token', secret: true },
      { name: 'webhookSecret', label: 'App client secret (signs webhooks)', secret: true },
    ],
  },
  magento2: {
    create: createMagento2Connector,
    credentials: [{ name: 'accessToken', label: 'Integration access token', secret: true }],
  },
  woocommerce: {
    create: createWooCommerceConnector,
    credentials: [
      { name: 'consumerKey', label: 'REST API consumer key', secret: false },
      { name: 'consumerSecret', label: 'REST API consumer secret', secret: true },
      { name: 'webhookSecret', label: 'Webhook secret', secret: true },
    ],
  },
  lightspeed: {
    create: createLightspeedConnector,
    credentials: [
      { name: 'apiKey', label: 'API key', secret: false },
      { name: 'apiSecret', label: 'API secret', secret: true },
      { name: 'language', label: 'Shop language (e.g. nl, en)', secret: false },
    ],
  },
  // The base URL carries the store hash: https://api.bigcommerce.com/stores/{store_hash}
  bigcommerce: {
    create: createBigCommerceConnector,
    registerWebhooks: (connection, destination) => registerBigCommerceWebhooks(connection, destination),
    credentials: [
      { name: 'accessToken', label: 'API account access token', secret: true },
      { name: 'webhookSecret', label: 'Webhook secret (sent back in the X-Shipdesk-Webhook-Secret header)', secret: true },
    ],
  },
};

export const defaultConnectors: ConnectorFactory = (platform, connection) => REGISTRY[platform]?.create(connection) ?? null;

export const credentialFields = (platform: Platform): CredentialField[] => REGISTRY[platform]?.credentials ?? [];

/** How the platform's webhooks are subscribed by API, if Shipdesk does that for it. */
export const webhookRegistrar = (platform: Platform) => REGISTRY[platform]?.registerWebhooks ?? null;

export const isConnectable = (platform: Platform): boolean => Boolean(REGISTRY[platform]);

import { dhlSandbox, lightspeedSandbox, magento2Sandbox, postnlSandbox, shopifySandbox, startSandbox, woocommerceSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import type { Platform } from '@shipdesk/shops';

export interface DemoShop {
  platform: Platform;
  name: string;
  baseUrl: string;
  credentials: Record<string, string>;
  processingMode?: 'shipment_level' | 'order_level';
}

export interface DemoCarrier {
  carrier: string;
  name: string;
  baseUrl: string;
  credentials: Record<string, string>;
  sender: { name: string; company: string; street: string; postalCode: string; city: string; country: string; email: string };
}

export interface DemoSandbox {
  carriers: DemoCarrier[];
  running: RunningSandbox;
  /** The Shopify stand-in, for tests to look at what the shop was told. */
  shopify: ReturnType<typeof shopifySandbox>;
  shops: DemoShop[];
  /** Points a stand-in's webhooks at the Shipdesk webhook address of its shop. */
  setWebhookTarget(platform: string, url: string): void;
  /** Subscribes a DHL account to the sandbox's tracking push and delivers due pushes every minute. */
  startDhlPush(hookUrl: string): Promise<void>;
}

export const DEMO_CREDENTIALS = {
  shopify: { accessToken: 'shpat_sandbox_demo', webhookSecret: 'shpss_sandbox_webhook_secret' },
  magento2: { accessToken: 'magento-sandbox-token' },
  woocommerce: { consumerKey: 'ck_sandbox', consumerSecret: 'cs_sandbox', webhookSecret: 'woo-sandbox-webhook-secret' },
  lightspeed: { apiKey: 'ls_sandbox_key', apiSecret: 'ls_sandbox_secret', language: 'nl' },
  postnl: { apiKey: 'postnl-sandbox-key' },
  dhl: { apiKey: 'dhl-sandbox-key', username: 'user-valid', password: 'SandboxPasswort2023!', ekp: '3333333333', webhookToken: 'dhl-sandbox-push-token' },
} as const;

/** Starts the sandbox shops and carriers that `npm start` runs beside the server. */
export async function startDemoSandbox(port: number): Promise<DemoSandbox> {
  const shopify = shopifySandbox({
    accessToken: DEMO_CREDENTIALS.shopify.accessToken,
    webhookSecret: DEMO_CREDENTIALS.shopify.webhookSecret,
    // The demo store is on Shopify Plus (a 10× larger cost bucket), so the first import takes a second, not ten.
    bucket: { maximumAvailable: 20_000, restoreRate: 1_000 },
  });
  const magento2 = magento2Sandbox({ token: DEMO_CREDENTIALS.magento2.accessToken });
  const woocommerce = woocommerceSandbox({
    consumerKey: DEMO_CREDENTIALS.woocommerce.consumerKey,
    consumerSecret: DEMO_CREDENTIALS.woocommerce.consumerSecret,
    webhookSecret: DEMO_CREDENTIALS.woocommerce.webhookSecret,
  });
  const lightspeed = lightspeedSandbox({ apiKey: DEMO_CREDENTIALS.lightspeed.apiKey, apiSecret: DEMO_CREDENTIALS.lightspeed.apiSecret });
  const postnl = postnlSandbox({ apiKey: DEMO_CREDENTIALS.postnl.apiKey });
  const dhl = dhlSandbox({ apiKey: DEMO_CREDENTIALS.dhl.apiKey });
  const running = await startSandbox([shopify, magento2, woocommerce, lightspeed, postnl, dhl], { port });
  const pushTimers: NodeJS.Timeout[] = [];
  const close = running.close;
  running.close = async () => {
    for (const t of pushTimers) clearInterval(t);
    await close();
  };
  return {
    running,
    shopify,
    carriers: [
      {
        carrier: 'postnl',
        name: 'PostNL (sandbox)',
        baseUrl: running.baseUrl('postnl'),
        // PostNL's documented test customer.
        credentials: { apiKey: DEMO_CREDENTIALS.postnl.apiKey, customerCode: 'DEVC', customerNumber: '11223344' },
        sender: { name: 'Warehouse', company: 'Demo Goods B.V.', street: 'Siriusdreef 42', postalCode: '2132 WT', city: 'Hoofddorp', country: 'NL', email: 'warehouse@demo-goods.test' },
      },
      {
        carrier: 'dhl',
        name: 'DHL Parcel DE (sandbox)',
        baseUrl: running.baseUrl('dhl'),
        credentials: { ...DEMO_CREDENTIALS.dhl },
        sender: { name: 'Lager', company: 'Demo Goods GmbH', street: 'Sträßchensweg 10', postalCode: '53113', city: 'Bonn', country: 'DE', email: 'lager@demo-goods.test' },
      },
    ],
    shops: [
      { platform: 'shopify', name: 'Demo Shopify store', baseUrl: `${running.baseUrl('shopify')}/demo-store`, credentials: { ...DEMO_CREDENTIALS.shopify } },
      { platform: 'magento2', name: 'Demo Magento 2 store', baseUrl: running.baseUrl('magento2'), credentials: { ...DEMO_CREDENTIALS.magento2 } },
      { platform: 'woocommerce', name: 'Demo WooCommerce store', baseUrl: running.baseUrl('woocommerce'), credentials: { ...DEMO_CREDENTIALS.woocommerce }, processingMode: 'order_level' },
      { platform: 'lightspeed', name: 'Demo Lightspeed store', baseUrl: running.baseUrl('lightspeed'), credentials: { ...DEMO_CREDENTIALS.lightspeed } },
    ],
    async startDhlPush(hookUrl) {
      await fetch(`${running.baseUrl('dhl')}/tracking/push/v1/subscription`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'DHL-API-Key': DEMO_CREDENTIALS.dhl.apiKey },
        body: JSON.stringify({
          hook: { uri: hookUrl, authentication: { type: 'ApiKeyAuthentication', header: 'x-shipdesk-dhl-token', token: DEMO_CREDENTIALS.dhl.webhookToken } },
          format: 'Default',
          type: 'Account',
          service: 'parcel-de',
          events: ['Pre-Transit', 'Transit', 'Delivered', 'Failure', 'Unknown'],
          accountID: DEMO_CREDENTIALS.dhl.ekp,
        }),
      });
      const timer = setInterval(() => void dhl.pushDue().catch(() => undefined), 60_000);
      timer.unref();
      pushTimers.push(timer);
    },
    setWebhookTarget(platform, url) {
      if (platform === 'shopify') shopify.state.webhookTarget = url;
      if (platform === 'woocommerce') woocommerce.state.webhookTarget = url;
    },
  };
}

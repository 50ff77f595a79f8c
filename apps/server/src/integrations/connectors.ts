import type { Platform, ShopConnection, ShopConnector } from '@shipdesk/shops';

export interface CredentialField {
  name: string;
  label: string;
  secret: boolean;
}

/** Makes the connector of a platform, or null where Shipdesk has none yet. */
export type ConnectorFactory = (platform: Platform, connection: ShopConnection) => ShopConnector | null;

type Entry = { create: (connection: ShopConnection) => ShopConnector; credentials: CredentialField[] };

const REGISTRY: Partial<Record<Platform, Entry>> = {};

/** Adds a platform's connector; each connector module registers itself in connectors-registry.ts. */
export function registerConnector(platform: Platform, entry: Entry): void {
  REGISTRY[platform] = entry;
}

export const defaultConnectors: ConnectorFactory = (platform, connection) => REGISTRY[platform]?.create(connection) ?? null;

export const credentialFields = (platform: Platform): CredentialField[] => REGISTRY[platform]?.credentials ?? [];

export const isConnectable = (platform: Platform): boolean => Boolean(REGISTRY[platform]);

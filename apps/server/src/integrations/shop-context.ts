import { ShopError, type Platform, type ShopConnector } from '@shipdesk/shops';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { SecretBox } from '../security/secrets';
import type { ConnectorFactory } from './connectors';
import { outboundFetch } from './outbound';

export interface ShopServices {
  secrets: SecretBox;
  connectors: ConnectorFactory;
  /** Where shops reach this Shipdesk from the internet (SHIPDESK_PUBLIC_URL), for webhook subscriptions. */
  publicUrl?: string;
}

/**
 * Connectors kept per shop between jobs, so what a connector learns from the shop's answers stays
 * learnt: Shopify's cost bucket as last reported, so the first call of the next job is not sent
 * blind into a throttle. A changed address or credentials make a new one.
 */
const cache = new WeakMap<ShopServices, Map<string, ShopConnector>>();
const CACHE_SIZE = 1000;

function cachedConnector(services: ShopServices, key: string, make: () => ShopConnector | null): ShopConnector | null {
  let perServices = cache.get(services);
  if (!perServices) cache.set(services, (perServices = new Map()));
  const hit = perServices.get(key);
  if (hit) {
    // Most recently used last, so the oldest goes first when the cache is full.
    perServices.delete(key);
    perServices.set(key, hit);
    return hit;
  }
  const made = make();
  if (made) {
    perServices.set(key, made);
    if (perServices.size > CACHE_SIZE) perServices.delete(perServices.keys().next().value!);
  }
  return made;
}

/** The connector of one connected shop, with its credentials unsealed (kept per shop, see above). */
export async function connectorForIntegration(db: Kysely<Database>, services: ShopServices, integrationId: string) {
  const integration = await db.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirst();
  if (!integration) return null;
  let connector: ShopConnector | null;
  try {
    const key = `${integration.id}|${integration.platform}|${integration.base_url}|${integration.credentials_encrypted ?? ''}`;
    // The credentials are unsealed only when a connector is made, not on every job that reuses one.
    connector = cachedConnector(services, key, () =>
      services.connectors(integration.platform as Platform, {
        baseUrl: integration.base_url,
        credentials: integration.credentials_encrypted ? services.secrets.open(integration.credentials_encrypted) : {},
        fetch: outboundFetch(`shop:${integration.id}`),
      }),
    );
  } catch (error) {
    // Stored settings the connector cannot work with (e.g. a credential missing): treat the shop
    // as not connectable, and say why, rather than failing whatever asked for it.
    return { integration, connector: null as ShopConnector | null, configError: error instanceof Error ? error.message : String(error) };
  }
  return { integration, connector, configError: connector ? null : `Shipdesk has no connector for ${integration.platform}.` };
}

/** A short message for a failed call to a shop, as support staff will read it. */
export function shopErrorMessage(error: unknown): string {
  if (error instanceof ShopError) return error.status && !error.message.includes(`HTTP ${error.status}`) ? `${error.message} (HTTP ${error.status})` : error.message;
  return error instanceof Error ? error.message : String(error);
}

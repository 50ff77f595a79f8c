import type { Db } from '../db/database';
import { connectorForIntegration, type ShopServices } from '../integrations/shop-context';
import { enqueueImport } from './import-shop-orders';
import { enqueueRestock, hasBackorders } from './restock';

/** Topics that say a shop's stock changed (Shopify: an inventory level at a location). */
const STOCK_TOPICS = new Set(['inventory_levels/update']);

export type WebhookResult = { kind: 'accepted' } | { kind: 'duplicate' } | { kind: 'unknown_shop' } | { kind: 'bad_signature' };

/**
 * A shop's webhook: the signature is checked on the raw body with that shop's secret; each
 * delivery id is recorded once, so a replayed or duplicate delivery changes nothing. The order it
 * names is imported by a job queued in the same transaction (the webhook answers fast, and a
 * crash after the answer still imports it); a stock change queues a restock of the shop's backorders.
 */
export async function receiveWebhook(db: Db, services: ShopServices, integrationId: string, rawBody: Buffer, headers: Record<string, string | undefined>): Promise<WebhookResult> {
  const found = await connectorForIntegration(db, services, integrationId);
  if (!found?.connector) return { kind: 'unknown_shop' };
  const connector = found.connector;
  const event = connector.verifyWebhook(rawBody, headers);
  if (!event) return { kind: 'bad_signature' };
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('webhook_deliveries')
      .values({ integration_id: integrationId, delivery_id: event.deliveryId, topic: event.topic })
      .onConflict((oc) => oc.columns(['integration_id', 'delivery_id']).doNothing())
      .returning('delivery_id')
      .executeTakeFirst();
    if (!inserted) return { kind: 'duplicate' as const };
    if (event.orderExternalId) await enqueueImport(trx, integrationId, event.orderExternalId);
    // Stock changed: a job asks the shop what it has now and releases the backorders it covers.
    if (STOCK_TOPICS.has(event.topic) && connector.getStock && (await hasBackorders(trx, integrationId))) await enqueueRestock(trx, integrationId);
    return { kind: 'accepted' as const };
  });
}

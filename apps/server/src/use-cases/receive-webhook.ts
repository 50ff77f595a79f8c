import type { Db } from '../db/database';
import { connectorForIntegration, type ShopServices } from '../integrations/shop-context';
import { enqueueImport } from './import-shop-orders';

export type WebhookResult = { kind: 'accepted' } | { kind: 'duplicate' } | { kind: 'unknown_shop' } | { kind: 'bad_signature' };

/**
 * A shop's webhook: the signature is checked on the raw body with that shop's secret; each
 * delivery id is recorded once, so a replayed or duplicate delivery changes nothing. The order it
 * names is imported by a job queued in the same transaction (the webhook answers fast, and a
 * crash after the answer still imports it).
 */
export async function receiveWebhook(db: Db, services: ShopServices, integrationId: string, rawBody: Buffer, headers: Record<string, string | undefined>): Promise<WebhookResult> {
  const found = await connectorForIntegration(db, services, integrationId);
  if (!found?.connector) return { kind: 'unknown_shop' };
  const event = found.connector.verifyWebhook(rawBody, headers);
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
    return { kind: 'accepted' as const };
  });
}

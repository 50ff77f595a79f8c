import type { Kysely } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { connectorForIntegration, shopErrorMessage, type ShopServices } from '../integrations/shop-context';
import { enqueue, type Job } from '../jobs/queue';
import { redact } from '../security/redact';
import { enqueueStatusReport } from './track-shipment';

export const SYNC_JOB = 'sync-shipment';

/** Queues the sync-back of a shipment; one unfinished sync per shipment at a time. */
export function enqueueSync(db: Kysely<Database>, shipmentId: string) {
  return enqueue(db, { kind: SYNC_JOB, payload: { shipmentId }, dedupeKey: `sync:${shipmentId}` });
}

async function recordAttempt(db: Db, shipment: { id: string; merchant_id: string }, type: string, message: string, data: Record<string, unknown>) {
  await db.insertInto('shipment_events').values({ shipment_id: shipment.id, merchant_id: shipment.merchant_id, type, message, data: redact(data), actor_user_id: null }).execute();
}

/**
 * Writes a shipped shipment back to its shop. Shipment level: the shop shipment is created for
 * exactly this shipment's items (or found again by its tracking code, when an earlier attempt
 * created it but stopped before saving its id), then its tracking is set. Order level: the
 * tracking goes to the order. Every attempt is recorded on the shipment's timeline.
 */
export async function syncShipment(db: Db, services: ShopServices, job: Pick<Job, 'payload' | 'attempts'>): Promise<void> {
  const shipmentId = String(job.payload.shipmentId);
  const shipment = await db
    .selectFrom('shipments')
    .innerJoin('orders', 'orders.id', 'shipments.order_id')
    .select([
      'shipments.id',
      'shipments.merchant_id',
      'shipments.status',
      'shipments.tracking_code',
      'shipments.carrier',
      'shipments.external_id',
      'shipments.tracking_status',
      'orders.external_id as order_external_id',
      'orders.integration_id',
    ])
    .where('shipments.id', '=', shipmentId)
    .executeTakeFirst();
  if (!shipment) return; // removed since: nothing to tell the shop
  const found = await connectorForIntegration(db, services, shipment.integration_id);
  if (!found?.connector) {
    await db.updateTable('shipments').set({ sync_status: 'not_synced', sync_error: found?.configError ?? 'This shop has no connector.' }).where('id', '=', shipmentId).execute();
    return;
  }
  const { connector, integration } = found;
  const tracking = shipment.tracking_code ? { number: shipment.tracking_code, company: shipment.carrier ?? 'Other' } : undefined;
  const lines = await db
    .selectFrom('shipment_lines')
    .innerJoin('order_lines', 'order_lines.id', 'shipment_lines.order_line_id')
    .select(['order_lines.external_id', 'shipment_lines.quantity'])
    .where('shipment_lines.shipment_id', '=', shipmentId)
    .orderBy('order_lines.position')
    .execute();

  const request = { platform: integration.platform, mode: integration.processing_mode, orderExternalId: shipment.order_external_id, lines, tracking };
  try {
    if (integration.processing_mode === 'shipment_level' && connector.capabilities.createsShipments) {
      let externalId = shipment.external_id;
      if (!externalId && tracking) {
        // An earlier attempt may have created it and stopped before saving its id: find it by tracking code.
        const inShop = await connector.getOrder(shipment.order_external_id);
        externalId = inShop?.shipments.find((s) => s.trackingCode === tracking.number)?.externalId ?? null;
        if (externalId) {
          await db.updateTable('shipments').set({ external_id: externalId }).where('id', '=', shipmentId).execute();
          await recordAttempt(db, shipment, 'sync_found', `Found this shipment in ${integration.name} already (${externalId}); not creating it twice`, { request });
        }
      }
      if (!externalId) {
        const created = await connector.createShipment({
          orderExternalId: shipment.order_external_id,
          lines: lines.map((l) => ({ lineExternalId: l.external_id, quantity: l.quantity })),
          tracking,
          notifyCustomer: true,
        });
        externalId = created.externalId;
        // Saved at once: a retry after a later failure must not create the shop shipment twice.
        await db.updateTable('shipments').set({ external_id: externalId }).where('id', '=', shipmentId).execute();
        await recordAttempt(db, shipment, 'sync_created', `Created the shipment in ${integration.name}`, { request, response: { externalId } });
      } else if (tracking) {
        await connector.updateTracking({ orderExternalId: shipment.order_external_id, shipmentExternalId: externalId, tracking });
        await recordAttempt(db, shipment, 'sync_tracking', `Sent tracking ${tracking.number} to ${integration.name}`, { request, response: { externalId } });
      }
    } else if (tracking) {
      await connector.updateTracking({ orderExternalId: shipment.order_external_id, tracking });
      await recordAttempt(db, shipment, 'sync_tracking', `Sent tracking ${tracking.number} to the order in ${integration.name}`, { request });
    }
  } catch (error) {
    const message = shopErrorMessage(error);
    await recordAttempt(db, shipment, 'sync_failed', `${integration.name} answered: ${message}`, { request, attempt: job.attempts, error: message });
    await db.updateTable('shipments').set({ sync_error: message }).where('id', '=', shipmentId).execute();
    throw error;
  }
  await db.updateTable('shipments').set({ sync_status: 'synced', sync_error: null, synced_at: new Date() }).where('id', '=', shipmentId).execute();
  // The carrier may have reported a status before the shop shipment existed: pass it on now.
  if (shipment.tracking_status && shipment.tracking_status !== 'announced') {
    const last = await db
      .selectFrom('shipment_events')
      .select('occurred_at')
      .where('shipment_id', '=', shipmentId)
      .where('type', '=', 'carrier_event')
      .orderBy('occurred_at', 'desc')
      .executeTakeFirst();
    await enqueueStatusReport(db, shipmentId, shipment.tracking_status, (last?.occurred_at ?? new Date()).toISOString());
  }
}

/** After the last attempt failed for good: the shipment shows "failed to sync" with the shop's message. */
export async function markSyncFailed(db: Db, shipmentId: string, message: string): Promise<void> {
  await db.updateTable('shipments').set({ sync_status: 'failed', sync_error: message }).where('id', '=', shipmentId).execute();
}

/** Retry from the shipment page: queue a new sync attempt. */
export async function retrySync(db: Db, merchantId: string, shipmentId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('shipments')
      .set({ sync_status: 'pending' })
      .where('id', '=', shipmentId)
      .where('merchant_id', '=', merchantId)
      .where('status', '=', 'shipped')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await enqueueSync(trx, shipmentId);
    return true;
  });
}

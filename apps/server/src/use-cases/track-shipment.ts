import { sql, type Kysely } from 'kysely';
import { fulfilmentStatus, type TrackingStatus } from '@shipdesk/domain';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { carrierAccount, carrierName } from '../integrations/carriers';
import { connectorForIntegration, shopErrorMessage, type ShopServices } from '../integrations/shop-context';
import { enqueue, type Job } from '../jobs/queue';
import { loadOrder } from './get-order';
import { enqueueSync } from './sync-shipment';

export const TRACK_JOB = 'track-shipment';
export const REPORT_STATUS_JOB = 'report-status';

/** Statuses after which a parcel is not polled any more. */
const FINAL: TrackingStatus[] = ['delivered', 'returned_to_sender', 'cancelled'];
/** Statuses that mean the parcel has left the building. */
const LEFT: TrackingStatus[] = ['in_transit', 'out_for_delivery', 'delivered', 'delivery_failed', 'awaiting_pickup', 'returned_to_sender'];

/** Queues passing a parcel status on to the shop; once per shipment and status. */
export function enqueueStatusReport(db: Kysely<Database>, shipmentId: string, status: TrackingStatus, happenedAt: string) {
  return enqueue(db, { kind: REPORT_STATUS_JOB, payload: { shipmentId, status, happenedAt }, dedupeKey: `status:${shipmentId}:${status}` });
}

export function enqueueTracking(db: Kysely<Database>, shipmentId: string) {
  return enqueue(db, { kind: TRACK_JOB, payload: { shipmentId }, dedupeKey: `track:${shipmentId}` });
}

/** Queues a tracking poll for every parcel on its way (the safety net behind carrier webhooks). */
export async function enqueueDueTracking(db: Db): Promise<number> {
  // Parcels with a label bought here: those Shipdesk can ask the carrier about.
  const due = await db
    .selectFrom('shipments')
    .innerJoin('labels', 'labels.shipment_id', 'shipments.id')
    .select('shipments.id')
    .where('labels.status', '=', 'live')
    .where('shipments.status', 'in', ['labelled', 'shipped'])
    .where((eb) => eb.or([eb('shipments.tracking_status', 'is', null), eb('shipments.tracking_status', 'not in', FINAL)]))
    .execute();
  for (const s of due) await enqueueTracking(db, s.id);
  return due.length;
}

/**
 * Asks the carrier where a parcel is. New carrier events go on the shipment's timeline at the
 * carrier's own timestamps (so out-of-order arrivals sort right; a repeated event is a no-op);
 * the latest event by timestamp sets the status. A labelled parcel the carrier has scanned has
 * left: it becomes shipped and the shop is told. Every status change is passed on to the shop.
 */
export async function trackShipment(db: Db, services: ShopServices, shipmentId: string): Promise<TrackingStatus | null> {
  const label = await db
    .selectFrom('labels')
    .innerJoin('shipments', 'shipments.id', 'labels.shipment_id')
    .select(['labels.tracking_number', 'labels.carrier_account_id', 'labels.carrier', 'shipments.merchant_id', 'shipments.tracking_status', 'shipments.status', 'shipments.order_id'])
    .where('labels.shipment_id', '=', shipmentId)
    .where('labels.status', '=', 'live')
    .executeTakeFirst();
  if (!label?.tracking_number) return null;
  const carrier = await carrierAccount(db, services.secrets, label.merchant_id, label.carrier_account_id);
  if (!carrier) throw Object.assign(new Error('The carrier account of this label is gone.'), { retryable: false });
  const result = await carrier.connector.track(label.tracking_number);
  const events = [...result.events].sort((a, b) => a.happenedAt.localeCompare(b.happenedAt));
  const latest = events.at(-1)?.status ?? result.status;

  return db.transaction().execute(async (trx) => {
    if (events.length > 0) {
      await trx
        .insertInto('shipment_events')
        .values(
          events.map((e) => ({
            shipment_id: shipmentId,
            merchant_id: label.merchant_id,
            type: 'carrier_event',
            message: `${carrierName(label.carrier)}: ${e.description}${e.location ? ` (${e.location})` : ''}`,
            data: { code: e.code, status: e.status, happenedAt: e.happenedAt },
            actor_user_id: null,
            occurred_at: new Date(e.happenedAt),
            dedupe_key: `carrier:${e.code}:${e.happenedAt}`,
          })),
        )
        .onConflict((oc) => oc.columns(['shipment_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
        .execute();
    }
    await trx.updateTable('shipments').set({ tracking_checked_at: new Date() }).where('id', '=', shipmentId).execute();
    if (latest === label.tracking_status) return latest;

    const leaving = label.status === 'labelled' && LEFT.includes(latest);
    await trx
      .updateTable('shipments')
      .set({ tracking_status: latest, updated_at: new Date(), ...(leaving ? { status: 'shipped', shipped_at: new Date(), sync_status: 'pending' } : {}) })
      .where('id', '=', shipmentId)
      .execute();
    if (leaving) {
      const loaded = (await loadOrder(trx, label.merchant_id, label.order_id, true))!;
      const allocation = { ...loaded.allocation, shipments: loaded.allocation.shipments.map((s) => (s.key === shipmentId ? { ...s, status: 'shipped' as const } : s)) };
      await trx
        .updateTable('orders')
        .set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date(), fulfilment_status: fulfilmentStatus(loaded.lines, allocation, { cancelled: loaded.order.cancelled }) }))
        .where('id', '=', label.order_id)
        .execute();
      await enqueueSync(trx, shipmentId);
    }
    const happenedAt = events.filter((e) => e.status === latest).at(-1)?.happenedAt ?? new Date().toISOString();
    await enqueueStatusReport(trx, shipmentId, latest, happenedAt);
    return latest;
  });
}

/** Passes a parcel status on to the shop: to the shop shipment once it exists there, or to the order. */
export async function reportStatus(db: Db, services: ShopServices, job: Pick<Job, 'payload'>): Promise<void> {
  const { shipmentId, status, happenedAt } = job.payload as { shipmentId: string; status: TrackingStatus; happenedAt: string };
  const shipment = await db
    .selectFrom('shipments')
    .innerJoin('orders', 'orders.id', 'shipments.order_id')
    .select(['shipments.id', 'shipments.merchant_id', 'shipments.external_id', 'orders.external_id as order_external_id', 'orders.integration_id'])
    .where('shipments.id', '=', shipmentId)
    .executeTakeFirst();
  if (!shipment) return;
  const found = await connectorForIntegration(db, services, shipment.integration_id);
  if (!found?.connector || !found.connector.capabilities.takesStatus) return;
  const shipmentLevel = found.integration.processing_mode === 'shipment_level' && found.connector.capabilities.createsShipments;
  // Not in the shop yet: the sync that creates it passes on the status it has by then.
  if (shipmentLevel && !shipment.external_id) return;
  const record = (type: string, message: string, data: Record<string, unknown>) =>
    db.insertInto('shipment_events').values({ shipment_id: shipmentId, merchant_id: shipment.merchant_id, type, message, data, actor_user_id: null }).execute();
  // A newer status went to the shop already (reports can run out of order after retries): skip this one.
  const newer = await db
    .selectFrom('shipment_events')
    .select('id')
    .where('shipment_id', '=', shipmentId)
    .where('type', '=', 'status_synced')
    .where(sql<boolean>`(data->>'happenedAt')::timestamptz >= ${happenedAt}::timestamptz`)
    .executeTakeFirst();
  if (newer) return;
  try {
    await found.connector.reportStatus({
      orderExternalId: shipment.order_external_id,
      ...(shipment.external_id ? { shipmentExternalId: shipment.external_id } : {}),
      status,
      happenedAt,
    });
  } catch (error) {
    await record('status_sync_failed', `${found.integration.name} did not take status ${status}: ${shopErrorMessage(error)}`, { status });
    throw error;
  }
  await record('status_synced', `Told ${found.integration.name}: ${status.replaceAll('_', ' ')}`, { status, happenedAt });
}


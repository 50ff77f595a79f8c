import type { Kysely } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { enqueue, type Job } from '../jobs/queue';
import type { SecretBox } from '../security/secrets';
import { createLabel } from './create-label';

export const BATCH_LABEL_JOB = 'batch-label';

export interface LabelBatchView {
  id: string;
  format: 'A6' | 'A4';
  total: number;
  done: number;
  failed: number;
  pending: number;
  createdAt: string;
  items: { shipmentId: string; orderId: string; orderNumber: string; shipmentNumber: number; status: 'pending' | 'done' | 'failed'; trackingNumber: string | null; error: string | null }[];
}

const itemKey = (batchId: string, shipmentId: string, attempt: number) => `batch:${batchId}:${shipmentId}:${attempt}`;

function enqueueItem(db: Kysely<Database>, batchId: string, shipmentId: string, attempt: number) {
  return enqueue(db, { kind: BATCH_LABEL_JOB, payload: { batchId, shipmentId, attempt }, dedupeKey: itemKey(batchId, shipmentId, attempt) });
}

/**
 * Starts buying the labels of many shipments as one background batch: one durable job per
 * shipment, written with the batch in one transaction. Each job buys its label with an
 * Idempotency-Key made of the batch, the shipment and the attempt, so a restart midway neither
 * loses a shipment nor buys a label twice.
 */
export async function startLabelBatch(db: Db, input: { merchantId: string; userId: string; shipmentIds: string[]; format: 'A6' | 'A4' }): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const mine = await trx.selectFrom('shipments').select('id').where('merchant_id', '=', input.merchantId).where('id', 'in', input.shipmentIds).execute();
    const ids = input.shipmentIds.filter((id) => mine.some((m) => m.id === id));
    if (ids.length === 0) return null;
    const batch = await trx.insertInto('label_batches').values({ merchant_id: input.merchantId, format: input.format, created_by: input.userId }).returning('id').executeTakeFirstOrThrow();
    await trx
      .insertInto('label_batch_items')
      .values(ids.map((shipment_id, position) => ({ batch_id: batch.id, shipment_id, position })))
      .execute();
    for (const id of ids) await enqueueItem(trx, batch.id, id, 1);
    return batch.id;
  });
}

/** One shipment of a batch. Throws (to be retried with backoff) only where trying again can help. */
export async function runBatchItem(db: Db, secrets: SecretBox, job: Pick<Job, 'payload' | 'attempts' | 'max_attempts'>): Promise<{ merchantId: string; batchId: string } | null> {
  const { batchId, shipmentId, attempt } = job.payload as { batchId: string; shipmentId: string; attempt: number };
  const item = await db
    .selectFrom('label_batch_items')
    .innerJoin('label_batches', 'label_batches.id', 'label_batch_items.batch_id')
    .select(['label_batch_items.status', 'label_batch_items.attempt', 'label_batches.merchant_id', 'label_batches.format', 'label_batches.created_by'])
    .where('label_batch_items.batch_id', '=', batchId)
    .where('label_batch_items.shipment_id', '=', shipmentId)
    .executeTakeFirst();
  if (!item || item.status !== 'pending' || item.attempt !== attempt) return null;
  const finish = (status: 'done' | 'failed', trackingNumber: string | null, error: string | null) =>
    db
      .updateTable('label_batch_items')
      .set({ status, tracking_number: trackingNumber, error })
      .where('batch_id', '=', batchId)
      .where('shipment_id', '=', shipmentId)
      .execute();

  const result = await createLabel(db, secrets, {
    merchantId: item.merchant_id,
    userId: item.created_by ?? '',
    shipmentId,
    idempotencyKey: itemKey(batchId, shipmentId, attempt),
    format: item.format,
  });
  switch (result.kind) {
    case 'created':
    case 'replayed':
      if (result.label.status === 'live') await finish('done', result.label.trackingNumber, null);
      else await finish('failed', null, result.label.error);
      break;
    case 'has_label':
      await finish('done', result.label.trackingNumber, null);
      break;
    case 'in_progress':
      throw Object.assign(new Error('The label is being bought by another request.'), { retryable: true, retryAfterMs: 2000 });
    case 'carrier_error':
      if (result.retryable && job.attempts < job.max_attempts) throw Object.assign(new Error(result.message), { retryable: true });
      await finish('failed', null, result.message);
      break;
    case 'not_found':
      await finish('failed', null, 'The shipment no longer exists.');
      break;
    case 'no_carrier':
      await finish('failed', null, 'No carrier account to buy the label from.');
      break;
    case 'refused':
    case 'invalid':
      await finish('failed', null, result.message);
      break;
  }
  return { merchantId: item.merchant_id, batchId };
}

export async function getLabelBatch(db: Db, merchantId: string, batchId: string): Promise<LabelBatchView | null> {
  const batch = await db.selectFrom('label_batches').selectAll().where('id', '=', batchId).where('merchant_id', '=', merchantId).executeTakeFirst();
  if (!batch) return null;
  const items = await db
    .selectFrom('label_batch_items')
    .innerJoin('shipments', 'shipments.id', 'label_batch_items.shipment_id')
    .innerJoin('orders', 'orders.id', 'shipments.order_id')
    .select(['label_batch_items.shipment_id', 'label_batch_items.status', 'label_batch_items.tracking_number', 'label_batch_items.error', 'orders.id as order_id', 'orders.number as order_number', 'shipments.number'])
    .where('label_batch_items.batch_id', '=', batchId)
    .orderBy('label_batch_items.position')
    .execute();
  const count = (status: string) => items.filter((i) => i.status === status).length;
  return {
    id: batch.id,
    format: batch.format,
    total: items.length,
    done: count('done'),
    failed: count('failed'),
    pending: count('pending'),
    createdAt: batch.created_at.toISOString(),
    items: items.map((i) => ({
      shipmentId: i.shipment_id,
      orderId: i.order_id,
      orderNumber: i.order_number,
      shipmentNumber: i.number,
      status: i.status,
      trackingNumber: i.tracking_number,
      error: i.error,
    })),
  };
}

/** Tries the failed shipments of a batch again, each with a new Idempotency-Key. */
export async function retryFailedInBatch(db: Db, merchantId: string, batchId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const batch = await trx.selectFrom('label_batches').select('id').where('id', '=', batchId).where('merchant_id', '=', merchantId).executeTakeFirst();
    if (!batch) return -1;
    const failed = await trx
      .updateTable('label_batch_items')
      .set((eb) => ({ status: 'pending', error: null, attempt: eb('attempt', '+', 1) }))
      .where('batch_id', '=', batchId)
      .where('status', '=', 'failed')
      .returning(['shipment_id', 'attempt'])
      .execute();
    for (const f of failed) await enqueueItem(trx, batchId, f.shipment_id, f.attempt);
    return failed.length;
  });
}

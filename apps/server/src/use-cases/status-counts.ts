import { sql } from 'kysely';
import { FULFILMENT_STATUSES, type FulfilmentStatus } from '@shipdesk/domain';
import type { Db } from '../db/database';
import { enqueue } from '../jobs/queue';
import { cachedStatement } from '../db/statement-cache';

/**
 * The overview tabs' counts, read from the running counts the database keeps (migration 0012:
 * statement triggers append +n/-n rows per group), so a list request sums a few dozen rows
 * instead of counting a big merchant's orders again. Filters the counts are not kept by (dates,
 * search) are counted live by the caller.
 */

export const COMPACT_COUNTS_JOB = 'compact-counts';
/** Summed rows of one merchant beyond which their changes are folded together. */
export const COMPACT_AFTER_ROWS = 500;

type Counted = 'order_counts' | 'shipment_counts';

/** When this process last asked for each compaction: list requests until it runs need not ask again. */
const asked = new Map<string, number>();
const ASK_AGAIN_MS = 10_000;

/** Asks for a compaction once the rows to sum have grown; at most one waits per merchant. */
async function compactIfLong(db: Db, table: Counted, merchantId: string, rows: number): Promise<void> {
  if (rows <= COMPACT_AFTER_ROWS) return;
  const dedupeKey = `${COMPACT_COUNTS_JOB}:${table}:${merchantId}`;
  const now = Date.now();
  if ((asked.get(dedupeKey) ?? 0) > now - ASK_AGAIN_MS) return;
  if (asked.size > 10_000) asked.clear();
  asked.set(dedupeKey, now);
  await enqueue(db, { kind: COMPACT_COUNTS_JOB, payload: { table, merchantId }, dedupeKey });
}

const orderCountsStatement = cachedStatement((db, v: { merchantId: string; shop?: string; country?: string }, _shape: null) => {
  let query = db
    .selectFrom('order_counts')
    .select(['fulfilment_status', (eb) => eb.fn.sum<string>('n').as('count'), (eb) => eb.fn.countAll<string>().as('rows')])
    .where('merchant_id', '=', v.merchantId)
    .groupBy('fulfilment_status');
  const { shop, country } = v;
  if (shop !== undefined) query = query.where('integration_id', '=', shop);
  if (country !== undefined) query = query.where('country', '=', country);
  return query;
});

/** Orders per fulfilment status, within a shop and/or country. */
export async function keptOrderCounts(db: Db, merchantId: string, filters: { shop?: string; country?: string }): Promise<Record<FulfilmentStatus, number>> {
  const found = await orderCountsStatement(db, { merchantId, shop: filters.shop || undefined, country: filters.country || undefined }, null);
  const counts = Object.fromEntries(FULFILMENT_STATUSES.map((s) => [s, 0])) as Record<FulfilmentStatus, number>;
  let rows = 0;
  for (const row of found) {
    counts[row.fulfilment_status as FulfilmentStatus] = Number(row.count);
    rows += Number(row.rows);
  }
  await compactIfLong(db, 'order_counts', merchantId, rows);
  return counts;
}

const shipmentCountsStatement = cachedStatement((db, v: { merchantId: string }, _shape: null) =>
  db
    .selectFrom('shipment_counts')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<string>('n').filterWhere('sync_status', '=', sql.lit('failed')), sql<string>`0`).as('failed'),
      eb.fn.coalesce(eb.fn.sum<string>('n').filterWhere('status', '=', sql.lit('open')), sql<string>`0`).as('open'),
      eb.fn.countAll<string>().as('rows'),
    ])
    .where('merchant_id', '=', v.merchantId),
);

/** The merchant's shipments that failed to sync, and those still open. */
export async function keptShipmentCounts(db: Db, merchantId: string): Promise<{ failedToSync: number; open: number }> {
  const [row] = await shipmentCountsStatement(db, { merchantId }, null);
  if (!row) throw new Error('A sum over the shipment counts gave no row');
  await compactIfLong(db, 'shipment_counts', merchantId, Number(row.rows));
  return { failedToSync: Number(row.failed), open: Number(row.open) };
}

/** The groups each table is counted by: the same lists as migration 0012, which cannot import them. */
const KEYS: Record<Counted, string[]> = {
  order_counts: ['merchant_id', 'integration_id', 'country', 'fulfilment_status'],
  shipment_counts: ['merchant_id', 'status', 'sync_status'],
};

/**
 * Folds one merchant's rows of changes into one row per group, in one statement: readers see the
 * rows before or after, never both, and changes written meanwhile (not seen by the delete) stay.
 */
export async function compactCounts(db: Db, table: Counted, merchantId: string): Promise<void> {
  const cols = sql.raw(KEYS[table].join(', '));
  const name = sql.table(table);
  await sql`
    with gone as (delete from ${name} where merchant_id = ${merchantId} returning *)
    insert into ${name} (${cols}, n)
    select ${cols}, sum(n) from gone group by ${cols} having sum(n) <> 0`.execute(db);
}

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../db/database';
import { testDatabases } from '../../test/databases';
import { makeMerchant, sampleOrder } from '../../test/fixtures';
import { importOrders } from './import-orders';
import { statusCounts } from './list-orders';
import { COMPACT_AFTER_ROWS, compactCounts, keptOrderCounts, keptShipmentCounts } from './status-counts';

const STATUSES = ['unfulfilled', 'partially_shipped', 'awaiting_stock', 'fulfilled', 'cancelled'] as const;
const SHIPMENT_STATUSES = ['open', 'labelled', 'shipped', 'cancelled'] as const;
const SYNC = ['not_synced', 'pending', 'synced', 'failed'] as const;
const COUNTRIES = ['NL', 'DE', 'BE'] as const;

/** What can happen to orders and shipments, written straight to the tables as any code path would. */
const operation = fc.oneof(
  fc.record({ kind: fc.constant('import' as const), n: fc.integer({ min: 1, max: 6 }), country: fc.constantFrom(...COUNTRIES) }),
  fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant('statusMany' as const), status: fc.constantFrom(...STATUSES), country: fc.constantFrom(...COUNTRIES) }),
  fc.record({ kind: fc.constant('country' as const), pick: fc.nat(), country: fc.constantFrom(...COUNTRIES) }),
  fc.record({ kind: fc.constant('touch' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('removeShop' as const) }),
  fc.record({ kind: fc.constant('shipment' as const), pick: fc.nat(), status: fc.constantFrom(...SHIPMENT_STATUSES), sync: fc.constantFrom(...SYNC) }),
  fc.record({ kind: fc.constant('shipmentUpdate' as const), pick: fc.nat(), status: fc.constantFrom(...SHIPMENT_STATUSES), sync: fc.constantFrom(...SYNC) }),
  fc.record({ kind: fc.constant('compact' as const) }),
);

describe.each(testDatabases())('running status counts on $name', (target) => {
  let database: OpenDatabase;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('always equal counting the rows now, whatever changes them and however (property)', async () => {
    const db = database.db;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 14 }), async (ops) => {
        run++;
        const merchant = await makeMerchant(db, [sampleOrder(`r${run}-seed`)]);
        const addShop = () =>
          db
            .insertInto('integrations')
            .values({ merchant_id: merchant.merchantId, platform: 'woocommerce', name: 'Second', base_url: 'http://127.0.0.1:1/wc', processing_mode: 'order_level' })
            .returning('id')
            .executeTakeFirstOrThrow();
        let second = await addShop();
        let made = 0;
        const orderIds = async () => (await db.selectFrom('orders').select('id').where('merchant_id', '=', merchant.merchantId).orderBy('id').execute()).map((o) => o.id);
        const shipmentIds = async () => (await db.selectFrom('shipments').select('id').where('merchant_id', '=', merchant.merchantId).orderBy('id').execute()).map((s) => s.id);
        for (const op of ops) {
          const ids = await orderIds();
          const pick = 'pick' in op ? ids[op.pick % Math.max(1, ids.length)] : undefined;
          switch (op.kind) {
            case 'import': {
              const orders = Array.from({ length: op.n }, () => {
                const o = sampleOrder(`r${run}-${made++}`);
                return { ...o, shippingAddress: { ...o.shippingAddress, country: op.country } };
              });
              await importOrders(db, merchant.merchantId, made % 2 ? merchant.integrationId : second.id, orders);
              break;
            }
            case 'status':
              if (pick) await db.updateTable('orders').set({ fulfilment_status: op.status }).where('id', '=', pick).execute();
              break;
            case 'statusMany':
              await db.updateTable('orders').set({ fulfilment_status: op.status }).where('merchant_id', '=', merchant.merchantId).where('country', '=', op.country).execute();
              break;
            case 'country':
              if (pick) await db.updateTable('orders').set({ country: op.country }).where('id', '=', pick).execute();
              break;
            case 'touch':
              // A write that changes nothing counted (the order's version, as a split does).
              if (pick) await db.updateTable('orders').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', pick).execute();
              break;
            case 'delete':
              if (pick) await db.deleteFrom('orders').where('id', '=', pick).execute();
              break;
            case 'removeShop':
              // The whole second shop goes, its orders and their shipments with it (cascades), and
              // a new one takes its place.
              await db.deleteFrom('integrations').where('id', '=', second.id).execute();
              second = await addShop();
              break;
            case 'shipment':
              if (pick) {
                const number = (await db.selectFrom('shipments').select('id').where('order_id', '=', pick).execute()).length + 1;
                await db.insertInto('shipments').values({ merchant_id: merchant.merchantId, order_id: pick, number, status: op.status, sync_status: op.sync }).execute();
              }
              break;
            case 'shipmentUpdate': {
              const sids = await shipmentIds();
              const sid = sids[op.pick % Math.max(1, sids.length)];
              if (sid) await db.updateTable('shipments').set({ status: op.status, sync_status: op.sync }).where('id', '=', sid).execute();
              break;
            }
            case 'compact':
              await compactCounts(db, 'order_counts', merchant.merchantId);
              await compactCounts(db, 'shipment_counts', merchant.merchantId);
              break;
          }
        }
        for (const filters of [{}, { shop: merchant.integrationId }, { shop: second.id, country: 'DE' }, { country: 'BE' }]) {
          expect(await keptOrderCounts(db, merchant.merchantId, filters)).toEqual(await statusCounts(db, merchant.merchantId, filters));
        }
        const shipments = await db.selectFrom('shipments').select(['status', 'sync_status']).where('merchant_id', '=', merchant.merchantId).execute();
        expect(await keptShipmentCounts(db, merchant.merchantId)).toEqual({
          failedToSync: shipments.filter((s) => s.sync_status === 'failed').length,
          open: shipments.filter((s) => s.status === 'open').length,
        });
        // Folding the changes together changes no count, and leaves one row per group at most.
        const before = await keptOrderCounts(db, merchant.merchantId, {});
        await compactCounts(db, 'order_counts', merchant.merchantId);
        expect(await keptOrderCounts(db, merchant.merchantId, {})).toEqual(before);
        const rows = await db.selectFrom('order_counts').select(['integration_id', 'country', 'fulfilment_status', 'n']).where('merchant_id', '=', merchant.merchantId).execute();
        expect(new Set(rows.map((r) => `${r.integration_id}|${r.country}|${r.fulfilment_status}`)).size).toBe(rows.length);
        expect(rows.every((r) => r.n !== 0)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('adds a row per group changed, not per order, when many orders change at once', async () => {
    const db = database.db;
    const merchant = await makeMerchant(db, Array.from({ length: 40 }, (_, i) => sampleOrder(`bulk-${i}`)));
    const rows = async () => Number((await db.selectFrom('order_counts').select((eb) => eb.fn.countAll<string>().as('n')).where('merchant_id', '=', merchant.merchantId).executeTakeFirstOrThrow()).n);
    const before = await rows();
    await db.updateTable('orders').set({ fulfilment_status: 'fulfilled' }).where('merchant_id', '=', merchant.merchantId).execute();
    // 40 orders went from unfulfilled to fulfilled: one row less of one group, one more of the other.
    expect((await rows()) - before).toBe(2);
    expect((await keptOrderCounts(db, merchant.merchantId, {})).fulfilled).toBe(40);
  });

  it('asks for a compaction once a merchant has many rows of changes, and only once', async () => {
    const db = database.db;
    const merchant = await makeMerchant(db, [sampleOrder('compact-1')]);
    const [order] = await db.selectFrom('orders').select('id').where('merchant_id', '=', merchant.merchantId).execute();
    // Every status change writes two rows (-1 and +1).
    for (let i = 0; i < COMPACT_AFTER_ROWS / 2 + 2; i++) {
      await db.updateTable('orders').set({ fulfilment_status: i % 2 ? 'unfulfilled' : 'fulfilled' }).where('id', '=', order!.id).execute();
    }
    await keptOrderCounts(db, merchant.merchantId, {});
    await keptOrderCounts(db, merchant.merchantId, {});
    const jobs = await db.selectFrom('jobs').select(['kind', 'payload', 'status']).where('dedupe_key', '=', `compact-counts:order_counts:${merchant.merchantId}`).execute();
    expect(jobs).toEqual([{ kind: 'compact-counts', payload: { table: 'order_counts', merchantId: merchant.merchantId }, status: 'pending' }]);
    // A list request soon after does not even ask again (no statement on the list's way).
    await db.deleteFrom('jobs').where('dedupe_key', '=', `compact-counts:order_counts:${merchant.merchantId}`).execute();
    await keptOrderCounts(db, merchant.merchantId, {});
    expect(await db.selectFrom('jobs').select('id').where('dedupe_key', '=', `compact-counts:order_counts:${merchant.merchantId}`).execute()).toEqual([]);
    const live = await statusCounts(db, merchant.merchantId, {});
    await compactCounts(db, 'order_counts', merchant.merchantId);
    expect(await keptOrderCounts(db, merchant.merchantId, {})).toEqual(live);
    const left = await db.selectFrom('order_counts').select((eb) => eb.fn.countAll<string>().as('n')).where('merchant_id', '=', merchant.merchantId).executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(1);
  });
});

import fc from 'fast-check';
import type { AllocationRequest } from '@shipdesk/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../db/database';
import { testDatabases } from '../../test/databases';
import { makeMerchant, sampleOrder } from '../../test/fixtures';
import { loadOrder, toOrderDetail } from './get-order';
import { splitOrder, undoSplit } from './split-order';

/** What a packer (or the shop) can do to an order between two saves. */
const step = fc.oneof(
  // Each unit of each line goes to one of three shipments, the backorder, or stays open.
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('split' as const), units: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 12, maxLength: 12 }), order: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ship' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('undo' as const) }) },
);

describe.each(testDatabases())('saving a split on $name', (target) => {
  let database: OpenDatabase;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('answers the order exactly as loading it again would, whatever the split before and after (property)', async () => {
    const db = database.db;
    let run = 0;
    let saves = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const order = { ...sampleOrder(`split-${run++}`), lines: [...sampleOrder().lines, { externalId: 'x-d', sku: 'CAP', name: 'Cap', quantity: 6, priceCents: 990, weightGrams: 90 }] };
        order.lines = order.lines.map((l, i) => ({ ...l, externalId: `${order.externalId}-${i}` }));
        const { merchantId, userId } = await makeMerchant(db, [order]);
        const orderId = (await db.selectFrom('orders').select('id').where('merchant_id', '=', merchantId).executeTakeFirstOrThrow()).id;
        const fresh = async () => toOrderDetail((await loadOrder(db, merchantId, orderId))!);

        for (const s of steps) {
          const before = await fresh();
          if (s.kind === 'ship') {
            const open = before.shipments.filter((x) => x.status === 'open');
            if (open.length > 0) await db.updateTable('shipments').set({ status: 'shipped' }).where('id', '=', open[s.pick % open.length]!.id).execute();
            continue;
          }
          const result =
            s.kind === 'undo'
              ? await undoSplit(db, { merchantId, userId, orderId, expectedVersion: before.version })
              : await splitOrder(db, { merchantId, userId, orderId, expectedVersion: before.version, request: proposal(before, s.units, s.order) });
          if (result.kind !== 'saved') {
            // Only an undo may be turned down (nothing to undo, or it would take back a shipment
            // shipped since): every proposal is a valid one.
            expect(s.kind === 'undo' && ['nothing_to_undo', 'invalid'].includes(result.kind)).toBe(true);
            continue;
          }
          saves++;
          expect(result.order).toEqual(await fresh());
        }
      }),
      { numRuns: 25 },
    );
    expect(saves).toBeGreaterThan(25);
  });
});

/**
 * A valid split of the order as it stands: shipped shipments kept as they are, each remaining unit
 * placed by `units` (cycled): 0–2 into an open shipment (an existing one where there is one, else a
 * new one), 3 on backorder, 4 left open. `reversed` lists items and shipments in another order
 * than the order's own, as a client may.
 */
function proposal(order: Awaited<ReturnType<typeof toOrderDetail>>, units: number[], reversed: boolean): AllocationRequest {
  const locked = order.shipments.filter((s) => s.status !== 'open');
  const open = order.shipments.filter((s) => s.status === 'open');
  const slots = [0, 1, 2].map((i) => ({ key: open[i]?.id ?? `new-${i}`, lines: new Map<string, number>() }));
  const backorder = new Map<string, number>();
  let u = 0;
  for (const line of order.lines) {
    const free = line.quantity - locked.reduce((n, s) => n + (s.lines.find((l) => l.lineId === line.id)?.quantity ?? 0), 0);
    for (let k = 0; k < free; k++) {
      const to = units[u++ % units.length]!;
      const into = to <= 2 ? slots[to]!.lines : to === 3 ? backorder : null;
      into?.set(line.id, (into.get(line.id) ?? 0) + 1);
    }
  }
  const asLines = (m: Map<string, number>) => {
    const lines = [...m].map(([lineId, quantity]) => ({ lineId, quantity }));
    return reversed ? lines.reverse() : lines;
  };
  const shipments = [...locked.map((s) => ({ key: s.id, lines: s.lines })), ...slots.filter((s) => s.lines.size > 0).map((s) => ({ key: s.key, lines: asLines(s.lines) }))];
  return { shipments: reversed ? shipments.reverse() : shipments, backorder: asLines(backorder) };
}

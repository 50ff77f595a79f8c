import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addShipment,
  backorderQuantity,
  inShipments,
  mergeShipments,
  moveQuantity,
  openQuantity,
  removeShipment,
  validateAllocation,
  type Allocation,
  type Column,
  type OrderLineRef,
} from './allocation';

const lines: OrderLineRef[] = [
  { id: 'a', sku: 'MUG-01', name: 'Mug', quantity: 3 },
  { id: 'b', sku: 'TEE-M', name: 'T-shirt', quantity: 1 },
];
const empty: Allocation = { shipments: [], backorder: [] };

describe('openQuantity', () => {
  it('is ordered minus shipments minus backorder, ignoring cancelled shipments', () => {
    const allocation: Allocation = {
      shipments: [
        { key: 's1', status: 'open', lines: [{ lineId: 'a', quantity: 1 }] },
        { key: 's2', status: 'cancelled', lines: [{ lineId: 'a', quantity: 2 }] },
      ],
      backorder: [{ lineId: 'a', quantity: 1 }],
    };
    expect(openQuantity(lines[0]!, allocation)).toBe(1);
    expect(openQuantity(lines[1]!, allocation)).toBe(1);
  });
});

describe('validateAllocation', () => {
  it('accepts a valid split', () => {
    const allocation: Allocation = {
      shipments: [{ key: 's1', status: 'open', lines: [{ lineId: 'a', quantity: 2 }] }],
      backorder: [{ lineId: 'a', quantity: 1 }],
    };
    expect(validateAllocation(lines, allocation)).toEqual([]);
  });

  it('returns every problem at once, each with a readable message', () => {
    const allocation: Allocation = {
      shipments: [
        { key: 's1', status: 'open', lines: [{ lineId: 'a', quantity: 2.5 }, { lineId: 'zz', quantity: 1 }] },
        { key: 's2', status: 'open', lines: [] },
        { key: 's3', status: 'open', lines: [{ lineId: 'b', quantity: -1 }, { lineId: 'a', quantity: 3 }] },
      ],
      backorder: [],
    };
    const problems = validateAllocation(lines, allocation);
    expect(problems.map((p) => p.code).sort()).toEqual(
      ['empty_shipment', 'not_a_whole_number', 'not_positive', 'over_allocated', 'unknown_line'].sort(),
    );
    const over = problems.find((p) => p.code === 'over_allocated')!;
    expect(over.message).toContain('MUG-01');
    expect(over.message).toContain('only 3 were ordered');
    expect(problems.find((p) => p.code === 'empty_shipment')!.message).toMatch(/Shipment 2 has no items/);
  });

  it('refuses a change to a shipment that already has a label', () => {
    const current: Allocation = {
      shipments: [{ key: 's1', status: 'labelled', lines: [{ lineId: 'a', quantity: 1 }] }],
      backorder: [],
    };
    const changed: Allocation = {
      shipments: [{ key: 's1', status: 'labelled', lines: [{ lineId: 'a', quantity: 2 }] }],
      backorder: [],
    };
    expect(validateAllocation(lines, changed, current).map((p) => p.code)).toEqual(['locked_shipment_changed']);
    expect(validateAllocation(lines, empty, current).map((p) => p.code)).toEqual(['locked_shipment_removed']);
    expect(validateAllocation(lines, current, current)).toEqual([]);
  });

  it('flags a line given twice in one shipment', () => {
    const allocation: Allocation = {
      shipments: [{ key: 's1', status: 'open', lines: [{ lineId: 'a', quantity: 1 }, { lineId: 'a', quantity: 1 }] }],
      backorder: [],
    };
    expect(validateAllocation(lines, allocation).map((p) => p.code)).toEqual(['duplicate_line']);
  });
});

describe('moveQuantity', () => {
  it('moves part of a quantity and refuses more than the source holds', () => {
    const withShipment = addShipment(empty, 's1');
    const moved = moveQuantity(lines, withShipment, 'a', { kind: 'unassigned' }, { kind: 'shipment', key: 's1' }, 2);
    expect(moved.ok).toBe(true);
    if (!moved.ok) return;
    expect(inShipments(moved.allocation, 'a')).toBe(2);
    const tooMany = moveQuantity(lines, moved.allocation, 'a', { kind: 'unassigned' }, { kind: 'backorder' }, 2);
    expect(tooMany).toEqual({ ok: false, message: 'Unassigned holds only 1 of MUG-01; you cannot move 2.' });
  });

  it('refuses moves into a shipped shipment', () => {
    const allocation: Allocation = { shipments: [{ key: 's1', status: 'shipped', lines: [{ lineId: 'b', quantity: 1 }] }], backorder: [] };
    const result = moveQuantity(lines, allocation, 'a', { kind: 'unassigned' }, { kind: 'shipment', key: 's1' }, 1);
    expect(result.ok).toBe(false);
  });

  it('removing a shipment returns its items to unassigned', () => {
    const moved = moveQuantity(lines, addShipment(empty, 's1'), 'b', { kind: 'unassigned' }, { kind: 'shipment', key: 's1' }, 1);
    if (!moved.ok) throw new Error(moved.message);
    const removed = removeShipment(moved.allocation, 's1');
    if (!removed.ok) throw new Error(removed.message);
    expect(openQuantity(lines[1]!, removed.allocation)).toBe(1);
  });
});

// ---------- property tests: the core invariant under any sequence of splits and merges ----------

const lineArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 })
  .map((quantities) => quantities.map((quantity, i) => ({ id: `l${i}`, sku: `SKU-${i}`, name: `Item ${i}`, quantity })));

type Op =
  | { type: 'add' }
  | { type: 'move'; line: number; from: number; to: number; quantity: number }
  | { type: 'merge'; from: number; into: number }
  | { type: 'remove'; shipment: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ type: 'add' as const }) },
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('move' as const),
      line: fc.nat(10),
      from: fc.nat(8),
      to: fc.nat(8),
      quantity: fc.integer({ min: -2, max: 25 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('merge' as const), from: fc.nat(6), into: fc.nat(6) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('remove' as const), shipment: fc.nat(6) }) },
);

function columnAt(allocation: Allocation, index: number): Column {
  if (index === 0) return { kind: 'unassigned' };
  if (index === 1) return { kind: 'backorder' };
  const shipment = allocation.shipments[(index - 2) % Math.max(1, allocation.shipments.length)];
  return shipment ? { kind: 'shipment', key: shipment.key } : { kind: 'unassigned' };
}

describe('invariant: ordered = open + in shipments + on backorder', () => {
  it('holds, with open never negative and the allocation valid, after any sequence of splits and merges', () => {
    fc.assert(
      fc.property(lineArb, fc.array(opArb, { maxLength: 40 }), (orderLines, ops) => {
        let allocation: Allocation = { shipments: [], backorder: [] };
        let next = 0;
        for (const op of ops) {
          if (op.type === 'add') {
            allocation = addShipment(allocation, `s${next++}`);
          } else if (op.type === 'move') {
            const line = orderLines[op.line % orderLines.length]!;
            const result = moveQuantity(orderLines, allocation, line.id, columnAt(allocation, op.from), columnAt(allocation, op.to), op.quantity);
            if (result.ok) allocation = result.allocation;
          } else if (op.type === 'merge') {
            const from = allocation.shipments[op.from % Math.max(1, allocation.shipments.length)];
            const into = allocation.shipments[op.into % Math.max(1, allocation.shipments.length)];
            if (from && into) {
              const result = mergeShipments(allocation, from.key, into.key);
              if (result.ok) allocation = result.allocation;
            }
          } else {
            const shipment = allocation.shipments[op.shipment % Math.max(1, allocation.shipments.length)];
            if (shipment) {
              const result = removeShipment(allocation, shipment.key);
              if (result.ok) allocation = result.allocation;
            }
          }
          for (const line of orderLines) {
            const open = openQuantity(line, allocation);
            expect(open).toBeGreaterThanOrEqual(0);
            expect(open + inShipments(allocation, line.id) + backorderQuantity(allocation, line.id)).toBe(line.quantity);
          }
          const problems = validateAllocation(orderLines, allocation).filter((p) => p.code !== 'empty_shipment');
          expect(problems).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a move that is refused leaves the allocation unchanged, and one that is accepted moves exactly the quantity', () => {
    fc.assert(
      fc.property(lineArb, fc.nat(10), fc.integer({ min: -3, max: 30 }), (orderLines, pick, quantity) => {
        const allocation = addShipment({ shipments: [], backorder: [] }, 's');
        const line = orderLines[pick % orderLines.length]!;
        const result = moveQuantity(orderLines, allocation, line.id, { kind: 'unassigned' }, { kind: 'shipment', key: 's' }, quantity);
        if (quantity >= 1 && quantity <= line.quantity) {
          expect(result.ok).toBe(true);
          if (result.ok) expect(inShipments(result.allocation, line.id)).toBe(quantity);
        } else {
          expect(result.ok).toBe(false);
        }
      }),
    );
  });

  it('validateAllocation finds over-allocation whenever a line holds more than was ordered', () => {
    fc.assert(
      fc.property(lineArb, fc.nat(10), fc.integer({ min: 1, max: 5 }), (orderLines, pick, extra) => {
        const line = orderLines[pick % orderLines.length]!;
        const allocation: Allocation = {
          shipments: [{ key: 's', status: 'open', lines: [{ lineId: line.id, quantity: line.quantity }] }],
          backorder: [{ lineId: line.id, quantity: extra }],
        };
        const problems = validateAllocation(orderLines, allocation);
        expect(problems.some((p) => p.code === 'over_allocated' && p.path === `lines.${line.id}`)).toBe(true);
      }),
    );
  });
});

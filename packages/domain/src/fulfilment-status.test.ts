import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fulfilmentStatus } from './fulfilment-status';
import type { Allocation, OrderLineRef } from './allocation';

const lines: OrderLineRef[] = [
  { id: 'a', sku: 'A', name: 'A', quantity: 2 },
  { id: 'b', sku: 'B', name: 'B', quantity: 1 },
];

describe('fulfilmentStatus', () => {
  it('is unfulfilled when nothing shipped', () => {
    expect(fulfilmentStatus(lines, { shipments: [], backorder: [] })).toBe('unfulfilled');
    expect(
      fulfilmentStatus(lines, { shipments: [{ key: 's', status: 'open', lines: [{ lineId: 'a', quantity: 2 }] }], backorder: [] }),
    ).toBe('unfulfilled');
  });

  it('is partially shipped when some units left and others are open or packed', () => {
    const allocation: Allocation = { shipments: [{ key: 's', status: 'shipped', lines: [{ lineId: 'a', quantity: 1 }] }], backorder: [] };
    expect(fulfilmentStatus(lines, allocation)).toBe('partially_shipped');
  });

  it('is awaiting stock when all that has not shipped is on backorder', () => {
    const allocation: Allocation = {
      shipments: [{ key: 's', status: 'shipped', lines: [{ lineId: 'a', quantity: 2 }] }],
      backorder: [{ lineId: 'b', quantity: 1 }],
    };
    expect(fulfilmentStatus(lines, allocation)).toBe('awaiting_stock');
    expect(fulfilmentStatus(lines, { shipments: [], backorder: [{ lineId: 'a', quantity: 2 }, { lineId: 'b', quantity: 1 }] })).toBe(
      'awaiting_stock',
    );
  });

  it('is fulfilled when every unit shipped, and cancelled when the order is', () => {
    const allocation: Allocation = {
      shipments: [
        { key: 's', status: 'shipped', lines: [{ lineId: 'a', quantity: 2 }] },
        { key: 't', status: 'shipped', lines: [{ lineId: 'b', quantity: 1 }] },
      ],
      backorder: [],
    };
    expect(fulfilmentStatus(lines, allocation)).toBe('fulfilled');
    expect(fulfilmentStatus(lines, allocation, { cancelled: true })).toBe('cancelled');
    expect(fulfilmentStatus([{ id: 'x', sku: 'X', name: 'X', quantity: 0 }], { shipments: [], backorder: [] })).toBe('cancelled');
  });

  it('is fulfilled exactly when shipped equals ordered on every line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 9 }), (ordered, shippedRaw) => {
        const shipped = Math.min(shippedRaw, ordered);
        const orderLines = [{ id: 'a', sku: 'A', name: 'A', quantity: ordered }];
        const allocation: Allocation = {
          shipments: shipped > 0 ? [{ key: 's', status: 'shipped', lines: [{ lineId: 'a', quantity: shipped }] }] : [],
          backorder: [],
        };
        const status = fulfilmentStatus(orderLines, allocation);
        expect(status === 'fulfilled').toBe(shipped === ordered);
        expect(status === 'unfulfilled').toBe(shipped === 0);
      }),
    );
  });
});

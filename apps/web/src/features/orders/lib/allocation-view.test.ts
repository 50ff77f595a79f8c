import { describe, expect, it } from 'vitest';
import type { OrderDetail } from '@shipdesk/contract';
import { addShipment, moveQuantity } from '@shipdesk/domain';
import { allocationOf, lineRefs, toRequest, withAllocation } from './allocation-view';

const order: OrderDetail = {
  id: 'o1',
  number: '#1',
  version: 3,
  shop: { id: 's', name: 'Shop', platform: 'shopify' },
  processingMode: 'shipment_level',
  backorderPolicy: 'ask',
  customerName: 'A',
  customerEmail: 'a@example.com',
  shippingAddress: { name: 'A', street: 'S 1', postalCode: '1', city: 'C', country: 'NL' },
  placedAt: '2026-11-20T10:00:00.000Z',
  fulfilmentStatus: 'unfulfilled',
  canUndo: false,
  parcelLimit: null,
  lines: [
    { id: 'a', sku: 'MUG', name: 'Mug', quantity: 3, open: 3, inShipments: 0, shipped: 0, backorder: 0, unitPriceCents: 1, unitWeightGrams: 1, stock: null },
    { id: 'b', sku: 'TEE', name: 'Tee', quantity: 1, open: 1, inShipments: 0, shipped: 0, backorder: 0, unitPriceCents: 1, unitWeightGrams: 1, stock: null },
  ],
  shipments: [],
  backorder: [],
};

describe('allocation view', () => {
  it('previews a save with the same rules the server applies', () => {
    const withDraft = addShipment(allocationOf(order), 'new-1');
    const moved = moveQuantity(lineRefs(order), withDraft, 'a', { kind: 'unassigned' }, { kind: 'shipment', key: 'new-1' }, 2);
    if (!moved.ok) throw new Error(moved.message);
    const backordered = moveQuantity(lineRefs(order), moved.allocation, 'b', { kind: 'unassigned' }, { kind: 'backorder' }, 1);
    if (!backordered.ok) throw new Error(backordered.message);

    const preview = withAllocation(order, backordered.allocation);
    expect(preview.lines.map((l) => [l.open, l.inShipments, l.backorder])).toEqual([
      [1, 2, 0],
      [0, 0, 1],
    ]);
    expect(preview.shipments).toMatchObject([{ id: 'new-1', number: 1, status: 'open', lines: [{ lineId: 'a', quantity: 2 }] }]);
    expect(preview.version).toBe(3);
  });

  it('leaves empty board-only shipments out of the request', () => {
    const allocation = addShipment(addShipment(allocationOf(order), 'new-1'), 'new-2');
    const moved = moveQuantity(lineRefs(order), allocation, 'b', { kind: 'unassigned' }, { kind: 'shipment', key: 'new-2' }, 1);
    if (!moved.ok) throw new Error(moved.message);
    expect(toRequest(moved.allocation)).toEqual({ shipments: [{ key: 'new-2', lines: [{ lineId: 'b', quantity: 1 }] }], backorder: [] });
  });
});

import type { AllocationRequest, OrderDetail } from '@shipdesk/contract';
import {
  backorderQuantity,
  fulfilmentStatus,
  inShipments,
  openQuantity,
  shippedQuantity,
  withoutEmptyShipments,
  type Allocation,
  type OrderLineRef,
} from '@shipdesk/domain';

/** The order's lines as the domain rules see them. */
export const lineRefs = (order: OrderDetail): OrderLineRef[] =>
  order.lines.map((l) => ({ id: l.id, sku: l.sku, name: l.name, quantity: l.quantity }));

/** The order's current split as a domain allocation; shipments are keyed by their id. */
export function allocationOf(order: OrderDetail): Allocation {
  return {
    shipments: order.shipments.map((s) => ({ key: s.id, status: s.status, lines: s.lines })),
    backorder: order.backorder,
  };
}

/** The request body that saves an allocation (empty open shipments are left out). */
export function toRequest(allocation: Allocation): AllocationRequest {
  const clean = withoutEmptyShipments(allocation);
  return {
    shipments: clean.shipments.filter((s) => s.status !== 'cancelled').map((s) => ({ key: s.key, lines: s.lines })),
    backorder: clean.backorder,
  };
}

/**
 * What the order will look like once the allocation is saved: used for the optimistic update.
 * New shipments keep their client key as id until the server answers.
 */
export function withAllocation(order: OrderDetail, allocation: Allocation): OrderDetail {
  const lines = lineRefs(order);
  const clean = withoutEmptyShipments(allocation);
  let nextNumber = Math.max(0, ...order.shipments.map((s) => s.number)) + 1;
  return {
    ...order,
    fulfilmentStatus: order.fulfilmentStatus === 'cancelled' ? 'cancelled' : fulfilmentStatus(lines, clean),
    lines: order.lines.map((line) => ({
      ...line,
      open: openQuantity(line, clean),
      inShipments: inShipments(clean, line.id),
      shipped: shippedQuantity(clean, line.id),
      backorder: backorderQuantity(clean, line.id),
    })),
    shipments: clean.shipments.map((s) => {
      const existing = order.shipments.find((o) => o.id === s.key);
      return existing
        ? { ...existing, lines: s.lines }
        : {
            id: s.key,
            number: nextNumber++,
            status: s.status,
            trackingCode: null,
            carrier: null,
            externalId: null,
            syncStatus: 'not_synced' as const,
            syncError: null,
            label: null,
            lines: s.lines,
            createdAt: new Date().toISOString(),
          };
    }),
    backorder: clean.backorder,
  };
}

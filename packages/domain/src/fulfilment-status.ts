import { backorderQuantity, shippedQuantity, type Allocation, type OrderLineRef } from './allocation';

export const FULFILMENT_STATUSES = ['unfulfilled', 'partially_shipped', 'awaiting_stock', 'fulfilled', 'cancelled'] as const;
export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number];

/**
 * The order's fulfilment status, derived from its lines and allocation:
 * - cancelled: the order was cancelled, or nothing is left to ship on any line;
 * - fulfilled: every ordered unit is in a shipment that has shipped;
 * - awaiting stock: all that has not shipped is on backorder (nothing open, nothing being packed);
 * - partially shipped: some units shipped, others still open or being packed;
 * - unfulfilled: nothing has shipped yet.
 */
export function fulfilmentStatus(
  lines: readonly OrderLineRef[],
  allocation: Allocation,
  options: { cancelled?: boolean } = {},
): FulfilmentStatus {
  const ordered = lines.reduce((sum, line) => sum + line.quantity, 0);
  if (options.cancelled || ordered === 0) return 'cancelled';
  let shipped = 0;
  let backorder = 0;
  for (const line of lines) {
    shipped += shippedQuantity(allocation, line.id);
    backorder += backorderQuantity(allocation, line.id);
  }
  if (shipped >= ordered) return 'fulfilled';
  if (backorder > 0 && shipped + backorder >= ordered) return 'awaiting_stock';
  return shipped > 0 ? 'partially_shipped' : 'unfulfilled';
}

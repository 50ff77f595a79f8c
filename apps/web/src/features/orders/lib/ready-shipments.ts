import type { OrderDetail } from '@shipdesk/contract';

/**
 * The shipments of an order a bulk label run can buy a label for: open, with items, and no label
 * being bought or in use (a failed or cancelled attempt may be tried again).
 */
export function readyShipmentIds(order: Pick<OrderDetail, 'shipments'>): string[] {
  return order.shipments
    .filter(
      (s) =>
        s.status === 'open' &&
        s.lines.some((l) => l.quantity > 0) &&
        (!s.label || s.label.status === 'failed' || s.label.status === 'cancelled'),
    )
    .map((s) => s.id);
}

/** Runs `task` over `items` with at most `limit` at a time, keeping the order of the results. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

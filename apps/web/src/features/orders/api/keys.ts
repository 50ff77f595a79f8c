import type { OrderCountsQuery, OrdersQuery } from '@shipdesk/contract';

/** The orders overview's list: the filters, tab, order and page size, without where a page starts. */
export type OrdersListQuery = Omit<Partial<OrdersQuery>, 'cursor' | 'offset'>;

export const orderKeys = {
  all: ['orders'] as const,
  lists: () => [...orderKeys.all, 'list'] as const,
  list: (query: Partial<OrdersQuery>) => [...orderKeys.lists(), query] as const,
  /** The endless overview: under lists(), so whatever invalidates the lists refreshes it too. */
  infinite: (query: OrdersListQuery) => [...orderKeys.lists(), 'infinite', query] as const,
  /** The status tabs' counts within the filters: under lists(), so they refresh with the lists. */
  counts: (filters: Partial<OrderCountsQuery>) => [...orderKeys.lists(), 'counts', filters] as const,
  details: () => [...orderKeys.all, 'detail'] as const,
  detail: (id: string) => [...orderKeys.details(), id] as const,
};

import { infiniteQueryOptions, keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { OrdersPageSchema, type OrdersQuery } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { orderKeys } from './keys';

export async function getOrders(query: Partial<OrdersQuery>, signal?: AbortSignal) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  return (await apiRequest(`/api/orders?${params}`, OrdersPageSchema, { signal })).data;
}

export const ordersQueryOptions = (query: Partial<OrdersQuery>) =>
  queryOptions({
    queryKey: orderKeys.list(query),
    queryFn: ({ signal }) => getOrders(query, signal),
    placeholderData: keepPreviousData,
  });

export const useOrders = (query: Partial<OrdersQuery>) => useQuery(ordersQueryOptions(query));

export type OrdersListQuery = Omit<Partial<OrdersQuery>, 'cursor'>;

/** Every page of the orders overview so far, one keyset cursor after the other (for the endless list). */
export const ordersInfiniteQueryOptions = (query: OrdersListQuery) =>
  infiniteQueryOptions({
    queryKey: orderKeys.infinite(query),
    queryFn: ({ pageParam, signal }) => getOrders({ ...query, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

export const useInfiniteOrders = (query: OrdersListQuery) => useInfiniteQuery(ordersInfiniteQueryOptions(query));

import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
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

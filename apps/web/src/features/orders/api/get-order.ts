import { queryOptions, useQuery } from '@tanstack/react-query';
import { OrderDetailSchema } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { orderKeys } from './keys';

export async function getOrder(id: string, signal?: AbortSignal) {
  return (await apiRequest(`/api/orders/${encodeURIComponent(id)}`, OrderDetailSchema, { signal })).data;
}

export const orderQueryOptions = (id: string) =>
  queryOptions({
    queryKey: orderKeys.detail(id),
    queryFn: ({ signal }) => getOrder(id, signal),
    // While a shipment waits for its sync with the shop, look again every few seconds.
    refetchInterval: (query) => (query.state.data?.shipments.some((s) => s.syncStatus === 'pending') ? 2000 : false),
  });

export const useOrder = (id: string) => useQuery(orderQueryOptions(id));

import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { BackordersResponseSchema, OrderDetailSchema } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { orderKeys } from './keys';

export const backorderKeys = { all: ['backorders'] as const };

export async function getBackorders(signal?: AbortSignal) {
  return (await apiRequest('/api/backorders', BackordersResponseSchema, { signal })).data;
}

export const backordersQueryOptions = queryOptions({ queryKey: backorderKeys.all, queryFn: ({ signal }) => getBackorders(signal) });
export const useBackorders = () => useQuery(backordersQueryOptions);

export async function releaseBackorder(orderId: string, lineIds?: string[]) {
  return (await apiRequest(`/api/orders/${encodeURIComponent(orderId)}/backorder/release`, OrderDetailSchema, { method: 'POST', body: lineIds ? { lineIds } : {} })).data;
}

/** Stock arrived: the backorder of an order (or some of its lines) becomes a new shipment, ready to pack. */
export function useReleaseBackorder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ orderId, lineIds }: { orderId: string; lineIds?: string[] }) => releaseBackorder(orderId, lineIds),
    onSuccess: (order) => queryClient.setQueryData(orderKeys.detail(order.id), order),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: backorderKeys.all });
      void queryClient.invalidateQueries({ queryKey: orderKeys.lists() });
    },
  });
}

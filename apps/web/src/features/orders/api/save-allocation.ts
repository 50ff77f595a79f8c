import { useMutation, useQueryClient } from '@tanstack/react-query';
import { OrderDetailSchema, type OrderDetail } from '@shipdesk/contract';
import type { Allocation } from '@shipdesk/domain';
import { ApiError, apiRequest } from '../../../lib/api-client';
import { toRequest, withAllocation } from '../lib/allocation-view';
import { orderKeys } from './keys';

export async function saveAllocation(order: Pick<OrderDetail, 'id' | 'version'>, allocation: Allocation) {
  return (
    await apiRequest(`/api/orders/${encodeURIComponent(order.id)}/allocation`, OrderDetailSchema, {
      method: 'PUT',
      body: toRequest(allocation),
      headers: { 'If-Match': `"v${order.version}"` },
    })
  ).data;
}

/**
 * Saves the split of an order. The board shows the new split at once (optimistic update); if the
 * server refuses it, the board rolls back, or on a version conflict shows the current state that
 * the server sent along, and the error says what happened.
 */
export function useSaveAllocation(orderId: string) {
  const queryClient = useQueryClient();
  const key = orderKeys.detail(orderId);
  return useMutation({
    mutationKey: ['save-allocation', orderId],
    mutationFn: ({ order, allocation }: { order: OrderDetail; allocation: Allocation }) => saveAllocation(order, allocation),
    onMutate: async ({ order, allocation }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<OrderDetail>(key);
      queryClient.setQueryData<OrderDetail>(key, withAllocation(order, allocation));
      return { previous };
    },
    onError: (error, _variables, context) => {
      const current = error instanceof ApiError ? OrderDetailSchema.safeParse(error.problem.current) : null;
      if (current?.success) queryClient.setQueryData(key, current.data);
      else if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(key, saved);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: orderKeys.lists() }),
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { OrderDetailSchema, type OrderDetail } from '@shipdesk/contract';
import { ApiError, apiRequest } from '../../../lib/api-client';
import { orderKeys } from './keys';

export async function undoSplit(order: Pick<OrderDetail, 'id' | 'version'>) {
  return (
    await apiRequest(`/api/orders/${encodeURIComponent(order.id)}/undo`, OrderDetailSchema, {
      method: 'POST',
      body: {},
      headers: { 'If-Match': `"v${order.version}"` },
    })
  ).data;
}

/** Puts back the split as it was before the last change (until a label is bought). */
export function useUndoSplit(orderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: undoSplit,
    onSuccess: (order) => queryClient.setQueryData(orderKeys.detail(orderId), order),
    onError: (error) => {
      const current = error instanceof ApiError ? OrderDetailSchema.safeParse(error.problem.current) : null;
      if (current?.success) queryClient.setQueryData(orderKeys.detail(orderId), current.data);
      else void queryClient.invalidateQueries({ queryKey: orderKeys.detail(orderId) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: orderKeys.lists() }),
  });
}

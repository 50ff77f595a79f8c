import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../../../lib/api-client';
import { orderKeys } from '../../orders/api/keys';

export async function retrySync(shipmentId: string) {
  return (await apiRequest(`/api/shipments/${encodeURIComponent(shipmentId)}/sync`, z.object({ ok: z.boolean(), message: z.string() }), { method: 'POST', body: {} })).data;
}

export function useRetrySync(orderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retrySync,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orderKeys.detail(orderId) }),
  });
}

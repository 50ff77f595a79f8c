import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../../../lib/api-client';
import { orderKeys } from '../../orders/api/keys';
import { shipmentKeys } from './keys';

export async function retrySync(shipmentId: string) {
  return (await apiRequest(`/api/shipments/${encodeURIComponent(shipmentId)}/sync`, z.object({ ok: z.boolean(), message: z.string() }), { method: 'POST', body: {} })).data;
}

export function useRetrySync(orderId?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retrySync,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: shipmentKeys.all }),
        orderId ? queryClient.invalidateQueries({ queryKey: orderKeys.detail(orderId) }) : undefined,
      ]);
    },
  });
}

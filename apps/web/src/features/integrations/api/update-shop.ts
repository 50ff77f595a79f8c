import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IntegrationsResponseSchema, type UpdateShopRequest } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { integrationKeys } from './keys';

export async function updateShop(id: string, body: UpdateShopRequest) {
  return (await apiRequest(`/api/integrations/${encodeURIComponent(id)}`, IntegrationsResponseSchema, { method: 'PATCH', body })).data;
}

/** Changes a connected shop's processing mode or backorder policy. */
export function useUpdateShop() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateShopRequest }) => updateShop(id, body),
    onSuccess: (data) => queryClient.setQueryData(integrationKeys.all, data),
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IntegrationsResponseSchema, type ConnectShopRequest } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { orderKeys } from '../../orders/api/keys';
import { integrationKeys } from './keys';

export async function connectShop(body: ConnectShopRequest) {
  return (await apiRequest('/api/integrations', IntegrationsResponseSchema, { method: 'POST', body })).data;
}

export function useConnectShop() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: connectShop,
    onSuccess: (data) => {
      queryClient.setQueryData(integrationKeys.all, data);
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
    },
  });
}

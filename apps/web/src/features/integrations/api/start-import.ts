import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ImportStartedSchema } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { orderKeys } from '../../orders/api/keys';
import { integrationKeys } from './keys';

export async function startImport(integrationId: string) {
  return (await apiRequest(`/api/integrations/${encodeURIComponent(integrationId)}/import`, ImportStartedSchema, { method: 'POST', body: {} })).data;
}

export function useStartImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startImport,
    onSuccess: () => {
      // The import runs in the background; look again shortly.
      setTimeout(() => {
        void queryClient.invalidateQueries({ queryKey: integrationKeys.all });
        void queryClient.invalidateQueries({ queryKey: orderKeys.all });
      }, 1500);
    },
  });
}

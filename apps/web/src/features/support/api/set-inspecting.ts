import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MeSchema, type InspectRequest } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { authKeys } from '../../auth/api/keys';

/** Platform support starts inspecting a merchant (read-only), or stops with `null`. */
export async function setInspecting(merchantId: InspectRequest['merchantId']) {
  const body: InspectRequest = { merchantId };
  return (await apiRequest('/api/support/inspecting', MeSchema, { method: 'PUT', body })).data;
}

export function useSetInspecting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setInspecting,
    onSuccess: (me) => {
      // Every cached answer belongs to the merchant looked at before: forget them all, as logging in does.
      queryClient.clear();
      queryClient.setQueryData(authKeys.me, me);
    },
  });
}

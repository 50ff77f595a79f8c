import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MeSchema, type LoginRequest } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { authKeys } from './keys';

export async function logIn(body: LoginRequest) {
  return (await apiRequest('/api/session', MeSchema, { method: 'POST', body })).data;
}

export function useLogIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logIn,
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(authKeys.me, me);
    },
  });
}

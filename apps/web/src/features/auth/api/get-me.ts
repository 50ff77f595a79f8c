import { queryOptions, useQuery } from '@tanstack/react-query';
import { MeSchema } from '@shipdesk/contract';
import { ApiError, apiRequest } from '../../../lib/api-client';
import { authKeys } from './keys';

export async function getMe(signal?: AbortSignal) {
  return (await apiRequest('/api/me', MeSchema, { signal })).data;
}

export const meQueryOptions = queryOptions({
  queryKey: authKeys.me,
  queryFn: ({ signal }) => getMe(signal),
  retry: (count, error) => !(error instanceof ApiError && error.status === 401) && count < 2,
  staleTime: 60_000,
});

export const useMe = () => useQuery(meQueryOptions);

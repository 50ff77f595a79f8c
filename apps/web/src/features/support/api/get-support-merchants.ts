import { queryOptions, useQuery } from '@tanstack/react-query';
import { SupportMerchantsSchema } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { supportKeys } from './keys';

/** Every merchant, for platform support to pick one to inspect. */
export async function getSupportMerchants(signal?: AbortSignal) {
  return (await apiRequest('/api/support/merchants', SupportMerchantsSchema, { signal })).data;
}

export const supportMerchantsQueryOptions = queryOptions({
  queryKey: supportKeys.merchants,
  queryFn: ({ signal }) => getSupportMerchants(signal),
});

export const useSupportMerchants = (enabled = true) => useQuery({ ...supportMerchantsQueryOptions, enabled });

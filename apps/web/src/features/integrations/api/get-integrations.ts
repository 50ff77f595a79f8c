import { queryOptions, useQuery } from '@tanstack/react-query';
import { IntegrationsResponseSchema } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { integrationKeys } from './keys';

export async function getIntegrations(signal?: AbortSignal) {
  return (await apiRequest('/api/integrations', IntegrationsResponseSchema, { signal })).data;
}

export const integrationsQueryOptions = queryOptions({
  queryKey: integrationKeys.all,
  queryFn: ({ signal }) => getIntegrations(signal),
});

export const useIntegrations = () => useQuery(integrationsQueryOptions);

import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ShipmentsPageSchema, type ShipmentsQuery } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { shipmentKeys } from './keys';

export async function getShipments(query: Partial<ShipmentsQuery>, signal?: AbortSignal) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  return (await apiRequest(`/api/shipments?${params}`, ShipmentsPageSchema, { signal })).data;
}

export const shipmentsQueryOptions = (query: Partial<ShipmentsQuery>) =>
  queryOptions({ queryKey: shipmentKeys.list(query), queryFn: ({ signal }) => getShipments(query, signal), placeholderData: keepPreviousData });

export const useShipments = (query: Partial<ShipmentsQuery>) => useQuery(shipmentsQueryOptions(query));

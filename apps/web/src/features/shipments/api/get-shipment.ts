import { queryOptions, useQuery } from '@tanstack/react-query';
import { ShipmentDetailSchema } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { shipmentKeys } from './keys';

export async function getShipment(id: string, signal?: AbortSignal) {
  return (await apiRequest(`/api/shipments/${encodeURIComponent(id)}`, ShipmentDetailSchema, { signal })).data;
}

export const shipmentQueryOptions = (id: string) =>
  queryOptions({
    queryKey: shipmentKeys.detail(id),
    queryFn: ({ signal }) => getShipment(id, signal),
    refetchInterval: (query) => (query.state.data?.syncStatus === 'pending' ? 2000 : false),
  });

export const useShipment = (id: string) => useQuery(shipmentQueryOptions(id));

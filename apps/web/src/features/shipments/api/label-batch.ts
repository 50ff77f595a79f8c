import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LabelBatchSchema, type StartLabelBatchRequest } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { shipmentKeys } from './keys';

export const batchKey = (id: string) => [...shipmentKeys.all, 'batch', id] as const;

export async function startLabelBatch(body: StartLabelBatchRequest) {
  return (await apiRequest('/api/label-batches', LabelBatchSchema, { method: 'POST', body })).data;
}

export async function getLabelBatch(id: string, signal?: AbortSignal) {
  return (await apiRequest(`/api/label-batches/${encodeURIComponent(id)}`, LabelBatchSchema, { signal })).data;
}

export async function retryLabelBatch(id: string) {
  return (await apiRequest(`/api/label-batches/${encodeURIComponent(id)}/retry`, LabelBatchSchema, { method: 'POST', body: {} })).data;
}

export const labelBatchQueryOptions = (id: string) =>
  queryOptions({
    queryKey: batchKey(id),
    queryFn: ({ signal }) => getLabelBatch(id, signal),
    // Live events refresh it as labels come in; polling is the fallback while work is left.
    refetchInterval: (query) => ((query.state.data?.pending ?? 1) > 0 ? 1500 : false),
  });

export const useLabelBatch = (id: string) => useQuery(labelBatchQueryOptions(id));

export function useStartLabelBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: startLabelBatch,
    onSuccess: (batch) => queryClient.setQueryData(batchKey(batch.id), batch),
  });
}

export function useRetryLabelBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retryLabelBatch,
    onSuccess: (batch) => queryClient.setQueryData(batchKey(batch.id), batch),
  });
}

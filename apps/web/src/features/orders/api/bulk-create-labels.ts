import { useMutation, useQueryClient } from '@tanstack/react-query';
import { batchKey, startLabelBatch } from '../../shipments/api/label-batch';
import { mapLimited, readyShipmentIds } from '../lib/ready-shipments';
import { orderQueryOptions } from './get-order';

/** A label batch holds at most this many shipments (the server's limit). */
export const MAX_BATCH_SHIPMENTS = 500;
/** Orders looked up at most per bulk run: each is one request for its shipments. */
export const MAX_BULK_ORDERS = 500;

export class NoReadyShipmentsError extends Error {
  constructor() {
    super('No ready shipments');
  }
}

/**
 * Buys labels for the ready shipments of the selected orders: looks up each order's shipments,
 * then starts one label batch for the open ones (the shipments page's bulk label run).
 */
export function useBulkCreateLabels() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (orderIds: string[]) => {
      const orders = await mapLimited(orderIds.slice(0, MAX_BULK_ORDERS), 6, (id) =>
        queryClient.fetchQuery({ ...orderQueryOptions(id), staleTime: 0 }),
      );
      const shipmentIds = orders.flatMap(readyShipmentIds);
      if (shipmentIds.length === 0) throw new NoReadyShipmentsError();
      const batch = await startLabelBatch({ shipmentIds: shipmentIds.slice(0, MAX_BATCH_SHIPMENTS), format: 'A6' });
      return { batch, capped: shipmentIds.length > MAX_BATCH_SHIPMENTS };
    },
    onSuccess: ({ batch }) => queryClient.setQueryData(batchKey(batch.id), batch),
  });
}

import { useRef } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LabelSchema, type CreateLabelRequest } from '@shipdesk/contract';
import { z } from 'zod';
import { ApiError, apiRequest } from '../../../lib/api-client';
import { orderKeys } from '../../orders/api/keys';
import { shipmentKeys } from './keys';

export async function createLabel(shipmentId: string, body: CreateLabelRequest, idempotencyKey: string) {
  return (
    await apiRequest(`/api/shipments/${encodeURIComponent(shipmentId)}/label`, LabelSchema, {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    })
  ).data;
}

export async function cancelLabel(shipmentId: string) {
  await apiRequest(`/api/shipments/${encodeURIComponent(shipmentId)}/label`, z.undefined(), { method: 'DELETE' });
}

/**
 * Buys a shipment's label. The Idempotency-Key stays the same until the server has answered, so
 * a retry after a lost connection gets the label bought the first time instead of a second one.
 */
export function useCreateLabel(orderId: string) {
  const queryClient = useQueryClient();
  const keys = useRef(new Map<string, string>());
  return useMutation({
    mutationFn: ({ shipmentId, body }: { shipmentId: string; body: CreateLabelRequest }) => {
      let key = keys.current.get(shipmentId);
      if (!key) {
        key = crypto.randomUUID();
        keys.current.set(shipmentId, key);
      }
      return createLabel(shipmentId, body, key);
    },
    onSettled: (_data, error, { shipmentId }) => {
      if (!(error instanceof ApiError && error.status === 0)) keys.current.delete(shipmentId);
      void queryClient.invalidateQueries({ queryKey: orderKeys.detail(orderId) });
      void queryClient.invalidateQueries({ queryKey: shipmentKeys.all });
    },
  });
}

export function useCancelLabel(orderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelLabel,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: orderKeys.detail(orderId) });
      void queryClient.invalidateQueries({ queryKey: shipmentKeys.all });
    },
  });
}

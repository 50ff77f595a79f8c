import { useMutation, useQueryClient } from '@tanstack/react-query';
import { OrderDetailSchema, type ShipShipmentRequest } from '@shipdesk/contract';
import { apiRequest } from '../../../lib/api-client';
import { orderKeys } from '../../orders/api/keys';

export async function shipShipment(shipmentId: string, body: ShipShipmentRequest) {
  return (await apiRequest(`/api/shipments/${encodeURIComponent(shipmentId)}/ship`, OrderDetailSchema, { method: 'POST', body })).data;
}

export function useShipShipment(orderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ shipmentId, body }: { shipmentId: string; body: ShipShipmentRequest }) => shipShipment(shipmentId, body),
    onSuccess: (order) => {
      queryClient.setQueryData(orderKeys.detail(orderId), order);
      void queryClient.invalidateQueries({ queryKey: orderKeys.lists() });
    },
  });
}

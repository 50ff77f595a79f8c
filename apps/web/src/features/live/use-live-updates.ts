import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { integrationKeys } from '../integrations/api/keys';
import { orderKeys } from '../orders/api/keys';
import { backorderKeys } from '../orders/api/backorders';
import { shipmentKeys } from '../shipments/api/keys';
import { batchKey } from '../shipments/api/label-batch';

type LiveEvent =
  | { type: 'order.updated'; orderId: string }
  | { type: 'shipment.updated'; shipmentId: string; orderId: string }
  | { type: 'orders.imported'; integrationId: string }
  | { type: 'integration.updated'; integrationId: string }
  | { type: 'batch.progress'; batchId: string };

/**
 * Listens to the merchant's Server-Sent Events stream and refreshes what changed (a split saved
 * elsewhere, a webhook import, a sync with the shop), so pages update without a reload. The stream
 * is opened again when the merchant changes (platform support switching the merchant it inspects).
 */
export function useLiveUpdates(enabled: boolean, merchantId?: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events');
    const handle = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LiveEvent;
      switch (event.type) {
        case 'order.updated':
          void queryClient.invalidateQueries({ queryKey: backorderKeys.all });
          void queryClient.invalidateQueries({ queryKey: orderKeys.detail(event.orderId) });
          void queryClient.invalidateQueries({ queryKey: orderKeys.lists() });
          void queryClient.invalidateQueries({ queryKey: shipmentKeys.all });
          break;
        case 'shipment.updated':
          void queryClient.invalidateQueries({ queryKey: shipmentKeys.all });
          void queryClient.invalidateQueries({ queryKey: orderKeys.detail(event.orderId) });
          void queryClient.invalidateQueries({ queryKey: orderKeys.lists() });
          void queryClient.invalidateQueries({ queryKey: integrationKeys.all });
          break;
        case 'batch.progress':
          void queryClient.invalidateQueries({ queryKey: batchKey(event.batchId) });
          break;
        case 'orders.imported':
        case 'integration.updated':
          void queryClient.invalidateQueries({ queryKey: orderKeys.all });
          void queryClient.invalidateQueries({ queryKey: integrationKeys.all });
          break;
      }
    };
    const types: LiveEvent['type'][] = ['order.updated', 'shipment.updated', 'orders.imported', 'integration.updated', 'batch.progress'];
    for (const type of types) source.addEventListener(type, handle);
    return () => source.close();
  }, [enabled, merchantId, queryClient]);
}

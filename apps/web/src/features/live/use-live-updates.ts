import { useEffect } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
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
 * How long the refreshes of a burst of events are gathered before they go out: labels bought for a
 * hundred orders send a hundred events, and each refresh of the orders overview cancels the one
 * still running and asks for its pages again. Gathered, the overview is refreshed at most a few
 * times a second, whatever the number of events.
 */
export const LIVE_REFRESH_MS = 250;

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
    // The keys to refresh, once each, at the end of the burst.
    const pending = new Map<string, QueryKey>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = (...keys: QueryKey[]) => {
      for (const key of keys) pending.set(JSON.stringify(key), key);
      timer ??= setTimeout(() => {
        timer = undefined;
        const keys = [...pending.values()];
        pending.clear();
        for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
      }, LIVE_REFRESH_MS);
    };
    const handle = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LiveEvent;
      switch (event.type) {
        case 'order.updated':
          refresh(backorderKeys.all, orderKeys.detail(event.orderId), orderKeys.lists(), shipmentKeys.all);
          break;
        case 'shipment.updated':
          refresh(shipmentKeys.all, orderKeys.detail(event.orderId), orderKeys.lists(), integrationKeys.all);
          break;
        case 'batch.progress':
          refresh(batchKey(event.batchId));
          break;
        case 'orders.imported':
        case 'integration.updated':
          refresh(orderKeys.all, integrationKeys.all);
          break;
      }
    };
    const types: LiveEvent['type'][] = ['order.updated', 'shipment.updated', 'orders.imported', 'integration.updated', 'batch.progress'];
    for (const type of types) source.addEventListener(type, handle);
    return () => {
      source.close();
      clearTimeout(timer);
    };
  }, [enabled, merchantId, queryClient]);
}

import { ShopError, type ShopConnection, type TrackingInfo } from '../connector';
import type { ShopShipment } from '../types';
import { wooRequest, type WooHttp } from './http';

/**
 * WooCommerce's Order Fulfillments (core, behind the woocommerce_feature_fulfillments_enabled
 * option): developer.woocommerce.com/docs/apis/rest-api/v3/order-fulfillments and, in core,
 * OrderFulfillmentsRestController + Fulfillment. A fulfillment's items are its `_items` meta
 * ([{item_id, qty}]), its tracking the `_tracking_number`, `_shipment_provider` and `_tracking_url`
 * metas; status is `unfulfilled` (draft) or `fulfilled`. When the feature is off the routes are not
 * registered and WordPress answers 404 `rest_no_route`.
 */

export const FULFILLMENT_ITEMS = '_items';
export const TRACKING_KEYS = ['_tracking_number', '_shipment_provider', '_tracking_url'] as const;

export interface WooFulfillmentJson {
  id: number;
  entity_type: string;
  entity_id: string;
  status: string;
  is_fulfilled: boolean;
  date_updated?: string;
  date_deleted?: string | null;
  meta_data: { id?: number; key: string; value: unknown }[];
}

export const fulfillmentsPath = (orderId: string | number) => `/wp-json/wc/v3/orders/${encodeURIComponent(String(orderId))}/fulfillments`;

export function fulfillmentItems(f: WooFulfillmentJson): { item_id: number; qty: number }[] {
  const items = f.meta_data.find((m) => m.key === FULFILLMENT_ITEMS)?.value;
  return Array.isArray(items) ? (items as { item_id?: unknown; qty?: unknown }[]).map((i) => ({ item_id: Number(i.item_id), qty: Number(i.qty) })).filter((i) => i.item_id > 0 && i.qty > 0) : [];
}

export function fulfillmentToShipment(f: WooFulfillmentJson): ShopShipment {
  const code = f.meta_data.find((m) => m.key === '_tracking_number')?.value;
  return {
    externalId: String(f.id),
    trackingCode: typeof code === 'string' && code !== '' ? code : null,
    lines: fulfillmentItems(f).map((i) => ({ lineExternalId: String(i.item_id), quantity: i.qty })),
  };
}

export function trackingMeta(tracking: TrackingInfo): { key: string; value: string }[] {
  return [
    { key: '_tracking_number', value: tracking.number },
    { key: '_shipment_provider', value: tracking.company },
    ...(tracking.url ? [{ key: '_tracking_url', value: tracking.url }] : []),
  ];
}

export async function listFulfillments(http: WooHttp, orderId: string | number): Promise<WooFulfillmentJson[]> {
  const { body } = await wooRequest<WooFulfillmentJson[]>(http, 'GET', fulfillmentsPath(orderId));
  return body.filter((f) => !f.date_deleted);
}

/**
 * Whether the store has Order Fulfillments on. Asks for the fulfillments of order 0: with the
 * feature on, the route exists and the order is refused (404 woocommerce_rest_order_invalid_id);
 * with it off, there is no such route (404 rest_no_route). Other failures are thrown.
 */
export async function probeWooCommerceFulfillments(connection: ShopConnection): Promise<boolean> {
  const http: WooHttp = {
    baseUrl: connection.baseUrl,
    consumerKey: connection.credentials.consumerKey ?? '',
    consumerSecret: connection.credentials.consumerSecret ?? '',
    ...(connection.fetch ? { fetch: connection.fetch } : {}),
  };
  try {
    await wooRequest(http, 'GET', fulfillmentsPath(0));
    return true;
  } catch (error) {
    if (error instanceof ShopError && error.status === 404) {
      const code = (error.options.body as { code?: unknown } | null | undefined)?.code;
      return code !== 'rest_no_route';
    }
    throw error;
  }
}

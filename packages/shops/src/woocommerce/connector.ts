import type { TrackingStatus } from '@shipdesk/domain';
import { ShopError, type ShopCapabilities, type ShopConnection, type ShopConnector, type TrackingInfo } from '../connector';
import type { ShopOrder } from '../types';
import { wooRequest, type WooHttp } from './http';
import { mapWooOrder, weightToGrams, type WooOrderJson, type WooProductJson } from './map-order';
import { verifyWooCommerceWebhook } from './webhook';
import { FULFILLMENT_ITEMS, TRACKING_KEYS, fulfillmentItems, fulfillmentToShipment, fulfillmentsPath, listFulfillments, trackingMeta, type WooFulfillmentJson } from './fulfillments';

/** WooCommerce REST API namespace for orders, notes, products and settings. */
const WC = '/wp-json/wc/v3';
/** The Shipment Tracking extension's namespace (the canonical one for new integrations). */
const ST = '/wp-json/wc-shipment-tracking/v3';
const MAX_PER_PAGE = 100;

const STATUS_TEXT: Record<TrackingStatus, string> = {
  announced: 'announced to the carrier',
  in_transit: 'in transit',
  out_for_delivery: 'out for delivery',
  delivered: 'delivered',
  delivery_failed: 'delivery attempt failed',
  awaiting_pickup: 'waiting at a pickup point',
  returned_to_sender: 'returned to sender',
  cancelled: 'cancelled',
  exception: 'held up (carrier exception)',
};

const required = (credentials: Record<string, string>, name: string): string => {
  const value = credentials[name];
  if (!value) throw new ShopError('woocommerce', `WooCommerce connection is missing the credential "${name}"`, { status: 0, retryable: false });
  return value;
};

/**
 * WooCommerce over its REST API v3. By default at order level: WooCommerce core has no shipments,
 * so tracking goes to the order through the Shipment Tracking extension and the order is
 * completed. With `fulfillments: 'enabled'` in the credentials (a store running core's Order
 * Fulfillments feature; see probeWooCommerceFulfillments) it works at shipment level: a shipment is
 * a fulfillment holding some items with their quantities, and tracking goes to that fulfillment.
 * Parcel statuses become private order notes either way. Credentials: consumerKey, consumerSecret
 * (a REST API key with read/write access), webhookSecret (the secret of the store's order
 * webhooks) and optionally fulfillments ('enabled').
 */
export function createWooCommerceConnector(connection: ShopConnection): ShopConnector {
  const http: WooHttp = {
    baseUrl: connection.baseUrl,
    consumerKey: required(connection.credentials, 'consumerKey'),
    consumerSecret: required(connection.credentials, 'consumerSecret'),
    ...(connection.fetch ? { fetch: connection.fetch } : {}),
  };
  let weightUnit: Promise<string> | undefined;

  const fulfillmentsOn = connection.credentials.fulfillments === 'enabled';
  const capabilities: ShopCapabilities = fulfillmentsOn
    ? { level: 'shipment_level', createsShipments: true, takesStatus: true, holdsBackorder: false }
    : { level: 'order_level', createsShipments: false, takesStatus: true, holdsBackorder: false };

  /** The store's woocommerce_weight_unit, read once per connector. */
  const storeWeightUnit = () => {
    weightUnit ??= wooRequest<{ value?: string }>(http, 'GET', `${WC}/settings/products/woocommerce_weight_unit`)
      .then((r) => r.body.value ?? 'kg')
      .catch((error: unknown) => {
        weightUnit = undefined;
        throw error;
      });
    return weightUnit;
  };

  /** Line weights come from the products (WooCommerce keeps no weight on an order line). */
  async function mapOrders(orders: WooOrderJson[]): Promise<ShopOrder[]> {
    const ids = [...new Set(orders.flatMap((o) => o.line_items.flatMap((l) => [l.product_id, l.variation_id]).filter((id) => id > 0)))];
    const weights = new Map<number, number>();
    if (ids.length > 0) {
      const unit = await storeWeightUnit();
      for (let i = 0; i < ids.length; i += MAX_PER_PAGE) {
        const chunk = ids.slice(i, i + MAX_PER_PAGE);
        const { body } = await wooRequest<WooProductJson[]>(http, 'GET', `${WC}/products`, { query: { include: chunk.join(','), per_page: MAX_PER_PAGE } });
        for (const p of body) weights.set(p.id, weightToGrams(p.weight, unit));
      }
    }
    const mapped = orders.map((o) => mapWooOrder(o, weights));
    if (!fulfillmentsOn) return mapped;
    // With fulfillments, the shipments are the order's fulfillments (one call per order).
    for (const order of mapped) order.shipments = (await listFulfillments(http, order.externalId)).map(fulfillmentToShipment);
    return mapped;
  }

  /** Creates a fulfillment: fulfilled (the customer may be mailed) when it has tracking, else a draft. */
  async function createFulfillment(orderId: string, items: { item_id: number; qty: number }[], tracking: TrackingInfo | undefined, notify: boolean) {
    const { body } = await wooRequest<WooFulfillmentJson>(http, 'POST', fulfillmentsPath(orderId), {
      body: {
        status: tracking ? 'fulfilled' : 'unfulfilled',
        meta_data: [{ key: FULFILLMENT_ITEMS, value: items }, ...(tracking ? trackingMeta(tracking) : [])],
        notify_customer: tracking ? notify : false,
      },
    });
    return body;
  }

  /** Sets a fulfillment's tracking and marks it fulfilled. A PUT with meta_data drops the keys it leaves out, so the others are sent back. */
  async function trackFulfillment(orderId: string, fulfillmentId: string, tracking: TrackingInfo, notify: boolean) {
    const path = `${fulfillmentsPath(orderId)}/${encodeURIComponent(fulfillmentId)}`;
    const { body: current } = await wooRequest<WooFulfillmentJson>(http, 'GET', path);
    const kept = current.meta_data.filter((m) => !(TRACKING_KEYS as readonly string[]).includes(m.key)).map((m) => ({ ...(m.id ? { id: m.id } : {}), key: m.key, value: m.value }));
    await wooRequest(http, 'PUT', path, { body: { status: 'fulfilled', meta_data: [...kept, ...trackingMeta(tracking)], notify_customer: notify } });
  }

  const connector: ShopConnector = {
    platform: 'woocommerce',
    capabilities,

    async listOrders({ updatedSince, cursor, pageSize }) {
      const page = cursor ? Number(cursor) : 1;
      if (!Number.isInteger(page) || page < 1) throw new ShopError('woocommerce', `Invalid WooCommerce page cursor "${cursor}"`, { status: 0, retryable: false });
      const perPage = Math.min(Math.max(pageSize ?? 50, 1), MAX_PER_PAGE);
      const { body, headers } = await wooRequest<WooOrderJson[]>(http, 'GET', `${WC}/orders`, {
        query: {
          page,
          per_page: perPage,
          // Ordered by id, so paging is stable while orders keep changing.
          orderby: 'id',
          order: 'asc',
          ...(updatedSince ? { modified_after: new Date(new Date(updatedSince).getTime() - 1000).toISOString().slice(0, 19), dates_are_gmt: true } : {}),
        },
      });
      const totalPages = Number(headers.get('x-wp-totalpages'));
      const more = Number.isFinite(totalPages) && headers.has('x-wp-totalpages') ? page < totalPages : body.length === perPage;
      return { orders: await mapOrders(body), nextCursor: more ? String(page + 1) : null };
    },

    async getOrder(orderExternalId) {
      try {
        const { body } = await wooRequest<WooOrderJson>(http, 'GET', `${WC}/orders/${encodeURIComponent(orderExternalId)}`);
        const [order] = await mapOrders([body]);
        return order ?? null;
      } catch (error) {
        if (error instanceof ShopError && error.status === 404) return null;
        throw error;
      }
    },

    async createShipment({ orderExternalId, lines, tracking, notifyCustomer }) {
      if (fulfillmentsOn) {
        const items = lines.filter((l) => l.quantity > 0).map((l) => ({ item_id: Number(l.lineExternalId), qty: l.quantity }));
        if (items.length === 0 || items.some((i) => !Number.isInteger(i.item_id))) {
          throw new ShopError('woocommerce', 'A WooCommerce fulfillment needs at least one order line item, by its numeric id', { status: 0, retryable: false });
        }
        const created = await createFulfillment(orderExternalId, items, tracking, notifyCustomer ?? true);
        return { externalId: String(created.id) };
      }
      throw new ShopError(
        'woocommerce',
        'WooCommerce works at order level here: it has no shipments to create. Send the tracking code to the order instead.',
        { status: 0, retryable: false },
      );
    },

    async updateTracking({ orderExternalId, shipmentExternalId, tracking, notifyCustomer }) {
      if (fulfillmentsOn) {
        const notify = notifyCustomer ?? true;
        if (shipmentExternalId) {
          await trackFulfillment(orderExternalId, shipmentExternalId, tracking, notify);
          return;
        }
        // No shipment named: what no fulfillment holds yet becomes one; else the only draft gets the tracking.
        const { body: order } = await wooRequest<WooOrderJson>(http, 'GET', `${WC}/orders/${encodeURIComponent(orderExternalId)}`);
        const existing = await listFulfillments(http, orderExternalId);
        const held = new Map<number, number>();
        for (const f of existing) for (const i of fulfillmentItems(f)) held.set(i.item_id, (held.get(i.item_id) ?? 0) + i.qty);
        const remaining = order.line_items.map((l) => ({ item_id: l.id, qty: l.quantity - (held.get(l.id) ?? 0) })).filter((i) => i.qty > 0);
        if (remaining.length > 0) {
          await createFulfillment(orderExternalId, remaining, tracking, notify);
          return;
        }
        const drafts = existing.filter((f) => !f.is_fulfilled);
        if (drafts.length === 1) {
          await trackFulfillment(orderExternalId, String(drafts[0]!.id), tracking, notify);
          return;
        }
        throw new ShopError('woocommerce', `WooCommerce order ${orderExternalId} has no single open fulfillment to put the tracking on; name the shipment`, { status: 0, retryable: false });
      }
      const id = encodeURIComponent(orderExternalId);
      // Shipment Tracking: a listed provider by name, or a custom one with its own tracking link.
      await wooRequest(http, 'POST', `${ST}/orders/${id}/shipment-trackings`, {
        body: {
          tracking_number: tracking.number,
          date_shipped: new Date().toISOString().slice(0, 10),
          ...(tracking.url ? { custom_tracking_provider: tracking.company, custom_tracking_link: tracking.url } : { tracking_provider: tracking.company }),
        },
      });
      // Completing the order sends the customer WooCommerce's "order completed" mail with the tracking.
      await wooRequest(http, 'PUT', `${WC}/orders/${id}`, { body: { status: 'completed' } });
    },

    async reportStatus({ orderExternalId, status, happenedAt, message }) {
      const when = new Date(happenedAt).toISOString().replace('T', ' ').slice(0, 16);
      await wooRequest(http, 'POST', `${WC}/orders/${encodeURIComponent(orderExternalId)}/notes`, {
        body: { note: `Shipdesk: parcel ${STATUS_TEXT[status]} (${when} UTC)${message ? ` — ${message}` : ''}`, customer_note: false },
      });
    },

    verifyWebhook(rawBody, headers) {
      return verifyWooCommerceWebhook(rawBody, headers, connection.credentials.webhookSecret);
    },
  };
  return connector;
}

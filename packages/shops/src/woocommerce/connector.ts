import type { TrackingStatus } from '@shipdesk/domain';
import { ShopError, type ShopCapabilities, type ShopConnection, type ShopConnector } from '../connector';
import type { ShopOrder } from '../types';
import { wooRequest, type WooHttp } from './http';
import { mapWooOrder, weightToGrams, type WooOrderJson, type WooProductJson } from './map-order';
import { verifyWooCommerceWebhook } from './webhook';

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
 * WooCommerce over its REST API v3, at order level: WooCommerce core has no shipments unless the
 * store runs the (recent, optional) order fulfillments feature, which this connector does not use.
 * Tracking goes to the order through the Shipment Tracking extension, and the order is completed;
 * parcel statuses become private order notes. Credentials: consumerKey, consumerSecret (a REST API
 * key with read/write access) and webhookSecret (the secret of the store's order webhooks).
 */
export function createWooCommerceConnector(connection: ShopConnection): ShopConnector {
  const http: WooHttp = {
    baseUrl: connection.baseUrl,
    consumerKey: required(connection.credentials, 'consumerKey'),
    consumerSecret: required(connection.credentials, 'consumerSecret'),
    ...(connection.fetch ? { fetch: connection.fetch } : {}),
  };
  let weightUnit: Promise<string> | undefined;

  const capabilities: ShopCapabilities = { level: 'order_level', createsShipments: false, takesStatus: true, holdsBackorder: false };

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
    return orders.map((o) => mapWooOrder(o, weights));
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

    async createShipment() {
      throw new ShopError(
        'woocommerce',
        'WooCommerce works at order level here: it has no shipments to create. Send the tracking code to the order instead.',
        { status: 0, retryable: false },
      );
    },

    async updateTracking({ orderExternalId, tracking }) {
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

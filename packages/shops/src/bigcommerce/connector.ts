import { ShopError, type ShopCapabilities, type ShopConnection, type ShopConnector, type TrackingInfo } from '../connector';
import type { ShopOrder } from '../types';
import { BigCommerceClient } from './http';
import {
  mapBigCommerceOrder,
  parseWeightUnit,
  shippableProducts,
  type BcOrderJson,
  type BcOrderProductJson,
  type BcShipmentJson,
  type BcShippingAddressJson,
  type BcWeightUnit,
} from './map-order';
import { BIGCOMMERCE_WEBHOOK_HEADER, verifyBigCommerceWebhook } from './webhook';

/** Orders V2 `limit` maximum. */
const MAX_LIMIT = 250;
const DEFAULT_LIMIT = 50;
/** Order status ids (GET /v2/order_statuses). */
const STATUS_SHIPPED = 2;
const STATUS_COMPLETED = 10;
const NOT_SHIPPABLE = new Set([4, 5, 6]);

/**
 * BigCommerce tracking carriers are AfterShip courier slugs (the list BigCommerce publishes as a
 * CSV). A carrier not in this table is sent with an empty tracking_carrier and its name as
 * shipping_method, plus the tracking URL as tracking_link when there is one.
 */
export function bigCommerceTrackingCarrier(company: string): string {
  const c = company.trim().toLowerCase();
  if (/^postnl/.test(c)) return /international|globalpack/.test(c) ? 'postnl-international' : 'postnl';
  if (/^dhl\s*(parcel|benelux|nl)/.test(c)) return 'dhl-benelux';
  if (/^(dhl\s*(paket|de|germany)|deutsche post)/.test(c)) return 'dhl-germany';
  if (/^dhl/.test(c)) return 'dhl';
  if (/^ups\b/.test(c)) return 'ups';
  if (/^fedex/.test(c)) return 'fedex';
  if (/^usps\b/.test(c)) return 'usps';
  if (/^dpd\b/.test(c)) return 'dpd';
  if (/^gls\b/.test(c)) return 'gls';
  if (/^bpost\b/.test(c)) return 'bpost';
  if (/^royal\s*mail/.test(c)) return 'royal-mail';
  if (/^colissimo/.test(c)) return 'colissimo';
  return '';
}

const trackingFields = (tracking: TrackingInfo) => ({
  tracking_number: tracking.number,
  // Empty rather than absent: an absent shipping_provider becomes "custom", which gets no tracking link.
  shipping_provider: '',
  tracking_carrier: bigCommerceTrackingCarrier(tracking.company),
  shipping_method: tracking.company,
  ...(tracking.url ? { tracking_link: tracking.url } : {}),
});

interface ListCursor {
  page: number;
  since?: string;
}

const encodeCursor = (cursor: ListCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(cursor: string): ListCursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as ListCursor;
    if (typeof value.page === 'number' && Number.isInteger(value.page) && value.page >= 1) return value;
  } catch {
    // fall through
  }
  throw new ShopError('bigcommerce', `Not a BigCommerce order-list cursor: ${cursor}`, { status: 400, retryable: false });
}

const isId = (id: string) => /^\d+$/.test(id);

const required = (credentials: Record<string, string>, name: string, hint: string): string => {
  const value = credentials[name];
  if (!value) throw new ShopError('bigcommerce', `The BigCommerce connection has no ${name}: ${hint}`, { status: 401, retryable: false });
  return value;
};

/**
 * BigCommerce over its REST Management API (Orders V2, Webhooks V3), at shipment level: a Shipdesk
 * shipment is a BigCommerce order shipment with its items, quantities and tracking number. The base
 * URL includes the store hash (`https://api.bigcommerce.com/stores/{store_hash}`). Credentials:
 * accessToken (API account access token), webhookSecret (the value of the custom header Shipdesk
 * registers its hooks with), webhookHeader (optional, default X-Shipdesk-Webhook-Secret),
 * weightUnit (optional: skips GET /v2/store). See README.md.
 */
export function createBigCommerceConnector(connection: ShopConnection): ShopConnector {
  const client = new BigCommerceClient({
    baseUrl: connection.baseUrl,
    // Checked on the first call rather than here, so a connection with a missing token is still a
    // connector that answers with a clear, non-retryable ShopError.
    accessToken: connection.credentials.accessToken ?? '',
    ...(connection.fetch ? { fetch: connection.fetch } : {}),
    sleep: connection.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  });
  let weightUnit: Promise<BcWeightUnit> | null = null;

  function storeWeightUnit(): Promise<BcWeightUnit> {
    const configured = connection.credentials.weightUnit;
    if (configured) return Promise.resolve(parseWeightUnit(configured));
    weightUnit ??= client
      .request<{ weight_units?: string }>('GET', '/v2/store')
      .then((info) => parseWeightUnit(info?.weight_units))
      .catch((error: unknown) => {
        weightUnit = null;
        throw error;
      });
    return weightUnit;
  }

  const notFound = (what: string) => new ShopError('bigcommerce', `BigCommerce has no ${what}.`, { status: 404, retryable: false });

  async function fetchOrder(orderExternalId: string): Promise<BcOrderJson | null> {
    if (!isId(orderExternalId)) return null;
    try {
      return await client.request<BcOrderJson>('GET', `/v2/orders/${orderExternalId}`);
    } catch (error) {
      if (error instanceof ShopError && error.status === 404) return null;
      throw error;
    }
  }

  const productsOf = (orderId: number) => client.all<BcOrderProductJson>(`/v2/orders/${orderId}/products`);
  const shipmentsOf = (orderId: number) => client.all<BcShipmentJson>(`/v2/orders/${orderId}/shipments`);

  // One call after the other, so each answer's rate-limit headers govern the next call.
  async function complete(order: BcOrderJson, unit: BcWeightUnit): Promise<ShopOrder> {
    const products = await productsOf(order.id);
    const addresses = await client.all<BcShippingAddressJson>(`/v2/orders/${order.id}/shipping_addresses`);
    const shipments = await shipmentsOf(order.id);
    return mapBigCommerceOrder(order, products, addresses, shipments, unit);
  }

  async function requireOrder(orderExternalId: string): Promise<BcOrderJson> {
    const order = await fetchOrder(orderExternalId);
    if (!order) throw notFound(`order ${orderExternalId}`);
    return order;
  }

  /** The shipment named, or the order's only shipment; BigCommerce keeps tracking per shipment. */
  async function resolveShipment(orderExternalId: string, shipmentExternalId: string | undefined): Promise<BcShipmentJson> {
    if (!isId(orderExternalId)) throw notFound(`order ${orderExternalId}`);
    if (shipmentExternalId) {
      if (!isId(shipmentExternalId)) throw notFound(`shipment ${shipmentExternalId} on order ${orderExternalId}`);
      try {
        const shipment = await client.request<BcShipmentJson>('GET', `/v2/orders/${orderExternalId}/shipments/${shipmentExternalId}`);
        if (shipment) return shipment;
      } catch (error) {
        if (!(error instanceof ShopError && error.status === 404)) throw error;
      }
      throw notFound(`shipment ${shipmentExternalId} on order ${orderExternalId}`);
    }
    const shipments = await shipmentsOf(Number(orderExternalId));
    if (shipments.length !== 1) {
      throw new ShopError('bigcommerce', `BigCommerce keeps tracking per shipment, and order ${orderExternalId} has ${shipments.length} shipments: say which one.`, { status: 400, retryable: false });
    }
    return shipments[0]!;
  }

  const capabilities: ShopCapabilities = { level: 'shipment_level', createsShipments: true, takesStatus: true, holdsBackorder: false };

  return {
    platform: 'bigcommerce',
    capabilities,

    async listOrders(params) {
      const cursor = params.cursor ? decodeCursor(params.cursor) : { page: 1, ...(params.updatedSince ? { since: params.updatedSince } : {}) };
      const limit = Math.min(Math.max(Math.floor(params.pageSize ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
      // Sorted on id, not date_modified: an order changed while we page keeps its place, so no
      // page boundary skips one. The next poll starts from the newest date_modified seen.
      const orders =
        (await client.request<BcOrderJson[]>('GET', '/v2/orders', {
          query: { page: cursor.page, limit, sort: 'id:asc', ...(cursor.since ? { min_date_modified: new Date(cursor.since).toISOString() } : {}) },
        })) ?? [];
      const unit = orders.length ? await storeWeightUnit() : 'kgs';
      const mapped: ShopOrder[] = [];
      for (const order of orders) mapped.push(await complete(order, unit));
      return { orders: mapped, nextCursor: orders.length === limit ? encodeCursor({ ...cursor, page: cursor.page + 1 }) : null };
    },

    async getOrder(orderExternalId) {
      const order = await fetchOrder(orderExternalId);
      if (!order) return null;
      return complete(order, await storeWeightUnit());
    },

    async createShipment(input) {
      const order = await requireOrder(input.orderExternalId);
      if (NOT_SHIPPABLE.has(order.status_id)) {
        throw new ShopError('bigcommerce', `BigCommerce order ${order.id} is ${order.status ?? `in status ${order.status_id}`}: nothing can be shipped.`, { status: 400, retryable: false });
      }
      if (input.lines.length === 0) throw new ShopError('bigcommerce', 'A shipment needs at least one line.', { status: 400, retryable: false });
      const products = await productsOf(order.id);
      const shipments = await shipmentsOf(order.id);
      // A retry after a lost answer (or a crash before the id was saved) must not ship twice:
      // a shipment with this tracking number on the order is the one made before.
      if (input.tracking) {
        const existing = shipments.find((s) => s.tracking_number === input.tracking!.number);
        if (existing) return { externalId: String(existing.id) };
      }
      const byId = new Map(shippableProducts(products).map((p) => [String(p.id), p]));
      const wanted = new Map<string, number>();
      for (const line of input.lines) {
        const product = byId.get(line.lineExternalId);
        if (!product) throw new ShopError('bigcommerce', `Order product ${line.lineExternalId} is not a shippable line of BigCommerce order ${order.id}.`, { status: 400, retryable: false });
        if (!Number.isInteger(line.quantity) || line.quantity < 1) throw new ShopError('bigcommerce', `The quantity to ship of ${product.sku} must be a whole number of at least 1.`, { status: 400, retryable: false });
        wanted.set(line.lineExternalId, (wanted.get(line.lineExternalId) ?? 0) + line.quantity);
      }
      const addresses = new Set([...wanted.keys()].map((id) => byId.get(id)!.order_address_id));
      if (addresses.size !== 1) {
        throw new ShopError('bigcommerce', `BigCommerce makes a shipment per shipping address, and these lines of order ${order.id} go to ${addresses.size} addresses: split the shipment per address.`, { status: 400, retryable: false });
      }
      for (const [id, quantity] of wanted) {
        const product = byId.get(id)!;
        const open = product.quantity - product.quantity_shipped - (product.quantity_refunded ?? 0);
        if (quantity > open) {
          throw new ShopError('bigcommerce', `Cannot ship ${quantity} × ${product.sku} of BigCommerce order ${order.id}: only ${Math.max(0, open)} left to ship.`, {
            status: 400,
            retryable: false,
            body: { orderProductId: product.id, asked: quantity, open },
          });
        }
      }
      const created = await client.request<BcShipmentJson>('POST', `/v2/orders/${order.id}/shipments`, {
        body: {
          order_address_id: [...addresses][0],
          items: [...wanted].map(([id, quantity]) => ({ order_product_id: Number(id), quantity })),
          ...(input.tracking ? trackingFields(input.tracking) : { shipping_provider: '' }),
        },
      });
      if (!created || typeof created.id !== 'number') {
        throw new ShopError('bigcommerce', `BigCommerce answered the shipment of order ${order.id} without an id.`, { status: 200, retryable: false, body: created });
      }
      const shipped = new Map((created.items ?? []).map((i) => [String(i.order_product_id), i.quantity]));
      const differs = [...wanted].filter(([id, qty]) => shipped.get(id) !== qty);
      if (differs.length) {
        throw new ShopError('bigcommerce', `BigCommerce created shipment ${created.id} with other quantities than asked (${differs.map(([id, qty]) => `order product ${id}: asked ${qty}, shipped ${shipped.get(id) ?? 0}`).join('; ')}).`, {
          status: 409,
          retryable: false,
          body: { shipmentId: created.id },
        });
      }
      return { externalId: String(created.id) };
    },

    async updateTracking({ orderExternalId, shipmentExternalId, tracking }) {
      const shipment = await resolveShipment(orderExternalId, shipmentExternalId);
      const fields = trackingFields(tracking);
      if (shipment.tracking_number === fields.tracking_number && (shipment.tracking_carrier ?? '') === fields.tracking_carrier && (!tracking.url || shipment.tracking_link === tracking.url)) return;
      await client.request('PUT', `/v2/orders/${orderExternalId}/shipments/${shipment.id}`, { body: fields });
    },

    async reportStatus({ orderExternalId, shipmentExternalId, status }) {
      // BigCommerce has no status per shipment, only the order's status_id, which the shipments
      // themselves move to Shipped / Partially Shipped. The one parcel status that can go further
      // without guessing: the order's only shipment, with every item shipped, was delivered →
      // Completed ("order has been shipped/picked up, and receipt is confirmed").
      if (status !== 'delivered') return;
      const order = await requireOrder(orderExternalId);
      if (order.status_id !== STATUS_SHIPPED) return;
      const shipments = await shipmentsOf(order.id);
      if (shipments.length !== 1 || (shipmentExternalId && String(shipments[0]!.id) !== shipmentExternalId)) return;
      await client.request('PUT', `/v2/orders/${order.id}`, { body: { status_id: STATUS_COMPLETED } });
    },

    verifyWebhook(rawBody, headers) {
      return verifyBigCommerceWebhook(rawBody, headers, connection.credentials.webhookSecret, connection.credentials.webhookHeader || BIGCOMMERCE_WEBHOOK_HEADER);
    },
  };
}

/**
 * Registers Shipdesk's hooks on a store (POST /v3/hooks) for `store/order/*`, each with the secret
 * custom header that verifyWebhook checks; a hook already registered for that scope and destination
 * is updated (PUT /v3/hooks/{id}) instead of made twice. Returns the hook ids.
 */
export async function registerBigCommerceWebhooks(connection: ShopConnection, destination: string, scopes: string[] = ['store/order/*']): Promise<number[]> {
  const secret = required(connection.credentials, 'webhookSecret', 'choose a long random value; BigCommerce sends it back as a header with every delivery.');
  const client = new BigCommerceClient({
    baseUrl: connection.baseUrl,
    accessToken: required(connection.credentials, 'accessToken', 'the API account access token is needed to register webhooks.'),
    ...(connection.fetch ? { fetch: connection.fetch } : {}),
    sleep: connection.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  });
  const headers = { [connection.credentials.webhookHeader || BIGCOMMERCE_WEBHOOK_HEADER]: secret };
  type Hook = { id: number; scope: string; destination: string };
  const existing = (await client.request<{ data: Hook[] }>('GET', '/v3/hooks'))?.data ?? [];
  const ids: number[] = [];
  for (const scope of scopes) {
    const found = existing.find((h) => h.scope === scope && h.destination === destination);
    const body = { scope, destination, is_active: true, headers };
    const saved = found ? await client.request<{ data: Hook }>('PUT', `/v3/hooks/${found.id}`, { body }) : await client.request<{ data: Hook }>('POST', '/v3/hooks', { body });
    if (saved) ids.push(saved.data.id);
  }
  return ids;
}

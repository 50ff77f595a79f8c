import express, { type NextFunction, type Request, type Response } from 'express';
import { demoOrders, type DemoOrder } from '../seed';
import type { SandboxPlatform } from '../server';
import { BigCommerceRateLimiter } from './rate-limit';
import { BIGCOMMERCE_ORDER_STATUSES, BigCommerceStore, bcDate, bcDecimal, type BcOrder, type BcOrderProduct, type BcShipment, type BcShippingAddress } from './store';
import { BigCommerceWebhookSender } from './webhooks';

/**
 * A stand-in for BigCommerce's REST Management API, the part a shipping integration uses, written
 * from developer.bigcommerce.com ("Orders V2" reference: Orders, Order Products, Order Shipping
 * Addresses, Order Shipments, Order Status; "Orders Overview"; "API rate limits"; "API status
 * codes"; "Webhooks Overview" and the Webhooks v3 reference). The real base URL is
 * `https://api.bigcommerce.com/stores/{store_hash}`; here it is `<sandbox>/bigcommerce/stores/{store_hash}`.
 *
 *   GET  /v2/store                                  store information (weight_units)
 *   GET  /v2/orders                                 page, limit (≤ 250, else 413), sort (field:asc|desc),
 *                                                   min_/max_date_modified, min_/max_date_created
 *                                                   (RFC 2822 or ISO 8601), min_id, max_id, status_id;
 *                                                   204 No Content when nothing matches
 *   GET  /v2/orders/{id}                            404 when unknown
 *   PUT  /v2/orders/{id}                            {status_id}
 *   GET  /v2/orders/{id}/products                   page, limit
 *   GET  /v2/orders/{id}/shipping_addresses         page, limit
 *   GET  /v2/orders/{id}/shipments                  page, limit; 204 when there are none
 *   POST /v2/orders/{id}/shipments                  {order_address_id, items:[{order_product_id, quantity}],
 *                                                   tracking_number, shipping_provider, tracking_carrier,
 *                                                   tracking_link, shipping_method, comments} → 201
 *   GET|PUT|DELETE /v2/orders/{id}/shipments/{sid}
 *   GET|POST /v3/hooks, GET|PUT|DELETE /v3/hooks/{id}
 *
 * Auth is the API account's access token in `X-Auth-Token` (401 without it or with a wrong one).
 * V2 errors are an array `[{"status": 400, "message": "…"}]`; V3 errors an object
 * `{"status", "title", "type", "errors"}`. Every answer carries the rate-limit headers; a used-up
 * quota answers 429 until the window resets. A shipment refuses more than ordered − shipped −
 * refunded per order product, and moves the order to Shipped (2) or Partially Shipped (3).
 * Changes fire `store/order/updated`, `store/order/statusUpdated`, `store/shipment/created` and
 * `store/shipment/updated` to the hooks registered for them, with the hooks' custom headers.
 * Error messages are the sandbox's own wording in BigCommerce's shape, not copied verbatim.
 * Test hooks under /__sandbox (no auth, no quota): change an order, use up the quota.
 */

export interface BigCommerceSandboxOptions {
  storeHash?: string;
  accessToken?: string;
  /** The API account's client id (shown on hooks). */
  clientId?: string;
  /** Requests per window and the window's length. Default 150 per 30 s (Standard and Plus plans). */
  rateLimit?: { quota: number; windowMs: number };
  weightUnit?: 'kgs' | 'lbs';
  orders?: DemoOrder[];
  now?: () => number;
}

/** The shipping providers "Create Order Shipment" accepts (`carrier_{id}` for third-party providers too). */
const SHIPPING_PROVIDERS = new Set(['', 'auspost', 'canadapost', 'endicia', 'usps', 'fedex', 'royalmail', 'ups', 'upsready', 'upsonline', 'shipperhq', 'custom']);

/** A part of the tracking-carrier list (AfterShip courier slugs) BigCommerce publishes as a CSV. */
export const BIGCOMMERCE_TRACKING_CARRIERS: Record<string, { name: string; link: string }> = {
  postnl: { name: 'PostNL', link: 'https://postnl.nl/tracktrace/?B=%s' },
  'postnl-international': { name: 'PostNL International', link: 'https://postnl.nl/tracktrace/?B=%s' },
  'dhl-benelux': { name: 'DHL Parcel NL', link: 'https://www.dhlparcel.nl/en/consumer/track-and-trace?tt=%s' },
  dhl: { name: 'DHL Express', link: 'https://www.dhl.com/en/express/tracking.html?AWB=%s' },
  'dhl-germany': { name: 'Deutsche Post DHL', link: 'https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=%s' },
  ups: { name: 'UPS', link: 'https://www.ups.com/track?tracknum=%s' },
  fedex: { name: 'FedEx', link: 'https://www.fedex.com/fedextrack/?trknbr=%s' },
  usps: { name: 'USPS', link: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=%s' },
  dpd: { name: 'DPD', link: 'https://tracking.dpd.de/parcelstatus?query=%s' },
  gls: { name: 'GLS', link: 'https://gls-group.com/track/%s' },
  bpost: { name: 'bpost', link: 'https://track.bpost.cloud/btr/web/#/search?itemCode=%s' },
  'royal-mail': { name: 'Royal Mail', link: 'https://www.royalmail.com/track-your-item#/tracking-results/%s' },
  colissimo: { name: 'Colissimo', link: 'https://www.laposte.fr/outils/suivre-vos-envois?code=%s' },
};

class BcError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly v3?: { title: string; errors?: Record<string, string> },
  ) {
    super(message);
  }
}

const STATUS_DOCS = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

export class BigCommerceSandboxState {
  constructor(
    readonly store: BigCommerceStore,
    readonly webhooks: BigCommerceWebhookSender,
    readonly rateLimiter: BigCommerceRateLimiter,
    private readonly now: () => number,
  ) {}

  order(id: number | string): BcOrder {
    const order = this.store.orders.get(Number(id));
    if (!order) throw new Error(`The BigCommerce sandbox has no order ${id}`);
    return order;
  }

  /** Changes an order as a merchant would in the control panel: bumps date_modified, fires store/order/updated. */
  changeOrder(id: number | string, change?: (order: BcOrder) => void): BcOrder {
    const order = this.order(id);
    change?.(order);
    order.date_modified = this.now();
    this.webhooks.send('store/order/updated', { type: 'order', id: order.id });
    return order;
  }
}

export function bigcommerceSandbox(options: BigCommerceSandboxOptions = {}): SandboxPlatform & { state: BigCommerceSandboxState } {
  const storeHash = options.storeHash ?? 'sbx1bc';
  const accessToken = options.accessToken ?? 'bc_sandbox_token';
  const now = options.now ?? Date.now;
  const store = new BigCommerceStore(options.weightUnit ?? 'kgs');
  const demo = options.orders ?? demoOrders('BC', 30, 5);
  [...demo].reverse().forEach((order) => store.addDemoOrder(order, new Date(order.placedAt).getTime()));
  const limits = options.rateLimit ?? { quota: 150, windowMs: 30_000 };
  const rateLimiter = new BigCommerceRateLimiter(limits.quota, limits.windowMs, now);
  const webhooks = new BigCommerceWebhookSender({ storeHash, storeId: '1001234', clientId: options.clientId ?? 'bc-sandbox-client', now });
  const state = new BigCommerceSandboxState(store, webhooks, rateLimiter, now);

  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  // ---- test hooks -------------------------------------------------------------------------------
  router.post('/__sandbox/orders/:id/change', (req, res) => {
    try {
      res.json({ id: state.changeOrder(String(req.params.id)).id });
    } catch (error) {
      res.status(404).json({ error: error instanceof Error ? error.message : String(error) });
    }
  });
  router.post('/__sandbox/rate-limit/exhaust', (_req, res) => {
    rateLimiter.exhaust();
    res.status(204).end();
  });

  // ---- plumbing ---------------------------------------------------------------------------------
  const apiRoot = (req: Request) => `${req.protocol}://${req.get('host')}${req.baseUrl}`;
  const isV3 = (req: Request) => req.path.startsWith('/v3/');

  const sendError = (req: Request, res: Response, error: BcError) => {
    if (isV3(req)) {
      res.status(error.status).json({ status: error.status, title: error.v3?.title ?? error.message, type: STATUS_DOCS, errors: error.v3?.errors ?? {} });
    } else {
      res.status(error.status).json([{ status: error.status, message: error.message }]);
    }
  };

  type Handler = (req: Request, res: Response) => void;
  const handle =
    (fn: Handler) =>
    (req: Request, res: Response): void => {
      try {
        fn(req, res);
      } catch (error) {
        if (error instanceof BcError) sendError(req, res, error);
        else res.status(500).json([{ status: 500, message: error instanceof Error ? error.message : String(error) }]);
      }
    };

  const api = express.Router({ mergeParams: true });

  api.use((req: Request, res: Response, next: NextFunction) => {
    if (req.params.hash !== storeHash) return sendError(req, res, new BcError(404, 'The requested resource was not found.', { title: 'Store not found' }));
    const token = req.get('x-auth-token');
    if (!token) return sendError(req, res, new BcError(401, 'No credentials were supplied in the request.', { title: 'Unauthorized' }));
    if (token !== accessToken) return sendError(req, res, new BcError(401, 'The access token supplied is invalid.', { title: 'Unauthorized' }));
    const allowed = rateLimiter.take();
    res.set(rateLimiter.headers());
    if (!allowed) {
      return sendError(req, res, new BcError(429, 'You have exceeded your request quota; wait for X-Rate-Limit-Time-Reset-Ms.', { title: 'Too many requests' }));
    }
    next();
  });

  const intQuery = (req: Request, name: string, fallback: number, min = 1): number => {
    const raw = req.query[name];
    if (raw === undefined || raw === '') return fallback;
    if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < min) throw new BcError(400, `The field '${name}' is invalid.`);
    return Number(raw);
  };

  const dateQuery = (req: Request, name: string): number | undefined => {
    const raw = req.query[name];
    if (raw === undefined || raw === '') return undefined;
    const ms = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
    if (Number.isNaN(ms)) throw new BcError(400, `The field '${name}' is invalid: use an RFC 2822 or ISO 8601 date.`);
    return ms;
  };

  /** page / limit of a V2 collection; limit above 250 is 413 as the status-code page says. */
  const pageOf = <T>(req: Request, rows: T[], defaultLimit = 50): T[] => {
    const page = intQuery(req, 'page', 1);
    const limit = intQuery(req, 'limit', defaultLimit);
    if (limit > 250) throw new BcError(413, 'The limit parameter exceeds the maximum of 250.');
    return rows.slice((page - 1) * limit, page * limit);
  };

  /** V2 answers an empty collection with 204 No Content. */
  const sendList = (res: Response, rows: unknown[]) => {
    if (rows.length === 0) res.status(204).end();
    else res.json(rows);
  };

  const findOrder = (id: unknown): BcOrder => {
    const order = typeof id === 'string' && /^\d+$/.test(id) ? store.orders.get(Number(id)) : undefined;
    if (!order || order.is_deleted) throw new BcError(404, 'The requested resource was not found.');
    return order;
  };

  const renderAddress = (order: BcOrder, a: BcShippingAddress) => {
    const products = order.products.filter((p) => p.order_address_id === a.id);
    const { shipping_method, ...address } = a;
    return {
      ...address,
      items_total: products.reduce((s, p) => s + p.quantity, 0),
      items_shipped: products.reduce((s, p) => s + p.quantity_shipped, 0),
      shipping_method,
      base_cost: '4.9500',
      cost_ex_tax: '4.9500',
      cost_inc_tax: '4.9500',
      cost_tax: '0.0000',
      shipping_zone_id: 1,
      shipping_zone_name: 'Europe',
      shipping_quotes: { url: '', resource: '' },
    };
  };

  const renderProduct = (p: BcOrderProduct) => ({
    id: p.id,
    order_id: p.order_id,
    product_id: p.product_id,
    variant_id: p.product_id * 10,
    order_address_id: p.order_address_id,
    name: p.name,
    sku: p.sku,
    type: p.type,
    base_price: bcDecimal(p.priceCents / 100),
    price_ex_tax: bcDecimal(p.priceCents / 100),
    price_inc_tax: bcDecimal(p.priceCents / 100),
    price_tax: '0.0000',
    total_ex_tax: bcDecimal((p.priceCents * p.quantity) / 100),
    total_inc_tax: bcDecimal((p.priceCents * p.quantity) / 100),
    weight: bcDecimal(p.weight),
    quantity: p.quantity,
    quantity_shipped: p.quantity_shipped,
    quantity_refunded: p.quantity_refunded,
    is_refunded: p.quantity_refunded > 0 && p.quantity_refunded >= p.quantity,
    parent_order_product_id: null,
    product_options: [],
  });

  const renderOrder = (req: Request, order: BcOrder) => {
    const total = order.products.reduce((s, p) => s + p.priceCents * p.quantity, 0) / 100;
    const root = apiRoot(req);
    return {
      id: order.id,
      customer_id: order.customer_id,
      date_created: bcDate(order.date_created),
      date_modified: bcDate(order.date_modified),
      date_shipped: order.date_shipped === null ? '' : bcDate(order.date_shipped),
      status_id: order.status_id,
      status: BIGCOMMERCE_ORDER_STATUSES[order.status_id] ?? 'Unknown',
      custom_status: BIGCOMMERCE_ORDER_STATUSES[order.status_id] ?? 'Unknown',
      subtotal_ex_tax: bcDecimal(total),
      subtotal_inc_tax: bcDecimal(total),
      shipping_cost_inc_tax: '4.9500',
      total_ex_tax: bcDecimal(total + 4.95),
      total_inc_tax: bcDecimal(total + 4.95),
      items_total: order.products.reduce((s, p) => s + p.quantity, 0),
      items_shipped: order.products.reduce((s, p) => s + p.quantity_shipped, 0),
      payment_method: 'Credit Card',
      payment_status: 'captured',
      currency_code: order.currency_code,
      order_source: 'www',
      channel_id: 1,
      external_source: null,
      is_deleted: order.is_deleted,
      billing_address: order.billing_address,
      products: { url: `${root}/v2/orders/${order.id}/products`, resource: `/orders/${order.id}/products` },
      shipping_addresses: { url: `${root}/v2/orders/${order.id}/shipping_addresses`, resource: `/orders/${order.id}/shipping_addresses` },
      coupons: { url: `${root}/v2/orders/${order.id}/coupons`, resource: `/orders/${order.id}/coupons` },
    };
  };

  const renderShipment = (order: BcOrder, s: BcShipment) => {
    const carrier = BIGCOMMERCE_TRACKING_CARRIERS[s.tracking_carrier];
    const address = order.shippingAddresses.find((a) => a.id === s.order_address_id);
    const { email: _email, ...shippingAddress } = address ?? order.billing_address;
    return {
      id: s.id,
      order_id: s.order_id,
      customer_id: order.customer_id,
      order_address_id: s.order_address_id,
      date_created: bcDate(s.date_created),
      tracking_number: s.tracking_number,
      merchant_shipping_cost: '0.0000',
      shipping_method: s.shipping_method,
      shipping_provider: s.shipping_provider,
      tracking_carrier: s.tracking_carrier,
      tracking_link: s.tracking_link,
      generated_tracking_link: !s.tracking_link && carrier && s.tracking_number ? carrier.link.replace('%s', encodeURIComponent(s.tracking_number)) : '',
      comments: s.comments,
      billing_address: order.billing_address,
      shipping_address: shippingAddress,
      items: s.items.map((i) => ({ ...i })),
      shipping_provider_display_name: carrier?.name ?? (s.shipping_provider || 'Custom'),
    };
  };

  const str = (body: Record<string, unknown>, name: string, max = 65535): string | undefined => {
    const value = body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.length > max) throw new BcError(400, `The field '${name}' is invalid.`);
    return value;
  };

  const trackingFields = (body: Record<string, unknown>) => {
    const tracking_number = str(body, 'tracking_number', 50);
    const shipping_provider = str(body, 'shipping_provider');
    if (shipping_provider !== undefined && !SHIPPING_PROVIDERS.has(shipping_provider) && !/^carrier_\d+$/.test(shipping_provider)) {
      throw new BcError(400, `The field 'shipping_provider' is invalid: '${shipping_provider}' is not a shipping provider of this store.`);
    }
    const tracking_carrier = str(body, 'tracking_carrier');
    if (tracking_carrier !== undefined && tracking_carrier !== '' && !BIGCOMMERCE_TRACKING_CARRIERS[tracking_carrier]) {
      throw new BcError(400, `The field 'tracking_carrier' is invalid: '${tracking_carrier}' is not a known tracking carrier.`);
    }
    const tracking_link = str(body, 'tracking_link');
    if (tracking_link && !/^https?:\/\//.test(tracking_link)) throw new BcError(400, `The field 'tracking_link' is invalid.`);
    return { tracking_number, shipping_provider, tracking_carrier, tracking_link, shipping_method: str(body, 'shipping_method'), comments: str(body, 'comments') };
  };

  const bodyObject = (req: Request): Record<string, unknown> => {
    const body: unknown = req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BcError(400, 'The request body is not a JSON object.');
    return body as Record<string, unknown>;
  };

  const SORT_FIELDS: Record<string, (o: BcOrder) => number> = {
    id: (o) => o.id,
    customer_id: (o) => o.customer_id,
    date_created: (o) => o.date_created,
    date_modified: (o) => o.date_modified,
    status_id: (o) => o.status_id,
    channel_id: () => 1,
  };

  // ---- V2 ---------------------------------------------------------------------------------------
  api.get(
    '/v2/store',
    handle((_req, res) => {
      res.json({ id: storeHash, domain: 'shipdesk-sandbox.mybigcommerce.com', secure_url: 'https://shipdesk-sandbox.mybigcommerce.com', name: 'Shipdesk Sandbox', currency: 'EUR', weight_units: store.weightUnit === 'kgs' ? 'kgs' : 'LBS', dimension_units: 'Centimeters', timezone: { name: 'Etc/UTC', raw_offset: 0 } });
    }),
  );

  api.get(
    '/v2/orders',
    handle((req, res) => {
      const minModified = dateQuery(req, 'min_date_modified');
      const maxModified = dateQuery(req, 'max_date_modified');
      const minCreated = dateQuery(req, 'min_date_created');
      const maxCreated = dateQuery(req, 'max_date_created');
      const minId = req.query.min_id === undefined ? undefined : intQuery(req, 'min_id', 0, 0);
      const maxId = req.query.max_id === undefined ? undefined : intQuery(req, 'max_id', 0, 0);
      const statusId = req.query.status_id === undefined ? undefined : intQuery(req, 'status_id', 0, 0);
      const sortRaw = typeof req.query.sort === 'string' && req.query.sort !== '' ? req.query.sort : 'id:asc';
      const [sortField = '', direction = 'asc'] = sortRaw.split(':');
      const key = SORT_FIELDS[sortField];
      if (!key || (direction !== 'asc' && direction !== 'desc')) throw new BcError(400, `The field 'sort' is invalid.`);
      const rows = [...store.orders.values()]
        .filter((o) => !o.is_deleted)
        .filter((o) => minModified === undefined || o.date_modified >= minModified)
        .filter((o) => maxModified === undefined || o.date_modified <= maxModified)
        .filter((o) => minCreated === undefined || o.date_created >= minCreated)
        .filter((o) => maxCreated === undefined || o.date_created <= maxCreated)
        .filter((o) => minId === undefined || o.id >= minId)
        .filter((o) => maxId === undefined || o.id <= maxId)
        .filter((o) => statusId === undefined || o.status_id === statusId)
        .sort((a, b) => (key(a) - key(b) || a.id - b.id) * (direction === 'asc' ? 1 : -1));
      sendList(
        res,
        pageOf(req, rows).map((o) => renderOrder(req, o)),
      );
    }),
  );

  api.get(
    '/v2/orders/:id',
    handle((req, res) => {
      res.json(renderOrder(req, findOrder(req.params.id)));
    }),
  );

  api.put(
    '/v2/orders/:id',
    handle((req, res) => {
      const order = findOrder(req.params.id);
      const body = bodyObject(req);
      if (body.status_id !== undefined) {
        const statusId = body.status_id;
        if (typeof statusId !== 'number' || !Number.isInteger(statusId) || !(statusId in BIGCOMMERCE_ORDER_STATUSES)) throw new BcError(400, `The field 'status_id' is invalid.`);
        const previous = order.status_id;
        order.status_id = statusId;
        order.date_modified = now();
        if (previous !== statusId) webhooks.send('store/order/statusUpdated', { type: 'order', id: order.id, status: { previous_status_id: previous, new_status_id: statusId } });
        webhooks.send('store/order/updated', { type: 'order', id: order.id });
      }
      res.json(renderOrder(req, order));
    }),
  );

  api.get(
    '/v2/orders/:id/products',
    handle((req, res) => {
      const order = findOrder(req.params.id);
      sendList(res, pageOf(req, order.products).map(renderProduct));
    }),
  );

  api.get(
    '/v2/orders/:id/shipping_addresses',
    handle((req, res) => {
      const order = findOrder(req.params.id);
      sendList(
        res,
        pageOf(req, order.shippingAddresses).map((a) => renderAddress(order, a)),
      );
    }),
  );

  api.get(
    '/v2/orders/:id/shipments',
    handle((req, res) => {
      const order = findOrder(req.params.id);
      sendList(
        res,
        pageOf(req, order.shipments).map((s) => renderShipment(order, s)),
      );
    }),
  );

  const findShipment = (order: BcOrder, id: unknown): BcShipment => {
    const shipment = typeof id === 'string' && /^\d+$/.test(id) ? order.shipments.find((s) => s.id === Number(id)) : undefined;
    if (!shipment) throw new BcError(404, 'The requested resource was not found.');
    return shipment;
  };

  api.get(
    '/v2/orders/:id/shipments/:sid',
    handle((req, res) => {
      const order = findOrder(req.params.id);
      res.json(renderShipment(order, findShipment(order, req.params.sid)));
    }),
  );

  api.post(
    '/v2/orders/:id/shipments',
    handle((req, res) => {
      const order = findOrder(req.params.id);
      const body = bodyObject(req);
      if (body.order_address_id === undefined) throw new BcError(400, `The required field 'order_address_id' was not supplied.`);
      const address = order.shippingAddresses.find((a) => a.id === body.order_address_id);
      if (!address) throw new BcError(400, `The field 'order_address_id' is invalid: order ${order.id} has no shipping address ${String(body.order_address_id)}.`);
      if (!Array.isArray(body.items) || body.items.length === 0) throw new BcError(400, `The required field 'items' was not supplied.`);
      const wanted = new Map<number, number>();
      for (const raw of body.items as unknown[]) {
        const item = (raw ?? {}) as { order_product_id?: unknown; quantity?: unknown };
        const product = order.products.find((p) => p.id === item.order_product_id);
        if (!product) throw new BcError(400, `The field 'items' is invalid: order product ${String(item.order_product_id)} is not part of order ${order.id}.`);
        if (product.order_address_id !== address.id) throw new BcError(400, `The field 'items' is invalid: order product ${product.id} ships to another address than ${address.id}.`);
        if (typeof item.quantity !== 'number' || !Number.isInteger(item.quantity) || item.quantity < 1) throw new BcError(400, `The field 'items' is invalid: the quantity of order product ${product.id} must be a whole number of at least 1.`);
        wanted.set(product.id, (wanted.get(product.id) ?? 0) + item.quantity);
      }
      for (const [productId, quantity] of wanted) {
        const product = order.products.find((p) => p.id === productId)!;
        const open = store.open(product);
        if (quantity > open) {
          throw new BcError(400, `The quantity specified for order product ${product.id} (${product.sku}) is ${quantity}, but only ${open} can still be shipped.`);
        }
      }
      const fields = trackingFields(body);
      const previous = order.status_id;
      const shipment = store.addShipment(
        order,
        {
          order_address_id: address.id,
          tracking_number: fields.tracking_number ?? '',
          shipping_method: fields.shipping_method ?? '',
          shipping_provider: fields.shipping_provider ?? 'custom',
          tracking_carrier: fields.tracking_carrier ?? '',
          tracking_link: fields.tracking_link ?? '',
          comments: fields.comments ?? '',
          items: [...wanted].map(([order_product_id, quantity]) => ({ order_product_id, product_id: order.products.find((p) => p.id === order_product_id)!.product_id, quantity })),
        },
        now(),
      );
      webhooks.send('store/shipment/created', { type: 'shipment', id: shipment.id, orderId: order.id });
      if (previous !== order.status_id) webhooks.send('store/order/statusUpdated', { type: 'order', id: order.id, status: { previous_status_id: previous, new_status_id: order.status_id } });
      webhooks.send('store/order/updated', { type: 'order', id: order.id });
      res.status(201).json(renderShipment(order, shipment));
    }),
  );

  api.put(
    '/v2/orders/:id/shipments/:sid',
    handle((req, res) => {
      const order = findOrder(req.params.id);
      const shipment = findShipment(order, req.params.sid);
      const fields = trackingFields(bodyObject(req));
      for (const [key, value] of Object.entries(fields)) if (value !== undefined) (shipment as unknown as Record<string, unknown>)[key] = value;
      order.date_modified = now();
      webhooks.send('store/shipment/updated', { type: 'shipment', id: shipment.id, orderId: order.id });
      res.json(renderShipment(order, shipment));
    }),
  );

  api.delete(
    '/v2/orders/:id/shipments/:sid',
    handle((req, res) => {
      const order = findOrder(req.params.id);
      const shipment = findShipment(order, req.params.sid);
      for (const item of shipment.items) {
        const product = order.products.find((p) => p.id === item.order_product_id);
        if (product) product.quantity_shipped -= item.quantity;
      }
      order.shipments = order.shipments.filter((s) => s !== shipment);
      order.date_modified = now();
      webhooks.send('store/shipment/deleted', { type: 'shipment', id: shipment.id, orderId: order.id });
      res.status(204).end();
    }),
  );

  // ---- V3 webhooks ------------------------------------------------------------------------------
  const unprocessable = (errors: Record<string, string>) => new BcError(422, 'The request data is invalid.', { title: 'Input is invalid', errors });

  const hookInput = (body: Record<string, unknown>, partial: boolean) => {
    const errors: Record<string, string> = {};
    const out: { scope?: string; destination?: string; is_active?: boolean; headers?: Record<string, string> | null } = {};
    if (body.scope !== undefined || !partial) {
      if (typeof body.scope !== 'string' || !/^store\/[a-z_]+(\/[a-zA-Z_]+)*(\/\*)?$/.test(body.scope)) errors.scope = 'scope is required and must be an event such as store/order/updated or store/order/*';
      else out.scope = body.scope;
    }
    if (body.destination !== undefined || !partial) {
      let url: URL | null = null;
      try {
        url = typeof body.destination === 'string' ? new URL(body.destination) : null;
      } catch {
        url = null;
      }
      // BigCommerce only delivers to https on port 443; the sandbox also allows plain http to loopback for tests.
      const loopback = url !== null && url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
      if (!url || (!loopback && (url.protocol !== 'https:' || (url.port !== '' && url.port !== '443')))) errors.destination = 'destination must be an https URL on port 443';
      else out.destination = body.destination as string;
    }
    if (body.is_active !== undefined) {
      if (typeof body.is_active !== 'boolean') errors.is_active = 'is_active must be a boolean';
      else out.is_active = body.is_active;
    }
    if (body.headers !== undefined) {
      const h = body.headers;
      if (h !== null && (typeof h !== 'object' || Array.isArray(h) || Object.values(h).some((v) => typeof v !== 'string'))) errors.headers = 'headers must be an object of string values';
      else out.headers = h as Record<string, string> | null;
    }
    if (Object.keys(errors).length) throw unprocessable(errors);
    return out;
  };

  const findHook = (id: unknown) => {
    const hook = typeof id === 'string' ? webhooks.hooks.get(Number(id)) : undefined;
    if (!hook) throw new BcError(404, 'The webhook was not found.', { title: 'Webhook not found' });
    return hook;
  };

  api.get(
    '/v3/hooks',
    handle((_req, res) => {
      const data = [...webhooks.hooks.values()];
      res.json({ data, meta: { pagination: { count: data.length, current_page: 1, per_page: 50, total: data.length, total_pages: 1 } } });
    }),
  );
  api.post(
    '/v3/hooks',
    handle((req, res) => {
      const input = hookInput(bodyObject(req), false);
      const hook = webhooks.register({ scope: input.scope!, destination: input.destination!, is_active: input.is_active ?? true, headers: input.headers ?? null });
      res.json({ data: hook, meta: {} });
    }),
  );
  api.get(
    '/v3/hooks/:hookId',
    handle((req, res) => {
      res.json({ data: findHook(req.params.hookId), meta: {} });
    }),
  );
  api.put(
    '/v3/hooks/:hookId',
    handle((req, res) => {
      const hook = findHook(req.params.hookId);
      Object.assign(hook, hookInput(bodyObject(req), true), { updated_at: Math.floor(now() / 1000) });
      res.json({ data: hook, meta: {} });
    }),
  );
  api.delete(
    '/v3/hooks/:hookId',
    handle((req, res) => {
      const hook = findHook(req.params.hookId);
      webhooks.hooks.delete(hook.id);
      res.json({ data: hook, meta: {} });
    }),
  );

  api.use((req: Request, res: Response) => sendError(req, res, new BcError(404, 'The requested resource was not found.', { title: 'Not found' })));

  router.use('/stores/:hash', api);

  return { name: 'bigcommerce', router, state };
}

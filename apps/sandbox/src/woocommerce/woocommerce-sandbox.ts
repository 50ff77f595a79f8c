import express, { type NextFunction, type Request, type Response } from 'express';
import { demoOrders, type DemoOrder } from '../seed';
import type { SandboxPlatform } from '../server';
import { WOO_ORDER_STATUSES, WooStore, type WooOrder, type WooOrderStatus, type WooTrackingItem } from './store';
import { WooWebhookSender } from './webhooks';

/**
 * A stand-in for a WordPress + WooCommerce store's REST API, the part a shipping integration uses,
 * written from woocommerce.github.io/woocommerce-rest-api-docs (v3), developer.woocommerce.com
 * ("Authentication", "Webhooks"), developer.wordpress.org/rest-api ("Pagination") and the Shipment
 * Tracking extension's REST docs (woocommerce.com/document/shipment-tracking):
 *
 *   GET  /wp-json/wc/v3/orders                    page, per_page (1–100), modified_after/before,
 *                                                 after/before, dates_are_gmt, status, include,
 *                                                 orderby (date|modified|id|include), order;
 *                                                 X-WP-Total, X-WP-TotalPages and Link headers
 *   GET  /wp-json/wc/v3/orders/{id}
 *   PUT  /wp-json/wc/v3/orders/{id}               {status} (POST and PATCH are accepted too, as in WP)
 *   GET  /wp-json/wc/v3/orders/{id}/notes
 *   POST /wp-json/wc/v3/orders/{id}/notes         {note, customer_note} → 201
 *   GET  /wp-json/wc/v3/products                  include, page, per_page
 *   GET  /wp-json/wc/v3/products/{id}
 *   GET  /wp-json/wc/v3/settings/products/woocommerce_weight_unit
 *   GET  /wp-json/wc-shipment-tracking/v3/orders/{id}/shipment-trackings
 *   POST /wp-json/wc-shipment-tracking/v3/orders/{id}/shipment-trackings   → 201 + Location
 *   GET|DELETE …/shipment-trackings/{tracking_id}
 *   GET  /wp-json/wc-shipment-tracking/v3/shipment-trackings/providers      (public)
 *
 * With the `fulfillments` option (WooCommerce's Order Fulfillments feature, option
 * woocommerce_feature_fulfillments_enabled; developer.woocommerce.com/docs/apis/rest-api/v3/order-fulfillments
 * and OrderFulfillmentsRestController / Fulfillment in WooCommerce core):
 *
 *   GET|POST /wp-json/wc/v3/orders/{id}/fulfillments           {status, is_fulfilled, meta_data,
 *   GET|PUT|DELETE /wp-json/wc/v3/orders/{id}/fulfillments/{fid}   notify_customer}
 *
 * A fulfillment is {id, entity_type: "WC_Order", entity_id, status (unfulfilled|fulfilled),
 * is_fulfilled, date_updated, date_deleted, meta_data: [{id, key, value}]}; its items are the meta
 * `_items` = [{item_id, qty}], its tracking the metas `_tracking_number`, `_shipment_provider`,
 * `_tracking_url`. A PUT with meta_data replaces the keys it names and drops the others, as core
 * does. Without the option these routes do not exist (404 rest_no_route).
 *
 * Auth is a REST API key: HTTP Basic with consumer key and secret, or consumer_key /
 * consumer_secret in the query string (both are what WooCommerce accepts over HTTPS; the sandbox
 * behaves as if it sat behind TLS). Errors use the WP REST shape {code, message, data:{status}}.
 * Changes to an order fire an `order.updated` webhook, signed with the webhook secret.
 * Test hooks under /__sandbox (no auth): outage on/off (WordPress's 503 maintenance page) and
 * "change an order" (bumps date_modified, fires order.updated).
 */

export interface WooCommerceSandboxOptions {
  consumerKey?: string;
  consumerSecret?: string;
  /** The key's permissions. Default read_write. */
  permissions?: 'read' | 'write' | 'read_write';
  /** The webhook's secret, which signs deliveries. Default `woo-sandbox-webhook-secret`. */
  webhookSecret?: string;
  /** Where order.updated deliveries are POSTed; unset means they are only recorded. */
  webhookTarget?: string;
  /** The store's woocommerce_weight_unit. Default kg. */
  weightUnit?: 'kg' | 'g' | 'lbs' | 'oz';
  orders?: DemoOrder[];
  now?: () => number;
  /** The Order Fulfillments feature (woocommerce_feature_fulfillments_enabled). Default off. */
  fulfillments?: boolean;
}

export interface WooFulfillment {
  id: number;
  entity_type: 'WC_Order';
  entity_id: string;
  status: 'unfulfilled' | 'fulfilled';
  is_fulfilled: boolean;
  date_updated: string;
  date_deleted: string | null;
  meta_data: { id: number; key: string; value: unknown }[];
}

export class WooCommerceSandboxState {
  outage = false;
  webhookTarget: string | undefined;
  readonly requests: { method: string; url: string; body: unknown; status: number }[] = [];
  /** Order fulfillments by order id (only with the fulfillments option). */
  readonly fulfillments = new Map<number, WooFulfillment[]>();
  /** Customer mails sent for fulfillments (woocommerce_fulfillment_*_notification). */
  readonly fulfillmentNotifications: { orderId: number; fulfillmentId: number; kind: 'created' | 'updated' | 'deleted' }[] = [];

  constructor(
    readonly store: WooStore,
    readonly webhooks: WooWebhookSender,
    private readonly renderOrder: (order: WooOrder) => unknown,
    private readonly now: () => number,
  ) {}

  setOutage(on: boolean): void {
    this.outage = on;
  }

  order(id: number | string): WooOrder {
    const order = this.store.orders.get(Number(id));
    if (!order) throw new Error(`The WooCommerce sandbox has no order ${id}`);
    return order;
  }

  /** Changes an order as a merchant would in wp-admin: applies `change`, bumps date_modified, fires order.updated. */
  changeOrder(id: number | string, change?: (order: WooOrder) => void): WooOrder {
    const order = this.order(id);
    change?.(order);
    this.store.touch(order, this.now());
    this.webhooks.send('order.updated', this.renderOrder(order));
    return order;
  }
}

class WooError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const MAINTENANCE_PAGE = `<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8"><title>Maintenance</title></head>
<body><h1>Briefly unavailable for scheduled maintenance. Check back in a minute.</h1></body></html>`;

/** The providers the Shipment Tracking extension knows, by region, with their link formats. */
const PROVIDERS: Record<string, Record<string, string>> = {
  Global: { DHL: 'https://www.dhl.com/en/express/tracking.html?AWB=%1$s', UPS: 'https://www.ups.com/track?tracknum=%1$s', FedEx: 'https://www.fedex.com/apps/fedextrack/?tracknumbers=%1$s' },
  Netherlands: {
    PostNL: 'https://postnl.nl/tracktrace/?B=%1$s&P=%2$s&D=%3$s&T=C',
    'DHL Parcel': 'https://www.dhlparcel.nl/en/consumer/track-and-trace?tt=%1$s',
    DPD: 'https://tracking.dpd.de/parcelstatus?query=%1$s',
  },
  Germany: { 'DHL Intraship (DE)': 'https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=%1$s', Hermes: 'https://www.myhermes.de/empfangen/sendungsverfolgung/#%1$s' },
  'United States': { USPS: 'https://tools.usps.com/go/TrackConfirmAction_input?qtc_tLabels1=%1$s' },
};

const providerLink = (provider: string): string | undefined => {
  for (const group of Object.values(PROVIDERS)) {
    const found = Object.entries(group).find(([name]) => name.toLowerCase() === provider.toLowerCase());
    if (found) return found[1];
  }
  return undefined;
};

export function woocommerceSandbox(options: WooCommerceSandboxOptions = {}): SandboxPlatform & { state: WooCommerceSandboxState } {
  const consumerKey = options.consumerKey ?? 'ck_sandbox';
  const consumerSecret = options.consumerSecret ?? 'cs_sandbox';
  const permissions = options.permissions ?? 'read_write';
  const now = options.now ?? Date.now;
  const store = new WooStore(options.weightUnit ?? 'kg');
  const demo = options.orders ?? demoOrders('WOO', 30, 3);
  [...demo].reverse().forEach((order) => store.addDemoOrder(order, new Date(order.placedAt).getTime()));

  const trackingJson = (order: WooOrder, t: WooTrackingItem) => {
    const format = t.custom_tracking_link || (t.tracking_provider ? providerLink(t.tracking_provider) : undefined) || '';
    const link = format
      .replaceAll('%1$s', encodeURIComponent(t.tracking_number))
      .replaceAll('%2$s', encodeURIComponent(order.shipping.postcode.replace(/\s+/g, '')))
      .replaceAll('%3$s', encodeURIComponent(order.shipping.country));
    return {
      tracking_id: t.tracking_id,
      tracking_provider: t.custom_tracking_provider || t.tracking_provider,
      tracking_link: link,
      tracking_number: t.tracking_number,
      date_shipped: new Date(t.date_shipped * 1000).toISOString().slice(0, 10),
    };
  };

  const renderOrder = (order: WooOrder) => {
    const lineTotal = order.line_items.reduce((s, l) => s + Number(l.total), 0);
    const shippingTotal = order.shipping_lines.reduce((s, l) => s + Number(l.total), 0);
    const { notes: _notes, trackingItems, ...rest } = order;
    return {
      ...rest,
      discount_total: '0.00',
      discount_tax: '0.00',
      shipping_total: shippingTotal.toFixed(2),
      shipping_tax: '0.00',
      cart_tax: '0.00',
      total: (lineTotal + shippingTotal).toFixed(2),
      total_tax: '0.00',
      prices_include_tax: true,
      meta_data: trackingItems.length
        ? [
            {
              id: store.nextMeta(),
              key: '_wc_shipment_tracking_items',
              value: trackingItems.map((t) => ({ ...t, date_shipped: String(t.date_shipped) })),
            },
          ]
        : [],
      tax_lines: [],
      fee_lines: [],
      coupon_lines: [],
      refunds: [],
      line_items: order.line_items.map((l) => ({ ...l })),
      _links: {
        self: [{ href: `/wp-json/wc/v3/orders/${order.id}` }],
        collection: [{ href: '/wp-json/wc/v3/orders' }],
      },
    };
  };

  const webhooks: WooWebhookSender = new WooWebhookSender({
    secret: options.webhookSecret ?? 'woo-sandbox-webhook-secret',
    webhookId: 1,
    source: 'https://woo.sandbox.test/',
    target: (): string | undefined => state.webhookTarget,
  });
  const state: WooCommerceSandboxState = new WooCommerceSandboxState(store, webhooks, renderOrder, now);
  state.webhookTarget = options.webhookTarget;

  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));
  router.use(express.urlencoded({ extended: true }));

  // ---- test hooks -----------------------------------------------------------------------------
  router.post('/__sandbox/outage', (req, res) => {
    state.setOutage(Boolean((req.body as { on?: unknown } | undefined)?.on ?? true));
    res.json({ outage: state.outage });
  });
  router.post('/__sandbox/orders/:id/change', (req, res) => {
    try {
      const order = state.changeOrder(req.params.id);
      res.json(renderOrder(order));
    } catch (error) {
      res.status(404).json({ error: error instanceof Error ? error.message : String(error) });
    }
  });

  // ---- REST plumbing ----------------------------------------------------------------------------
  const sendJson = (res: Response, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.status(status).set(headers).type('application/json; charset=UTF-8').send(JSON.stringify(body));
  };

  type Access = 'read' | 'write';
  /** WC_REST_Authentication over HTTPS: Basic auth, else consumer_key/consumer_secret in the query. */
  const authenticate = (req: Request, access: Access, what: 'list' | 'view' | 'edit' | 'create' | 'delete') => {
    let key: string | undefined;
    let secret: string | undefined;
    const basic = /^Basic\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      key = colon >= 0 ? decoded.slice(0, colon) : decoded;
      secret = colon >= 0 ? decoded.slice(colon + 1) : '';
    } else if (typeof req.query.consumer_key === 'string') {
      key = req.query.consumer_key;
      secret = typeof req.query.consumer_secret === 'string' ? req.query.consumer_secret : '';
    }
    if (key === undefined) {
      const denied = {
        list: ['woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.'],
        view: ['woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.'],
        edit: ['woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.'],
        create: ['woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.'],
        delete: ['woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.'],
      }[what];
      throw new WooError(401, denied[0]!, denied[1]!);
    }
    if (key !== consumerKey) throw new WooError(401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.');
    if (secret !== consumerSecret) throw new WooError(401, 'woocommerce_rest_authentication_error', 'Consumer secret is invalid.');
    if (access === 'write' && permissions === 'read') throw new WooError(401, 'woocommerce_rest_authentication_error', 'The API key provided does not have write permissions.');
    if (access === 'read' && permissions === 'write') throw new WooError(401, 'woocommerce_rest_authentication_error', 'The API key provided does not have read permissions.');
  };

  const invalidParam = (param: string, why: string) =>
    new WooError(400, 'rest_invalid_param', `Invalid parameter(s): ${param}`, { params: { [param]: why }, details: {} });

  const intQuery = (req: Request, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = req.query[name];
    if (raw === undefined || raw === '') return fallback;
    if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) throw invalidParam(name, `${name} is not of type integer.`);
    const value = Number(raw);
    if (value < min || value > max) {
      throw invalidParam(name, max === Number.MAX_SAFE_INTEGER ? `${name} must be greater than or equal to ${min}` : `${name} must be between ${min} (inclusive) and ${max} (inclusive)`);
    }
    return value;
  };

  const listQuery = (req: Request, name: string): string[] | undefined => {
    const raw = req.query[name];
    if (raw === undefined) return undefined;
    const values = Array.isArray(raw) ? raw : [raw];
    return values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
  };

  /** rest_parse_date: an ISO 8601 date; without an offset it is site time (UTC here) unless dates_are_gmt. */
  const dateQuery = (req: Request, name: string): number | undefined => {
    const raw = req.query[name];
    if (raw === undefined || raw === '') return undefined;
    if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.test(raw)) {
      throw invalidParam(name, 'Invalid date.');
    }
    const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(raw);
    const ms = Date.parse(hasOffset ? raw : `${raw}Z`);
    if (Number.isNaN(ms)) throw invalidParam(name, 'Invalid date.');
    return ms;
  };

  const paginate = <T>(req: Request, rows: T[], perPage: number, page: number) => {
    const total = rows.length;
    const totalPages = Math.ceil(total / perPage);
    const base = `${req.protocol}://${req.get('host')}${req.baseUrl}${req.path}`;
    const link = (p: number) => {
      const params = new URLSearchParams(req.query as Record<string, string>);
      params.set('page', String(p));
      params.delete('consumer_key');
      params.delete('consumer_secret');
      return `<${base}?${params.toString()}>`;
    };
    const links: string[] = [];
    if (page > 1 && page - 1 <= totalPages) links.push(`${link(page - 1)}; rel="prev"`);
    if (page < totalPages) links.push(`${link(page + 1)}; rel="next"`);
    const headers: Record<string, string> = { 'X-WP-Total': String(total), 'X-WP-TotalPages': String(totalPages) };
    if (links.length) headers.Link = links.join(', ');
    return { items: rows.slice((page - 1) * perPage, page * perPage), headers };
  };

  const getOrder = (id: string | undefined, code = 'woocommerce_rest_shop_order_invalid_id'): WooOrder => {
    const order = id !== undefined && /^\d+$/.test(id) ? store.orders.get(Number(id)) : undefined;
    if (!order || order.status === 'trash') throw new WooError(404, code, 'Invalid ID.');
    return order;
  };

  type Handler = (req: Request, res: Response) => void;
  const rest = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => {
    if (state.outage) {
      res.status(503).set('Retry-After', '60').type('text/html; charset=UTF-8').send(MAINTENANCE_PAGE);
      state.requests.push({ method: req.method, url: req.originalUrl, body: req.body, status: 503 });
      return;
    }
    try {
      handler(req, res);
      state.requests.push({ method: req.method, url: req.originalUrl, body: req.body, status: res.statusCode });
    } catch (error) {
      if (error instanceof WooError) {
        sendJson(res, error.status, { code: error.code, message: error.message, data: { status: error.status, ...error.extra } });
        state.requests.push({ method: req.method, url: req.originalUrl, body: req.body, status: error.status });
        return;
      }
      next(error);
    }
  };

  // ---- wc/v3 orders -----------------------------------------------------------------------------
  router.get(
    '/wp-json/wc/v3/orders',
    rest((req, res) => {
      authenticate(req, 'read', 'list');
      const perPage = intQuery(req, 'per_page', 10, 1, 100);
      const page = intQuery(req, 'page', 1, 1);
      const offset = req.query.offset === undefined ? undefined : intQuery(req, 'offset', 0, 0);
      // dates_are_gmt needs no handling: the site runs in UTC, so site time and GMT are one instant.
      const after = dateQuery(req, 'after');
      const before = dateQuery(req, 'before');
      const modifiedAfter = dateQuery(req, 'modified_after');
      const modifiedBefore = dateQuery(req, 'modified_before');
      const statuses = listQuery(req, 'status') ?? ['any'];
      for (const s of statuses) {
        if (s !== 'any' && !WOO_ORDER_STATUSES.includes(s as WooOrderStatus)) throw invalidParam('status', `status[0] is not one of any, ${WOO_ORDER_STATUSES.join(', ')}.`);
      }
      const include = listQuery(req, 'include')?.map(Number);
      const orderby = typeof req.query.orderby === 'string' ? req.query.orderby : 'date';
      if (!['date', 'modified', 'id', 'include', 'title', 'slug'].includes(orderby)) throw invalidParam('orderby', 'orderby is not one of date, id, include, title, slug, modified.');
      const direction = typeof req.query.order === 'string' ? req.query.order : 'desc';
      if (!['asc', 'desc'].includes(direction)) throw invalidParam('order', 'order is not one of asc and desc.');

      const ms = (d: string) => Date.parse(`${d}Z`);
      let rows = [...store.orders.values()].filter((o) => {
        if (o.status === 'trash' && !statuses.includes('trash')) return false;
        if (!statuses.includes('any') && !statuses.includes(o.status)) return false;
        if (include && !include.includes(o.id)) return false;
        if (after !== undefined && !(ms(o.date_created_gmt) > after)) return false;
        if (before !== undefined && !(ms(o.date_created_gmt) < before)) return false;
        if (modifiedAfter !== undefined && !(ms(o.date_modified_gmt) > modifiedAfter)) return false;
        if (modifiedBefore !== undefined && !(ms(o.date_modified_gmt) < modifiedBefore)) return false;
        return true;
      });
      const key = (o: WooOrder): number | string =>
        orderby === 'modified' ? ms(o.date_modified_gmt) : orderby === 'id' ? o.id : orderby === 'include' ? (include?.indexOf(o.id) ?? 0) : orderby === 'date' ? ms(o.date_created_gmt) : o.id;
      rows.sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        const c = ka < kb ? -1 : ka > kb ? 1 : a.id - b.id;
        return direction === 'asc' ? c : -c;
      });
      if (offset !== undefined) rows = rows.slice(offset);
      const { items, headers } = paginate(req, rows, perPage, page);
      sendJson(res, 200, items.map(renderOrder), headers);
    }),
  );

  router.get(
    '/wp-json/wc/v3/orders/:id',
    rest((req, res) => {
      authenticate(req, 'read', 'view');
      sendJson(res, 200, renderOrder(getOrder(req.params.id as string)));
    }),
  );

  const updateOrder = rest((req, res) => {
    authenticate(req, 'write', 'edit');
    const order = getOrder(req.params.id as string);
    const body = (req.body ?? {}) as Record<string, unknown>;
    let changed = false;
    if (body.status !== undefined) {
      if (typeof body.status !== 'string' || !WOO_ORDER_STATUSES.includes(body.status as WooOrderStatus)) {
        throw invalidParam('status', `status is not one of ${WOO_ORDER_STATUSES.join(', ')}.`);
      }
      if (body.status !== order.status) {
        store.setStatus(order, body.status as WooOrderStatus, now());
        changed = true;
      }
    }
    if (typeof body.customer_note === 'string' && body.customer_note !== order.customer_note) {
      order.customer_note = body.customer_note;
      changed = true;
    }
    if (changed) {
      store.touch(order, now());
      webhooks.send('order.updated', renderOrder(order));
    }
    sendJson(res, 200, renderOrder(order));
  });
  router.put('/wp-json/wc/v3/orders/:id', updateOrder);
  router.patch('/wp-json/wc/v3/orders/:id', updateOrder);
  router.post('/wp-json/wc/v3/orders/:id', updateOrder);

  router.get(
    '/wp-json/wc/v3/orders/:id/notes',
    rest((req, res) => {
      authenticate(req, 'read', 'list');
      const order = getOrder(req.params.id as string, 'woocommerce_rest_order_invalid_id');
      const type = typeof req.query.type === 'string' ? req.query.type : 'any';
      const notes = order.notes.filter((n) => type === 'any' || (type === 'customer' ? n.customer_note : !n.customer_note));
      sendJson(res, 200, [...notes].reverse());
    }),
  );

  router.post(
    '/wp-json/wc/v3/orders/:id/notes',
    rest((req, res) => {
      authenticate(req, 'write', 'create');
      const order = getOrder(req.params.id as string, 'woocommerce_rest_order_invalid_id');
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (typeof body.note !== 'string' || body.note === '') {
        throw new WooError(400, 'rest_missing_callback_param', 'Missing parameter(s): note', { params: ['note'] });
      }
      const customerNote = body.customer_note === true || body.customer_note === 'true' || body.customer_note === 1;
      const addedByUser = body.added_by_user === true || body.added_by_user === 'true';
      const note = store.addNote(order, body.note, customerNote, addedByUser ? 'shop manager' : 'WooCommerce', now());
      sendJson(res, 201, note, { Location: `/wp-json/wc/v3/orders/${order.id}/notes/${note.id}` });
    }),
  );

  // ---- products and settings (weights) ------------------------------------------------------------
  router.get(
    '/wp-json/wc/v3/products',
    rest((req, res) => {
      authenticate(req, 'read', 'list');
      const perPage = intQuery(req, 'per_page', 10, 1, 100);
      const page = intQuery(req, 'page', 1, 1);
      const include = listQuery(req, 'include')?.map(Number);
      const rows = [...store.products.values()].filter((p) => !include || include.includes(p.id)).sort((a, b) => b.id - a.id);
      const { items, headers } = paginate(req, rows, perPage, page);
      sendJson(res, 200, items.map((p) => ({ ...p, type: 'simple', status: 'publish', regular_price: p.price })), headers);
    }),
  );
  router.get(
    '/wp-json/wc/v3/products/:id',
    rest((req, res) => {
      authenticate(req, 'read', 'view');
      const product = store.products.get(Number(req.params.id));
      if (!product) throw new WooError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
      sendJson(res, 200, { ...product, type: 'simple', status: 'publish', regular_price: product.price });
    }),
  );
  router.get(
    '/wp-json/wc/v3/settings/products/woocommerce_weight_unit',
    rest((req, res) => {
      authenticate(req, 'read', 'view');
      sendJson(res, 200, {
        id: 'woocommerce_weight_unit',
        label: 'Weight unit',
        description: 'This controls what unit you will define weights in.',
        type: 'select',
        default: 'kg',
        options: { kg: 'kg', g: 'g', lbs: 'lbs', oz: 'oz' },
        tip: 'This controls what unit you will define weights in.',
        value: store.weightUnit,
      });
    }),
  );

  // ---- Shipment Tracking extension ----------------------------------------------------------------
  const ST = '/wp-json/wc-shipment-tracking/v3';
  router.get(`${ST}/shipment-trackings/providers`, (_req, res) => sendJson(res, 200, PROVIDERS));

  router.get(
    `${ST}/orders/:id/shipment-trackings`,
    rest((req, res) => {
      authenticate(req, 'read', 'list');
      const order = getOrder(req.params.id as string, 'woocommerce_rest_order_invalid_id');
      sendJson(res, 200, order.trackingItems.map((t) => trackingJson(order, t)));
    }),
  );

  router.post(
    `${ST}/orders/:id/shipment-trackings`,
    rest((req, res) => {
      authenticate(req, 'write', 'create');
      const order = getOrder(req.params.id as string, 'woocommerce_rest_order_invalid_id');
      const body = (req.body ?? {}) as Record<string, unknown>;
      const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
      if (str('tracking_number') === '') {
        throw new WooError(400, 'rest_missing_callback_param', 'Missing parameter(s): tracking_number', { params: ['tracking_number'] });
      }
      let dateShipped = Math.floor(now() / 1000);
      if (str('date_shipped') !== '') {
        const d = str('date_shipped');
        const parsed = /^\d{4}-\d{2}-\d{2}$/.test(d) ? Date.parse(`${d}T00:00:00Z`) : /^\d+$/.test(d) ? Number(d) * 1000 : Number.NaN;
        if (Number.isNaN(parsed)) throw invalidParam('date_shipped', 'date_shipped must be a date in YYYY-MM-DD format.');
        dateShipped = Math.floor(parsed / 1000);
      }
      const provider = str('tracking_provider');
      const custom = str('custom_tracking_provider');
      if (provider === '' && custom === '') {
        throw invalidParam('tracking_provider', 'Either tracking_provider or custom_tracking_provider is required.');
      }
      // A provider the extension does not list is kept as a custom one, without a link.
      const known = provider !== '' && providerLink(provider) !== undefined;
      const item = store.addTracking(
        order,
        {
          tracking_provider: known ? provider : '',
          custom_tracking_provider: known ? '' : custom || provider,
          custom_tracking_link: known ? '' : str('custom_tracking_link'),
          tracking_number: str('tracking_number'),
          date_shipped: dateShipped,
        },
        now(),
      );
      webhooks.send('order.updated', renderOrder(order));
      sendJson(res, 201, trackingJson(order, item), { Location: `${ST}/orders/${order.id}/shipment-trackings/${item.tracking_id}` });
    }),
  );

  router.get(
    `${ST}/orders/:id/shipment-trackings/:trackingId`,
    rest((req, res) => {
      authenticate(req, 'read', 'view');
      const order = getOrder(req.params.id as string, 'woocommerce_rest_order_invalid_id');
      const item = order.trackingItems.find((t) => t.tracking_id === req.params.trackingId);
      if (!item) throw new WooError(404, 'woocommerce_rest_order_invalid_id', 'Invalid tracking ID.');
      sendJson(res, 200, trackingJson(order, item));
    }),
  );

  router.delete(
    `${ST}/orders/:id/shipment-trackings/:trackingId`,
    rest((req, res) => {
      authenticate(req, 'write', 'delete');
      const order = getOrder(req.params.id as string, 'woocommerce_rest_order_invalid_id');
      const index = order.trackingItems.findIndex((t) => t.tracking_id === req.params.trackingId);
      if (index < 0) throw new WooError(404, 'woocommerce_rest_order_invalid_id', 'Invalid tracking ID.');
      const [removed] = order.trackingItems.splice(index, 1);
      store.touch(order, now());
      sendJson(res, 200, trackingJson(order, removed!));
    }),
  );

  // ---- Order fulfillments (feature flag) -----------------------------------------------------------
  if (options.fulfillments) {
    const FB = '/wp-json/wc/v3/orders/:id/fulfillments';
    let nextFulfillmentId = 1;
    const gmtNow = () => new Date(now()).toISOString().slice(0, 19) + 'Z';
    const fulfillmentsOf = (order: WooOrder) => {
      let list = state.fulfillments.get(order.id);
      if (!list) state.fulfillments.set(order.id, (list = []));
      return list;
    };
    const findFulfillment = (order: WooOrder, id: unknown): WooFulfillment => {
      const f = fulfillmentsOf(order).find((x) => String(x.id) === String(id));
      if (!f || f.date_deleted) throw new WooError(400, '0', 'Invalid fulfillment ID.');
      return f;
    };
    const bool = (v: unknown) => v === true || v === 'true' || v === 1 || v === '1';
    /** Fulfillment::set_status: an unknown status keeps the fulfilled state it has. */
    const applyStatus = (f: WooFulfillment, body: Record<string, unknown>) => {
      const status = body.status === 'fulfilled' || body.status === 'unfulfilled' ? body.status : f.is_fulfilled ? 'fulfilled' : 'unfulfilled';
      f.status = status;
      f.is_fulfilled = status === 'fulfilled';
    };
    /** `_items` must name the order's line items, with no more than the order holds across fulfillments. */
    const checkItems = (order: WooOrder, f: WooFulfillment) => {
      const items = f.meta_data.find((m) => m.key === '_items')?.value;
      if (!Array.isArray(items) || items.length === 0) throw new WooError(400, 'woocommerce_fulfillment_invalid_items', 'The fulfillment should contain at least one item.');
      for (const raw of items as { item_id?: unknown; qty?: unknown }[]) {
        const line = order.line_items.find((l) => l.id === Number(raw?.item_id));
        const qty = Number(raw?.qty);
        if (!line || !Number.isInteger(qty) || qty < 1) throw new WooError(400, 'woocommerce_fulfillment_invalid_items', 'Invalid fulfillment item.');
        const elsewhere = fulfillmentsOf(order)
          .filter((x) => x.id !== f.id && !x.date_deleted)
          .flatMap((x) => (x.meta_data.find((m) => m.key === '_items')?.value as { item_id: number; qty: number }[] | undefined) ?? [])
          .filter((i) => Number(i.item_id) === line.id)
          .reduce((s, i) => s + Number(i.qty), 0);
        if (elsewhere + qty > line.quantity) throw new WooError(400, 'woocommerce_fulfillment_invalid_items', `Item ${line.id} is over-fulfilled.`);
      }
    };
    const metaInput = (value: unknown): { key: string; value: unknown; id?: number }[] => {
      if (!Array.isArray(value)) throw new WooError(400, 'rest_missing_callback_param', 'Missing parameter(s): meta_data', { params: ['meta_data'] });
      return value.map((m: { key?: unknown; value?: unknown; id?: unknown }) => {
        if (typeof m?.key !== 'string' || m.key === '') throw invalidParam('meta_data', 'meta_data[0][key] is a required property of meta_data[0].');
        return { key: m.key, value: m.value, ...(typeof m.id === 'number' ? { id: m.id } : {}) };
      });
    };

    router.get(
      FB,
      rest((req, res) => {
        authenticate(req, 'read', 'list');
        const order = getOrder(req.params.id as string, 'woocommerce_rest_order_invalid_id');
        sendJson(res, 200, fulfillmentsOf(order).filter((f) => !f.date_deleted));
      }),
    );
    router.post(
      FB,
      rest((req, res) => {
        authenticate(req, 'write', 'create');
        const order = getOrder(req.params.id as string, 'woocommerce_rest_order_invalid_id');
        const body = (req.body ?? {}) as Record<string, unknown>;
        const f: WooFulfillment = {
          id: nextFulfillmentId++,
          entity_type: 'WC_Order',
          entity_id: String(order.id),
          status: 'unfulfilled',
          is_fulfilled: false,
          date_updated: gmtNow(),
          date_deleted: null,
          meta_data: metaInput(body.meta_data).map((m) => ({ id: store.nextMeta(), key: m.key, value: m.value })),
        };
        applyStatus(f, body);
        checkItems(order, f);
        fulfillmentsOf(order).push(f);
        if (f.is_fulfilled && bool(body.notify_customer)) state.fulfillmentNotifications.push({ orderId: order.id, fulfillmentId: f.id, kind: 'created' });
        sendJson(res, 201, f);
      }),
    );
    router.get(
      `${FB}/:fid`,
      rest((req, res) => {
        authenticate(req, 'read', 'view');
        const order = getOrder(req.params.id as string, 'woocommerce_rest_order_invalid_id');
        sendJson(res, 200, findFulfillment(order, req.params.fid));
      }),
    );
    router.put(
      `${FB}/:fid`,
      rest((req, res) => {
        authenticate(req, 'write', 'edit');
        const order = getOrder(req.params.id as string, 'woocommerce_rest_order_invalid_id');
        const f = findFulfillment(order, req.params.fid);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const wasFulfilled = f.is_fulfilled;
        const before = structuredClone(f);
        applyStatus(f, body);
        if (body.meta_data !== undefined) {
          const input = metaInput(body.meta_data);
          f.meta_data = input.map((m) => ({ id: f.meta_data.find((x) => x.key === m.key)?.id ?? store.nextMeta(), key: m.key, value: m.value }));
        }
        try {
          checkItems(order, f);
        } catch (error) {
          Object.assign(f, before);
          throw error;
        }
        f.date_updated = gmtNow();
        if (bool(body.notify_customer) && f.is_fulfilled) state.fulfillmentNotifications.push({ orderId: order.id, fulfillmentId: f.id, kind: wasFulfilled ? 'updated' : 'created' });
        sendJson(res, 200, f);
      }),
    );
    router.delete(
      `${FB}/:fid`,
      rest((req, res) => {
        authenticate(req, 'write', 'delete');
        const order = getOrder(req.params.id as string, 'woocommerce_rest_order_invalid_id');
        const f = findFulfillment(order, req.params.fid);
        f.date_deleted = gmtNow();
        if (f.is_fulfilled && bool(req.query.notify_customer ?? (req.body as Record<string, unknown> | undefined)?.notify_customer)) {
          state.fulfillmentNotifications.push({ orderId: order.id, fulfillmentId: f.id, kind: 'deleted' });
        }
        sendJson(res, 200, { message: 'Fulfillment deleted successfully.' });
      }),
    );
  }

  router.use(
    '/wp-json',
    rest(() => {
      throw new WooError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
    }),
  );

  return { name: 'woocommerce', router, state };
}

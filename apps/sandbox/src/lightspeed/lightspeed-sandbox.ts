import express, { type Request, type Response } from 'express';
import { demoOrders, type DemoOrder } from '../seed';
import type { SandboxPlatform } from '../server';
import { LIGHTSPEED_DEFAULT_LIMITS, RateLimiter, type RateWindow } from './rate-limit';
import { LightspeedStore, lightspeedDate, type LightspeedOrder, type LightspeedShipment, type LightspeedShipmentStatus } from './store';
import {
  LIGHTSPEED_WEBHOOK_ACTIONS,
  LIGHTSPEED_WEBHOOK_GROUPS,
  LightspeedWebhookSender,
  type LightspeedWebhook,
  type LightspeedWebhookAction,
  type LightspeedWebhookGroup,
} from './webhooks';

/**
 * A stand-in for the Lightspeed eCom (C-Series) REST API, written from
 * developers.lightspeedhq.com/ecom ("Authentication", "Rate limiting", "Pagination", endpoints
 * Order, Order products, Shipment, Shipment products). The base URL is the cluster
 * (https://api.webshopapp.com for eu1, https://api.shoplightspeed.com for us1, here
 * http://127.0.0.1:<port>/lightspeed), then the shop language and the resource, with .json:
 *
 *   GET /{lang}/orders.json                 page, limit (≤ 250), since_id, created_at_min/max,
 *                                           updated_at_min/max, status
 *   GET /{lang}/orders/count.json           the same filters → {count}
 *   GET /{lang}/orders/{id}.json            {order}
 *   GET /{lang}/orders/{id}/products.json   {orderProducts}
 *   GET /{lang}/shipments.json              order, page, limit, updated_at_min … → {shipments}
 *   GET /{lang}/shipments/count.json        → {count}
 *   GET /{lang}/shipments/{id}.json         {shipment}
 *   PUT /{lang}/shipments/{id}.json         {shipment:{status, trackingCode, doNotifyShipped, …}}
 *   GET /{lang}/shipments/{id}/products.json {shipmentProducts}
 *   GET/POST /{lang}/webhooks.json          {webhook:{isActive, itemGroup, itemAction, language,
 *   GET/PUT/DELETE /{lang}/webhooks/{id}.json           format, address}} (JSON or form fields)
 *
 * Webhooks (see ./webhooks.ts): orders created / updated / shipped and shipments updated are sent
 * to every matching registration, signed X-Signature = md5(body + app secret). A new order comes
 * in through the test hook POST /__sandbox/orders (or state.addOrder).
 * Auth is HTTP Basic with the shop's API key and secret. Every answer carries X-RateLimit-Limit,
 * -Remaining and -Reset for the 5-minute, hourly and daily windows; a call over a limit gets 429.
 * Shipments are made by the platform with the order; there is no endpoint to create one.
 * Test hooks under /__sandbox (no auth, not rate limited): outage on/off, change an order.
 */

export interface LightspeedSandboxOptions {
  apiKey?: string;
  apiSecret?: string;
  /** The shop's languages; the first is its default. Default ['nl', 'en']. */
  languages?: string[];
  /** Rate-limit windows, shortest first. Default 300 / 5 min, 3000 / h, 12000 / day. */
  rateLimits?: RateWindow[];
  orders?: DemoOrder[];
  now?: () => number;
  /** The app secret that signs webhooks. Default: the API secret. */
  webhookSecret?: string;
  /** Sent as X-Shop-Id. Default 123456. */
  shopId?: number;
  /** When set, registers webhooks for orders and shipments (all actions) to this address, in the default language. */
  webhookTarget?: string;
}

export class LightspeedSandboxState {
  outage = false;
  readonly requests: { method: string; url: string; body: unknown; status: number }[] = [];
  /** Customer mails the shop sent because an update asked for them. */
  readonly notifications: { shipmentId: number; kind: 'shipped' | 'tracking_code'; to: string }[] = [];

  /** Set by the sandbox: sends the webhooks for an event. */
  emit: (group: LightspeedWebhookGroup, action: LightspeedWebhookAction, id: number) => void = () => undefined;

  constructor(
    readonly store: LightspeedStore,
    readonly rateLimiter: RateLimiter,
    private readonly now: () => number,
    readonly webhooks: LightspeedWebhookSender,
  ) {}

  /** A new order placed in the shop; sends `orders/created`. */
  addOrder(demo: DemoOrder): LightspeedOrder {
    const order = this.store.addDemoOrder(demo, this.now());
    this.emit('orders', 'created', order.id);
    return order;
  }

  setOutage(on: boolean): void {
    this.outage = on;
  }

  order(id: number): LightspeedOrder {
    const order = this.store.orders.get(id);
    if (!order) throw new Error(`The Lightspeed sandbox has no order ${id}`);
    return order;
  }

  orderByNumber(number: string): LightspeedOrder | undefined {
    return [...this.store.orders.values()].find((o) => o.number === number);
  }

  shipmentsOf(orderId: number): LightspeedShipment[] {
    return this.store.orderShipments(this.order(orderId));
  }

  changeOrder(id: number, change?: (order: LightspeedOrder) => void): LightspeedOrder {
    const order = this.order(id);
    change?.(order);
    order.updatedAt = lightspeedDate(this.now());
    this.emit('orders', 'updated', order.id);
    return order;
  }
}

class LightspeedError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_LIMIT = 250;
const SHIPMENT_STATUSES: LightspeedShipmentStatus[] = ['not_shipped', 'shipped', 'cancelled'];

export function lightspeedSandbox(options: LightspeedSandboxOptions = {}): SandboxPlatform & { state: LightspeedSandboxState } {
  const apiKey = options.apiKey ?? 'ls_sandbox_key';
  const apiSecret = options.apiSecret ?? 'ls_sandbox_secret';
  const languages = options.languages ?? ['nl', 'en'];
  const now = options.now ?? Date.now;
  const store = new LightspeedStore();
  const demo = options.orders ?? demoOrders('LSP', 30, 4);
  [...demo].reverse().forEach((order) => store.addDemoOrder(order, new Date(order.placedAt).getTime()));
  const limiter = new RateLimiter(options.rateLimits ?? LIGHTSPEED_DEFAULT_LIMITS, now);
  const webhooks = new LightspeedWebhookSender({ secret: options.webhookSecret ?? apiSecret, shopId: options.shopId ?? 123456, now: () => lightspeedDate(now()) });
  const state = new LightspeedSandboxState(store, limiter, now, webhooks);
  if (options.webhookTarget) {
    for (const itemGroup of ['orders', 'shipments'] as const) {
      webhooks.register({ isActive: true, itemGroup, itemAction: '*', language: languages[0] ?? 'nl', format: 'json', address: options.webhookTarget });
    }
  }

  let newOrders = 0;
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));
  router.use(express.urlencoded({ extended: true, limit: '1mb' }));

  router.post('/__sandbox/outage', (req, res) => {
    state.setOutage(Boolean((req.body as { on?: unknown } | undefined)?.on ?? true));
    res.json({ outage: state.outage });
  });
  router.post('/__sandbox/orders', (req, res) => {
    newOrders += 1;
    const [demo] = demoOrders('LSN', 1, 7000 + newOrders, new Date(now()));
    if (!demo) throw new Error('no demo order');
    const number = (req.body as { number?: unknown } | undefined)?.number;
    res.json({ order: state.addOrder({ ...demo, externalId: `LSN-${newOrders}`, number: typeof number === 'string' ? number : `LSN${String(newOrders).padStart(5, '0')}`, fulfillments: [] }) });
  });
  router.post('/__sandbox/orders/:id/change', (req, res) => {
    try {
      res.json({ order: state.changeOrder(Number(req.params.id)) });
    } catch (error) {
      res.status(404).json({ error: error instanceof Error ? error.message : String(error) });
    }
  });

  const resource = (lang: string, id: number | false, url: string) => ({ resource: { id, url, link: `https://api.webshopapp.com/${lang}/${url}.json` } });

  const orderJson = (lang: string, o: LightspeedOrder) => {
    const { products: _products, ...rest } = o;
    const priceIncl = o.products.reduce((s, p) => s + p.priceIncl * p.quantityOrdered, 0);
    return {
      ...rest,
      priceIncl: Math.round(priceIncl * 100) / 100,
      weight: o.products.reduce((s, p) => s + p.weight * p.quantityOrdered, 0),
      language: { id: 1, code: lang, locale: lang === 'nl' ? 'nl_NL' : 'en_GB', title: lang === 'nl' ? 'Nederlands' : 'English' },
      customer: resource(lang, false, `customers?order=${o.id}`),
      products: resource(lang, false, `orders/${o.id}/products`),
      shipments: resource(lang, false, `shipments?order=${o.id}`),
      invoices: resource(lang, false, `invoices?order=${o.id}`),
      metafields: resource(lang, false, `orders/${o.id}/metafields`),
      events: resource(lang, false, `orders/events?order=${o.id}`),
    };
  };

  const orderProductJson = (lang: string, p: LightspeedOrder['products'][number]) => {
    const { productId, variantId, hsCode: _hs, originCountry: _origin, ...rest } = p;
    return { ...rest, product: resource(lang, productId, `products/${productId}`), variant: resource(lang, variantId, `variants/${variantId}`) };
  };

  const shipmentJson = (lang: string, s: LightspeedShipment) => {
    const { orderId, products: _products, ...rest } = s;
    const order = store.orders.get(orderId)!;
    return {
      ...rest,
      totalWeight: s.products.reduce((sum, sp) => sum + (order.products.find((p) => p.id === sp.orderProductId)?.weight ?? 0) * sp.quantity, 0),
      customer: resource(lang, false, `customers?order=${orderId}`),
      order: resource(lang, orderId, `orders/${orderId}`),
      products: resource(lang, false, `shipments/${s.id}/products`),
      metafields: resource(lang, false, `shipments/${s.id}/metafields`),
      events: resource(lang, false, `shipments/${s.id}/events`),
    };
  };

  const shipmentProductJson = (lang: string, s: LightspeedShipment, sp: LightspeedShipment['products'][number]) => {
    const op = store.orders.get(s.orderId)!.products.find((p) => p.id === sp.orderProductId)!;
    return {
      id: sp.id,
      productTitle: op.productTitle,
      variantTitle: op.variantTitle,
      articleCode: op.articleCode,
      ean: op.ean,
      sku: op.sku,
      quantity: sp.quantity,
      weight: op.weight,
      orderProduct: resource(lang, op.id, `orders/${s.orderId}/products/${op.id}`),
      product: resource(lang, op.productId, `products/${op.productId}`),
      variant: resource(lang, op.variantId, `variants/${op.variantId}`),
    };
  };

  const intParam = (req: Request, name: string, fallback: number, min = 1) => {
    const raw = req.query[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new LightspeedError(400, `Invalid value for ${name}`);
    return value;
  };

  /** Dates as `2026-11-20 13:00:00` (shop time) or ISO 8601 with an offset. */
  const dateParam = (req: Request, name: string): number | undefined => {
    const raw = req.query[name];
    if (raw === undefined || raw === '') return undefined;
    const text = String(raw);
    const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
    if (Number.isNaN(ms)) throw new LightspeedError(400, `Invalid date for ${name}`);
    return ms;
  };

  const filterByDates = <T extends { id: number; createdAt: string; updatedAt: string }>(req: Request, rows: T[]): T[] => {
    const sinceId = intParam(req, 'since_id', 0, 0);
    const createdMin = dateParam(req, 'created_at_min');
    const createdMax = dateParam(req, 'created_at_max');
    const updatedMin = dateParam(req, 'updated_at_min');
    const updatedMax = dateParam(req, 'updated_at_max');
    return rows.filter((r) => {
      const created = Date.parse(r.createdAt);
      const updated = Date.parse(r.updatedAt);
      return (
        r.id > sinceId &&
        (createdMin === undefined || created >= createdMin) &&
        (createdMax === undefined || created <= createdMax) &&
        (updatedMin === undefined || updated >= updatedMin) &&
        (updatedMax === undefined || updated <= updatedMax)
      );
    });
  };

  const page = <T>(req: Request, rows: T[]): T[] => {
    const limit = Math.min(intParam(req, 'limit', 50), MAX_LIMIT);
    const p = intParam(req, 'page', 1);
    return rows.slice((p - 1) * limit, p * limit);
  };

  const filteredOrders = (req: Request) => {
    const status = typeof req.query.status === 'string' ? req.query.status : undefined;
    return filterByDates(req, [...store.orders.values()])
      .filter((o) => !status || o.status === status || (status === 'cancelled' && o.status === 'cancelled'))
      .sort((a, b) => b.id - a.id);
  };
  const filteredShipments = (req: Request) => {
    const orderId = req.query.order === undefined ? undefined : intParam(req, 'order', 0);
    return filterByDates(req, [...store.shipments.values()])
      .filter((s) => orderId === undefined || s.orderId === orderId)
      .sort((a, b) => b.id - a.id);
  };

  const findOrder = (id: string | undefined) => {
    const order = id && /^\d+$/.test(id) ? store.orders.get(Number(id)) : undefined;
    if (!order) throw new LightspeedError(404, 'Not Found');
    return order;
  };
  const findShipment = (id: string | undefined) => {
    const shipment = id && /^\d+$/.test(id) ? store.shipments.get(Number(id)) : undefined;
    if (!shipment) throw new LightspeedError(404, 'Not Found');
    return shipment;
  };

  state.emit = (group, action, id) => {
    if (group === 'orders') webhooks.send(group, action, id, (lang) => ({ order: orderJson(lang, findOrder(String(id))) }));
    else if (group === 'shipments') webhooks.send(group, action, id, (lang) => ({ shipment: shipmentJson(lang, findShipment(String(id))) }));
  };

  const webhookJson = (w: LightspeedWebhook) => ({ ...w });
  const findWebhook = (id: string | undefined) => {
    const webhook = id && /^\d+$/.test(id) ? webhooks.webhooks.get(Number(id)) : undefined;
    if (!webhook) throw new LightspeedError(404, 'Not Found');
    return webhook;
  };
  const truthy = (v: unknown) => v === true || v === 'true' || v === 1 || v === '1';
  /** Reads {webhook:{…}} (JSON, or form fields webhook[isActive]=… as in the docs' curl example). */
  const webhookInput = (req: Request, existing?: LightspeedWebhook): Omit<LightspeedWebhook, 'id' | 'createdAt' | 'updatedAt'> => {
    const input = (req.body as { webhook?: unknown } | undefined)?.webhook;
    if (input === null || typeof input !== 'object') throw new LightspeedError(400, 'Missing webhook object');
    const body = input as Record<string, unknown>;
    const itemGroup = body.itemGroup ?? existing?.itemGroup;
    const itemAction = body.itemAction ?? existing?.itemAction;
    const language = body.language ?? existing?.language ?? languages[0];
    const format = body.format ?? existing?.format ?? 'json';
    const address = body.address ?? existing?.address;
    if (!LIGHTSPEED_WEBHOOK_GROUPS.includes(itemGroup as LightspeedWebhookGroup)) throw new LightspeedError(400, `Invalid itemGroup "${String(itemGroup)}"`);
    if (itemAction !== '*' && !LIGHTSPEED_WEBHOOK_ACTIONS.includes(itemAction as LightspeedWebhookAction)) throw new LightspeedError(400, `Invalid itemAction "${String(itemAction)}"`);
    if ((itemAction === 'paid' || itemAction === 'shipped') && itemGroup !== 'orders') throw new LightspeedError(400, `itemAction "${itemAction}" is only for orders`);
    if (itemAction === 'answered' && itemGroup !== 'tickets') throw new LightspeedError(400, 'itemAction "answered" is only for tickets');
    if (typeof language !== 'string' || !languages.includes(language)) throw new LightspeedError(400, `Invalid language "${String(language)}"`);
    if (format !== 'json') throw new LightspeedError(400, `Format "${String(format)}" is not supported by the sandbox (json only)`);
    if (typeof address !== 'string' || !/^https?:\/\/\S+$/.test(address)) throw new LightspeedError(400, 'Invalid address');
    return {
      isActive: body.isActive === undefined ? (existing?.isActive ?? true) : truthy(body.isActive),
      itemGroup: itemGroup as LightspeedWebhookGroup,
      itemAction: itemAction as LightspeedWebhookAction | '*',
      language,
      format: 'json',
      address,
    };
  };

  type Route = { method: 'GET' | 'PUT' | 'POST' | 'DELETE'; pattern: RegExp; handle: (lang: string, params: string[], req: Request) => unknown };
  const routes: Route[] = [
    { method: 'GET', pattern: /^orders$/, handle: (lang, _p, req) => ({ orders: page(req, filteredOrders(req)).map((o) => orderJson(lang, o)) }) },
    { method: 'GET', pattern: /^orders\/count$/, handle: (_l, _p, req) => ({ count: filteredOrders(req).length }) },
    { method: 'GET', pattern: /^orders\/(\d+)$/, handle: (lang, [id]) => ({ order: orderJson(lang, findOrder(id)) }) },
    { method: 'GET', pattern: /^orders\/(\d+)\/products$/, handle: (lang, [id]) => ({ orderProducts: findOrder(id).products.map((p) => orderProductJson(lang, p)) }) },
    { method: 'GET', pattern: /^shipments$/, handle: (lang, _p, req) => ({ shipments: page(req, filteredShipments(req)).map((s) => shipmentJson(lang, s)) }) },
    { method: 'GET', pattern: /^shipments\/count$/, handle: (_l, _p, req) => ({ count: filteredShipments(req).length }) },
    { method: 'GET', pattern: /^shipments\/(\d+)$/, handle: (lang, [id]) => ({ shipment: shipmentJson(lang, findShipment(id)) }) },
    {
      method: 'GET',
      pattern: /^shipments\/(\d+)\/products$/,
      handle: (lang, [id]) => {
        const s = findShipment(id);
        return { shipmentProducts: s.products.map((sp) => shipmentProductJson(lang, s, sp)) };
      },
    },
    { method: 'GET', pattern: /^webhooks$/, handle: () => ({ webhooks: [...webhooks.webhooks.values()].map(webhookJson) }) },
    { method: 'GET', pattern: /^webhooks\/count$/, handle: () => ({ count: webhooks.webhooks.size }) },
    { method: 'POST', pattern: /^webhooks$/, handle: (_l, _p, req) => ({ webhook: webhookJson(webhooks.register(webhookInput(req))) }) },
    { method: 'GET', pattern: /^webhooks\/(\d+)$/, handle: (_l, [id]) => ({ webhook: webhookJson(findWebhook(id)) }) },
    {
      method: 'PUT',
      pattern: /^webhooks\/(\d+)$/,
      handle: (_l, [id], req) => {
        const webhook = findWebhook(id);
        Object.assign(webhook, webhookInput(req, webhook), { updatedAt: lightspeedDate(now()) });
        return { webhook: webhookJson(webhook) };
      },
    },
    {
      method: 'DELETE',
      pattern: /^webhooks\/(\d+)$/,
      handle: (_l, [id]) => {
        webhooks.webhooks.delete(findWebhook(id).id);
        return {};
      },
    },
    {
      method: 'PUT',
      pattern: /^shipments\/(\d+)$/,
      handle: (lang, [id], req) => {
        const s = findShipment(id);
        const input = (req.body as { shipment?: unknown } | undefined)?.shipment;
        if (input === null || typeof input !== 'object') throw new LightspeedError(400, 'Missing shipment object');
        const body = input as Record<string, unknown>;
        if (body.status !== undefined && !SHIPMENT_STATUSES.includes(body.status as LightspeedShipmentStatus)) {
          throw new LightspeedError(400, `Invalid status "${String(body.status)}", expected one of ${SHIPMENT_STATUSES.join(', ')}`);
        }
        if (body.trackingCode !== undefined && typeof body.trackingCode !== 'string') throw new LightspeedError(400, 'Invalid trackingCode');
        const order = store.orders.get(s.orderId)!;
        const wasShipped = s.status === 'shipped';
        const oldCode = s.trackingCode;
        for (const flag of ['doNotifyShipped', 'doNotifyReadyForPickup', 'doNotifyTrackingCode'] as const) {
          if (body[flag] !== undefined) s[flag] = body[flag] === true || body[flag] === 'true' || body[flag] === 1;
        }
        if (typeof body.trackingCode === 'string') s.trackingCode = body.trackingCode;
        if (body.status !== undefined) s.status = body.status as LightspeedShipmentStatus;
        if (!wasShipped && s.status === 'shipped' && s.doNotifyShipped) state.notifications.push({ shipmentId: s.id, kind: 'shipped', to: order.email });
        if (s.trackingCode !== oldCode && s.trackingCode !== '' && s.doNotifyTrackingCode) state.notifications.push({ shipmentId: s.id, kind: 'tracking_code', to: order.email });
        s.updatedAt = lightspeedDate(now());
        store.rollUp(order);
        order.updatedAt = s.updatedAt;
        state.emit('shipments', 'updated', s.id);
        state.emit('orders', 'updated', order.id);
        if (!wasShipped && s.status === 'shipped' && order.shipmentStatus === 'shipped') state.emit('orders', 'shipped', order.id);
        return { shipment: shipmentJson(lang, s) };
      },
    },
  ];

  const send = (res: Response, status: number, body: unknown) => res.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));

  router.use((req, res, next) => {
    const match = /^\/([a-z]{2})\/(.+)\.json$/.exec(req.path);
    if (!match) {
      next();
      return;
    }
    const [, lang = '', path = ''] = match;
    const request = `${lang}/${path}.json`;
    const fail = (status: number, message: string, headers: Record<string, string> = {}) => {
      res.set(headers);
      send(res, status, { error: { code: status, method: req.method, request, message } });
      state.requests.push({ method: req.method, url: req.originalUrl, body: req.body, status });
    };
    if (state.outage) {
      res.status(503).set('Retry-After', '30').type('text/html; charset=utf-8').send('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
      state.requests.push({ method: req.method, url: req.originalUrl, body: req.body, status: 503 });
      return;
    }
    const basic = /^Basic\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const [key, secret] = basic ? (Buffer.from(basic, 'base64').toString('utf8').split(/:(.*)/s) as [string, string?]) : [undefined, undefined];
    if (key !== apiKey || secret !== apiSecret) {
      fail(401, 'Unauthorized');
      return;
    }
    if (!limiter.take()) {
      fail(429, 'Too Many Requests', limiter.headers());
      return;
    }
    const headers = limiter.headers();
    if (!languages.includes(lang)) {
      fail(404, `Language "${lang}" is not available in this shop`, headers);
      return;
    }
    const route = routes.find((r) => r.method === req.method && r.pattern.test(path));
    if (!route) {
      fail(404, 'Not Found', headers);
      return;
    }
    try {
      const params = route.pattern.exec(path)!.slice(1).map((p) => p ?? '');
      const body = route.handle(lang, params, req);
      res.set(headers);
      send(res, 200, body);
      state.requests.push({ method: req.method, url: req.originalUrl, body: req.body, status: 200 });
    } catch (error) {
      if (error instanceof LightspeedError) fail(error.status, error.message, headers);
      else next(error);
    }
  });

  return { name: 'lightspeed', router, state };
}

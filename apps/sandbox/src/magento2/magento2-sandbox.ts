import express, { type Request, type Response } from 'express';
import type { SandboxPlatform } from '../server';
import { demoOrders, type DemoOrder } from '../seed';
import { MagentoError, internalError, noSuchEntity } from './errors';
import { MAX_PAGE_SIZE, applySearchCriteria, echoSearchCriteria, readSearchCriteria, type Column } from './search-criteria';
import {
  ORDER_STATUS_HISTORY,
  SHIPMENT_COMMENT_CREATION,
  SHIPMENT_ITEM_CREATION,
  SHIPMENT_PACKAGE_CREATION,
  SHIPMENT_TRACK,
  SHIPMENT_TRACK_CREATION,
  param,
  readData,
  readList,
  requireParam,
} from './service-input';
import {
  MagentoStore,
  STATE_STATUSES,
  magentoDate,
  type MagentoOrder,
  type MagentoOrderItem,
  type MagentoShipment,
} from './store';

/**
 * A stand-in for the Magento 2.4 (Adobe Commerce) REST API, the part a shipping integration uses,
 * written from the public REST reference and tutorials at developer.adobe.com/commerce/webapi:
 *
 *   GET  /rest[/<store>]/V1/orders?searchCriteria…       sales order search (SalesOrderRepositoryV1)
 *   GET  /rest[/<store>]/V1/orders/{id}                  one order
 *   POST /rest[/<store>]/V1/orders/{id}/comments         {statusHistory} → true
 *   GET  /rest[/<store>]/V1/orders/{id}/comments         the order's status history
 *   GET  /rest[/<store>]/V1/shipments?searchCriteria…    shipment search
 *   GET  /rest[/<store>]/V1/shipment/{id}                one shipment
 *   POST /rest[/<store>]/V1/order/{orderId}/ship         ShipOrderInterface → the new shipment id
 *   POST /rest[/<store>]/V1/shipment/track               {entity} → the saved track
 *   POST /rest[/<store>]/V1/shipment/{id}/emails         sends the shipment e-mail → true
 *   GET  /rest[/<store>]/V1/store/storeConfigs           store settings (weight unit, time zone…)
 *
 * Auth is an integration access token as a bearer token. Errors use Magento's body shape
 * ({message, parameters}, see errors.ts). Magento has no native webhooks: an integration polls the
 * order search on `updated_at`. Test hooks live under /__sandbox (no auth): change an order (bumps
 * updated_at), cancel one, and switch on an outage (503 for every REST call, like maintenance
 * mode).
 */

export interface Magento2SandboxOptions {
  /** The integration access token the store accepts. Default `magento-sandbox-token`. */
  token?: string;
  /** Clock for new timestamps (ms since epoch). Default Date.now. */
  now?: () => number;
  /** Demo orders to seed. Default demoOrders('MAG', 40, 2). */
  orders?: DemoOrder[];
  /** The store's weight unit (general/locale/weight_unit). Default kgs. */
  weightUnit?: 'kgs' | 'lbs';
  /** webapi/validation/maximum_page_size. Default 300. */
  maxPageSize?: number;
}

export interface Magento2SandboxState {
  store: MagentoStore;
  /** While true, every REST call answers 503 (maintenance mode). */
  outage: boolean;
  /** Every REST call received, for tests: method, path with query, and parsed JSON body. */
  requests: { method: string; url: string; body: unknown }[];
  setOutage(on: boolean): void;
  orderByIncrementId(incrementId: string): MagentoOrder | undefined;
  /** Changes an order as a merchant would in the admin: applies `change`, bumps updated_at. */
  touch(entityId: number, change?: (order: MagentoOrder) => void): MagentoOrder;
  cancel(entityId: number): MagentoOrder;
}

/** The ACL resource each endpoint needs (webapi.xml), named in a 401. */
const RESOURCES = {
  ordersView: 'Magento_Sales::actions_view',
  comment: 'Magento_Sales::comment',
  shipmentView: 'Magento_Sales::shipment',
  ship: 'Magento_Sales::ship',
  store: 'Magento_Backend::store',
} as const;

const orderColumns: Record<string, Column<MagentoOrder>> = {
  entity_id: { type: 'int', get: (o) => o.entity_id },
  increment_id: { type: 'text', get: (o) => o.increment_id },
  state: { type: 'text', get: (o) => o.state },
  status: { type: 'text', get: (o) => o.status },
  store_id: { type: 'int', get: (o) => o.store_id },
  created_at: { type: 'datetime', get: (o) => o.created_at },
  updated_at: { type: 'datetime', get: (o) => o.updated_at },
  customer_email: { type: 'text', get: (o) => o.customer_email },
  customer_firstname: { type: 'text', get: (o) => o.customer_firstname },
  customer_lastname: { type: 'text', get: (o) => o.customer_lastname },
  grand_total: { type: 'decimal', get: (o) => o.grand_total },
  base_grand_total: { type: 'decimal', get: (o) => o.base_grand_total },
  customer_is_guest: { type: 'int', get: (o) => o.customer_is_guest },
};

const shipmentColumns: Record<string, Column<MagentoShipment>> = {
  entity_id: { type: 'int', get: (s) => s.entity_id },
  increment_id: { type: 'text', get: (s) => s.increment_id },
  order_id: { type: 'int', get: (s) => s.order_id },
  store_id: { type: 'int', get: (s) => s.store_id },
  created_at: { type: 'datetime', get: (s) => s.created_at },
  updated_at: { type: 'datetime', get: (s) => s.updated_at },
  total_qty: { type: 'decimal', get: (s) => s.total_qty },
};

/** An order as the REST API renders it: child items carry their parent item. */
function orderJson(order: MagentoOrder): Record<string, unknown> {
  const item = (i: MagentoOrderItem) => {
    const parent = i.parent_item_id === undefined ? undefined : order.items.find((p) => p.item_id === i.parent_item_id);
    return parent ? { ...i, parent_item: { ...parent } } : { ...i };
  };
  const items = order.items.map(item);
  return {
    ...order,
    items,
    status_histories: order.status_histories.map((h) => ({ ...h })),
    extension_attributes: {
      shipping_assignments: order.extension_attributes.shipping_assignments.map((a) => ({ shipping: a.shipping, items })),
    },
  };
}

const MAINTENANCE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Service Temporarily Unavailable</title></head>
<body><h1>Service Temporarily Unavailable</h1><p>The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.</p></body></html>`;

export function magento2Sandbox(options: Magento2SandboxOptions = {}): SandboxPlatform & { state: Magento2SandboxState } {
  const token = options.token ?? 'magento-sandbox-token';
  const now = options.now ?? Date.now;
  const maxPageSize = options.maxPageSize ?? MAX_PAGE_SIZE;
  const store = new MagentoStore(options.weightUnit ?? 'kgs');
  const demo = options.orders ?? demoOrders('MAG', 40, 2);
  // Oldest first, so entity ids grow with time as in a real store.
  [...demo].reverse().forEach((order, index) => store.addDemoOrder(order, index + 1));

  const getOrder = (id: unknown): MagentoOrder => {
    const order = typeof id === 'number' ? store.orders.get(id) : undefined;
    if (!order) throw noSuchEntity();
    return order;
  };

  const state: Magento2SandboxState = {
    store,
    outage: false,
    requests: [],
    setOutage(on) {
      state.outage = on;
    },
    orderByIncrementId: (incrementId) => [...store.orders.values()].find((o) => o.increment_id === incrementId),
    touch(entityId, change) {
      const order = getOrder(entityId);
      change?.(order);
      order.updated_at = magentoDate(now());
      return order;
    },
    cancel(entityId) {
      const order = getOrder(entityId);
      store.cancel(order, now());
      return order;
    },
  };

  // ---- endpoints ------------------------------------------------------------------------------

  type Handler = (ctx: { params: string[]; rawQuery: string; body: Record<string, unknown> }) => unknown;
  interface Route {
    method: 'GET' | 'POST';
    pattern: RegExp;
    resource: string;
    handle: Handler;
  }

  /** A path parameter declared `int` in the service signature. */
  const intParam = (value: string | undefined): number => {
    if (value === undefined || !/^\d+$/.test(value)) {
      throw new MagentoError(400, 'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.', {
        value: value ?? '',
        type: 'int',
      });
    }
    return Number(value);
  };

  const searchResult = <T>(rows: T[], rawQuery: string, columns: Record<string, Column<T>>, render: (row: T) => unknown) => {
    const criteria = readSearchCriteria(rawQuery, maxPageSize);
    const { items, totalCount } = applySearchCriteria(rows, criteria, columns);
    return { items: items.map(render), search_criteria: echoSearchCriteria(criteria), total_count: totalCount };
  };

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: /^orders$/,
      resource: RESOURCES.ordersView,
      handle: ({ rawQuery }) => searchResult([...store.orders.values()], rawQuery, orderColumns, orderJson),
    },
    {
      method: 'GET',
      pattern: /^orders\/([^/]+)$/,
      resource: RESOURCES.ordersView,
      handle: ({ params }) => orderJson(getOrder(intParam(params[0]))),
    },
    {
      method: 'GET',
      pattern: /^orders\/([^/]+)\/comments$/,
      resource: RESOURCES.comment,
      handle: ({ params }) => {
        const order = getOrder(intParam(params[0]));
        return {
          items: order.status_histories,
          search_criteria: { filter_groups: [] },
          total_count: order.status_histories.length,
        };
      },
    },
    {
      method: 'POST',
      pattern: /^orders\/([^/]+)\/comments$/,
      resource: RESOURCES.comment,
      handle: ({ params, body }) => {
        const order = getOrder(intParam(params[0]));
        const history = readData(requireParam(body, 'statusHistory'), ORDER_STATUS_HISTORY);
        // Magento\Sales\Plugin\...\AddComment: a comment may not move the order to another state.
        const status = typeof history.status === 'string' && history.status !== '' ? history.status : null;
        if (status !== null && !STATE_STATUSES[order.state].includes(status)) {
          throw new MagentoError(400, 'Unable to add comment: The status "%1" is not part of the order status history.', [
            status,
          ]);
        }
        store.addComment(
          order,
          {
            comment: (history.comment as string | undefined) ?? null,
            status: status ?? order.status,
            is_customer_notified: history.is_customer_notified === undefined ? null : history.is_customer_notified ? 1 : 0,
            is_visible_on_front: history.is_visible_on_front ? 1 : 0,
          },
          now(),
        );
        return true;
      },
    },
    {
      method: 'GET',
      pattern: /^shipments$/,
      resource: RESOURCES.shipmentView,
      handle: ({ rawQuery }) => searchResult([...store.shipments.values()], rawQuery, shipmentColumns, (s) => s),
    },
    {
      method: 'GET',
      pattern: /^shipment\/([^/]+)$/,
      resource: RESOURCES.shipmentView,
      handle: ({ params }) => {
        const shipment = store.shipments.get(intParam(params[0]));
        if (!shipment) throw noSuchEntity();
        return shipment;
      },
    },
    {
      method: 'POST',
      pattern: /^order\/([^/]+)\/ship$/,
      resource: RESOURCES.ship,
      handle: ({ params, body }) => shipOrder(intParam(params[0]), body),
    },
    {
      method: 'POST',
      pattern: /^shipment\/track$/,
      resource: RESOURCES.ship,
      handle: ({ body }) => {
        const entity = readData(requireParam(body, 'entity'), SHIPMENT_TRACK);
        // TrackRepository::save: the shipment must belong to the order named in the track.
        const shipment = typeof entity.parent_id === 'number' ? store.shipments.get(entity.parent_id) : undefined;
        if (!shipment || shipment.order_id !== entity.order_id) {
          throw new MagentoError(400, 'Could not save the shipment tracking.');
        }
        if (typeof entity.track_number !== 'string' || entity.track_number === '') {
          throw new MagentoError(400, 'Could not save the shipment tracking.');
        }
        return store.addTrack(
          shipment,
          {
            track_number: entity.track_number,
            title: (entity.title as string | undefined) ?? null,
            carrier_code: (entity.carrier_code as string | undefined) ?? null,
            description: (entity.description as string | undefined) ?? null,
            weight: (entity.weight as number | undefined) ?? null,
            qty: (entity.qty as number | undefined) ?? null,
          },
          now(),
        );
      },
    },
    {
      method: 'POST',
      pattern: /^shipment\/([^/]+)\/emails$/,
      resource: RESOURCES.ship,
      handle: ({ params }) => {
        const shipment = store.shipments.get(intParam(params[0]));
        if (!shipment) throw noSuchEntity();
        shipment.email_sent = 1;
        return true;
      },
    },
    {
      method: 'GET',
      pattern: /^store\/storeConfigs$/,
      resource: RESOURCES.store,
      handle: () => [
        {
          id: 1,
          code: 'default',
          website_id: 1,
          locale: 'en_US',
          base_currency_code: 'EUR',
          default_display_currency_code: 'EUR',
          timezone: 'Europe/Amsterdam',
          weight_unit: store.weightUnit,
          base_url: 'http://magento.sandbox/',
          base_link_url: 'http://magento.sandbox/',
          base_static_url: 'http://magento.sandbox/static/',
          base_media_url: 'http://magento.sandbox/media/',
          secure_base_url: 'https://magento.sandbox/',
          secure_base_link_url: 'https://magento.sandbox/',
          secure_base_static_url: 'https://magento.sandbox/static/',
          secure_base_media_url: 'https://magento.sandbox/media/',
        },
      ],
    },
  ];

  /**
   * Magento\Sales\Model\ShipOrder::execute, as of 2.4: the shipment document is built by the
   * ShipmentFactory (an empty item list ships everything still open; a requested quantity above
   * what is left is cut down to what is left; an item that cannot ship is left out; a child of a
   * configurable product ships with its parent), then validated (CanShip, QuantityValidator,
   * TrackValidator) — all messages in one 400 — then registered on the order.
   */
  function shipOrder(orderId: number, body: Record<string, unknown>): number {
    const order = getOrder(orderId);
    const items = readList(param(body, 'items'), SHIPMENT_ITEM_CREATION);
    const tracks = readList(param(body, 'tracks'), SHIPMENT_TRACK_CREATION);
    readList(param(body, 'packages'), SHIPMENT_PACKAGE_CREATION);
    const commentInput = param(body, 'comment');
    const comment =
      commentInput === undefined || commentInput === null ? null : readData(commentInput, SHIPMENT_COMMENT_CREATION);
    const notify = param(body, 'notify') === true || param(body, 'notify') === 'true' || param(body, 'notify') === 1;
    const appendComment =
      param(body, 'appendComment') === true || param(body, 'appendComment') === 'true' || param(body, 'appendComment') === 1;

    const requested = new Map<number, number>();
    for (const item of items) {
      if (typeof item.order_item_id !== 'number') continue;
      requested.set(item.order_item_id, (typeof item.qty === 'number' ? item.qty : 0) + (requested.get(item.order_item_id) ?? 0));
    }
    const lines: { itemId: number; qty: number }[] = [];
    for (const orderItem of MagentoStore.shippableItems(order)) {
      const open = MagentoStore.qtyToShip(orderItem);
      if (open <= 0) continue;
      let qty: number;
      if (requested.size === 0) qty = open;
      else {
        const want = requested.get(orderItem.item_id);
        if (want === undefined || want <= 0) continue;
        qty = Math.min(want, open);
      }
      lines.push({ itemId: orderItem.item_id, qty });
    }

    for (const track of tracks) {
      if (typeof track.track_number !== 'string' || track.track_number === '') {
        throw new MagentoError(400, 'Please enter a tracking number.');
      }
    }

    const messages: string[] = [];
    if (order.state === 'payment_review' || order.state === 'holded' || order.state === 'canceled' || order.is_virtual) {
      messages.push(`A shipment cannot be created when an order has a status of ${order.status}`);
    } else if (!MagentoStore.shippableItems(order).some((i) => MagentoStore.qtyToShip(i) > 0)) {
      messages.push('The order does not allow a shipment to be created.');
    }
    if (lines.reduce((sum, l) => sum + l.qty, 0) <= 0) messages.push("You can't create a shipment without products.");
    if (messages.length) throw new MagentoError(400, `Shipment Document Validation Error(s):\n${messages.join('\n')}`);

    const shipment = store.ship(
      order,
      lines,
      tracks.map((t) => ({
        track_number: t.track_number as string,
        title: (t.title as string | undefined) ?? null,
        carrier_code: (t.carrier_code as string | undefined) ?? null,
      })),
      comment && typeof comment.comment === 'string' && comment.comment !== ''
        ? { comment: comment.comment, is_visible_on_front: comment.is_visible_on_front ? 1 : 0 }
        : null,
      notify,
      now(),
    );
    if (notify && appendComment) shipment.email_sent = 1;
    return shipment.entity_id;
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  const send = (res: Response, status: number, body: unknown) => {
    res.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
  };

  function handleRest(req: Request, res: Response) {
    if (state.outage) {
      res.status(503).set('Retry-After', '30').type('text/html; charset=UTF-8').send(MAINTENANCE_PAGE);
      return;
    }
    const rawQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
    let body: unknown;
    try {
      // Webapi\Controller\PathProcessor: an optional store code before V1 ("default", or "all").
      const match = /^\/(?:(default|all)\/)?V1\/(.+?)\/?$/.exec(req.path);
      const path = match?.[2];
      const route = path === undefined ? undefined : routes.find((r) => r.method === req.method && r.pattern.test(path));
      if (!route || path === undefined) throw new MagentoError(404, 'Request does not match any route.');

      const auth = req.get('authorization') ?? '';
      const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
      if (bearer !== token) {
        throw new MagentoError(401, "The consumer isn't authorized to access %resources.", { resources: route.resource });
      }

      body = {};
      if (req.method === 'POST') {
        const contentType = req.get('content-type');
        if (!contentType) throw new MagentoError(400, 'Content-Type header is empty.');
        if (!/^application\/json\b/i.test(contentType)) {
          throw new MagentoError(400, 'Server cannot understand Content-Type HTTP header media type %1', [
            contentType.split(';')[0]!,
          ]);
        }
        const text = typeof req.body === 'string' ? req.body : '';
        try {
          body = text.trim() === '' ? {} : JSON.parse(text);
        } catch {
          throw new MagentoError(400, 'Decoding error.');
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new MagentoError(400, 'Decoding error.');
      }
      state.requests.push({ method: req.method, url: req.originalUrl, body });
      const params = route.pattern.exec(path)!.slice(1);
      const result = route.handle({ params, rawQuery, body: body as Record<string, unknown> });
      send(res, 200, result);
    } catch (error) {
      if (body === undefined) state.requests.push({ method: req.method, url: req.originalUrl, body: null });
      const e = error instanceof MagentoError ? error : internalError();
      send(res, e.status, e.body());
    }
  }

  const router = express.Router();
  router.use('/rest', express.text({ type: () => true, limit: '5mb' }), handleRest);

  // Test hooks: not part of Magento. No auth, and they work during an outage.
  const hooks = express.Router();
  hooks.use(express.json());
  const hook = (fn: (req: Request) => unknown) => (req: Request, res: Response) => {
    try {
      send(res, 200, fn(req));
    } catch (error) {
      const e = error instanceof MagentoError ? error : internalError();
      send(res, e.status, e.body());
    }
  };
  hooks.post(
    '/outage',
    hook((req) => {
      state.setOutage(Boolean((req.body as { enabled?: unknown } | undefined)?.enabled));
      return { outage: state.outage };
    }),
  );
  hooks.post(
    '/orders/:id/touch',
    hook((req) => {
      const comment = (req.body as { comment?: unknown } | undefined)?.comment;
      const order = state.touch(Number(req.params.id), (o) => {
        if (typeof comment === 'string')
          store.addComment(o, { comment, status: o.status, is_customer_notified: 0, is_visible_on_front: 0 }, now());
      });
      return { entity_id: order.entity_id, updated_at: order.updated_at };
    }),
  );
  hooks.post(
    '/orders/:id/cancel',
    hook((req) => {
      const order = state.cancel(Number(req.params.id));
      return { entity_id: order.entity_id, state: order.state, updated_at: order.updated_at };
    }),
  );
  router.use('/__sandbox', hooks);

  return { name: 'magento2', router, state };
}

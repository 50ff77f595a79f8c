import express, { type Request, type Response } from 'express';
import {
  execute,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { demoOrders, type DemoOrder } from '../seed';
import type { SandboxPlatform } from '../server';
import { actualCost, LeakyBucket, requestedCost, SINGLE_QUERY_MAX_COST, type ThrottleStatus } from './cost';
import { rootValue, type RequestContext } from './resolvers';
import { buildShopifySchema } from './schema';
import { gid, IdSequence, ShopifyShop, type ShopChange } from './store';
import { fulfillmentOrderPayload, fulfillmentPayload, inventoryLevelPayload, orderPayload, WebhookSender, type WebhookDelivery } from './webhooks';

export { signShopifyWebhook, type WebhookDelivery } from './webhooks';
export { ShopifyShop, gid as shopifyGid, parseGid as parseShopifyGid } from './store';

/** The API version this stand-in implements; older stable versions fall forward to the oldest it serves, as on Shopify. */
export const SHOPIFY_SANDBOX_API_VERSION = '2025-10';
const SERVED_VERSIONS = ['2025-07', '2025-10', '2026-01'];

export const SHOPIFY_INVALID_TOKEN_BODY = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };

export interface ShopifySandboxOptions {
  /** Shops by handle (`/shopify/<handle>`), each with its demo orders. Default: `demo-store` with demoOrders('SHP', 60, 1). */
  shops?: Record<string, DemoOrder[]>;
  /** The Admin API access token the app must send in X-Shopify-Access-Token. Default `shpat_sandbox_demo`. */
  accessToken?: string;
  /** The app's client secret, which signs webhooks. Default `shpss_sandbox_webhook_secret`. */
  webhookSecret?: string;
  /** The leaky bucket per shop. Default: 2000 points, restoring 100 per second (Standard plan). */
  bucket?: { maximumAvailable: number; restoreRate: number };
  /** Where webhooks are POSTed; unset means they are only recorded in `state.webhooks`. */
  webhookTarget?: string;
  /** Clock in ms, for the bucket and timestamps. Default Date.now. */
  now?: () => number;
}

export interface ShopifyRequestLog {
  shop: string;
  version: string;
  status: number;
  operation: 'query' | 'mutation' | null;
  operationName: string | null;
  /** The root fields asked for, e.g. ["orders"] or ["fulfillmentCreate"]. */
  fields: string[];
  variables: Record<string, unknown>;
  requestedQueryCost: number | null;
  actualQueryCost: number | null;
  throttled: boolean;
  at: number;
}

/** What tests can look at and steer: shops, buckets, outages, requests and webhook deliveries. */
export class ShopifySandboxState {
  readonly shops = new Map<string, ShopifyShop>();
  readonly buckets = new Map<string, LeakyBucket>();
  readonly requests: ShopifyRequestLog[] = [];
  readonly webhooks: WebhookSender;
  webhookTarget: string | undefined;
  private readonly outages = new Set<string>();
  private failures = new Map<string, { remaining: number; status: number }>();

  constructor(
    readonly accessToken: string,
    readonly webhookSecret: string,
    readonly clock: () => number,
    webhookTarget: string | undefined,
  ) {
    this.webhookTarget = webhookTarget;
    this.webhooks = new WebhookSender({ secret: webhookSecret, apiVersion: SHOPIFY_SANDBOX_API_VERSION, target: () => this.webhookTarget, clock });
  }

  shop(handle = 'demo-store'): ShopifyShop {
    const shop = this.shops.get(handle);
    if (!shop) throw new Error(`The Shopify sandbox has no shop "${handle}" (it has: ${[...this.shops.keys()].join(', ')})`);
    return shop;
  }

  bucket(handle = 'demo-store'): LeakyBucket {
    this.shop(handle);
    return this.buckets.get(handle)!;
  }

  /** Every request to the shop answers 503 while on. */
  setOutage(on: boolean, handle = 'demo-store') {
    if (on) this.outages.add(handle);
    else this.outages.delete(handle);
  }

  inOutage(handle: string) {
    return this.outages.has(handle);
  }

  /** The next `count` requests to the shop answer `status` (default 503), then it recovers. */
  failNext(count: number, status = 503, handle = 'demo-store') {
    this.failures.set(handle, { remaining: count, status });
  }

  takeFailure(handle: string): number | null {
    const f = this.failures.get(handle);
    if (!f || f.remaining <= 0) return null;
    f.remaining--;
    return f.status;
  }

  /** The order with this name (`#1001`) in a shop. */
  orderByName(name: string, handle = 'demo-store') {
    const order = [...this.shop(handle).orders.values()].find((o) => o.name === name);
    if (!order) throw new Error(`No order ${name} in shop ${handle}`);
    return order;
  }

  /** Sends one webhook for a record now, as Shopify would on that change. */
  triggerWebhook(topic: string, about: { orderId?: number; fulfillmentId?: number; fulfillmentOrderId?: number }, handle = 'demo-store'): WebhookDelivery {
    const shop = this.shop(handle);
    let payload: unknown;
    if (about.orderId !== undefined) payload = orderPayload(shop, shop.order(about.orderId) ?? fail(`No order ${about.orderId}`));
    else if (about.fulfillmentId !== undefined) payload = fulfillmentPayload(shop, shop.fulfillments.get(about.fulfillmentId) ?? fail(`No fulfillment ${about.fulfillmentId}`));
    else if (about.fulfillmentOrderId !== undefined)
      payload = fulfillmentOrderPayload(shop.fulfillmentOrders.get(about.fulfillmentOrderId) ?? fail(`No fulfillment order ${about.fulfillmentOrderId}`));
    else throw new Error('triggerWebhook needs an orderId, fulfillmentId or fulfillmentOrderId');
    return this.webhooks.send(shop.domain, topic, payload);
  }

  /**
   * Stock of a SKU changes in a shop (a delivery arrives: `{ adjust: 5 }`; a count: `{ available: 3 }`),
   * and Shopify sends inventory_levels/update. Returns the new available quantity.
   */
  adjustInventory(sku: string, change: { adjust: number } | { available: number }, handle = 'demo-store'): number {
    return this.shop(handle).adjustInventory(sku, change).inventoryQuantity;
  }

  flushWebhooks() {
    return this.webhooks.flush();
  }

  onChange(handle: string, change: ShopChange) {
    const shop = this.shop(handle);
    switch (change.topic) {
      case 'orders/create':
      case 'orders/updated':
      case 'orders/cancelled':
        this.triggerWebhook(change.topic, { orderId: change.orderId }, handle);
        break;
      case 'fulfillments/create':
      case 'fulfillments/update':
        this.triggerWebhook(change.topic, { fulfillmentId: change.fulfillmentId }, handle);
        break;
      case 'fulfillment_events/create': {
        const f = shop.fulfillments.get(change.fulfillmentId)!;
        const e = f.events.find((x) => x.id === change.fulfillmentEventId)!;
        this.webhooks.send(shop.domain, change.topic, {
          id: e.id,
          admin_graphql_api_id: gid('FulfillmentEvent', e.id),
          fulfillment_id: f.id,
          order_id: f.orderId,
          status: e.status.toLowerCase(),
          happened_at: e.happenedAt,
          created_at: e.createdAt,
          message: e.message,
          estimated_delivery_at: e.estimatedDeliveryAt,
        });
        break;
      }
      case 'fulfillment_orders/placed_on_hold':
      case 'fulfillment_orders/hold_released':
        this.triggerWebhook(change.topic, { fulfillmentOrderId: change.fulfillmentOrderId }, handle);
        break;
      case 'inventory_levels/update':
        this.webhooks.send(shop.domain, change.topic, inventoryLevelPayload(shop, shop.products.get(change.sku)!, change.at));
        break;
    }
  }
}

function fail(message: string): never {
  throw new Error(message);
}

function throttleOf(state: ShopifySandboxState, handle: string): ThrottleStatus {
  return state.bucket(handle).status();
}

/**
 * A stand-in for the Shopify Admin GraphQL API, mounted at /shopify: a shop's base URL is
 * `/shopify/<handle>` and its endpoint `POST /shopify/<handle>/admin/api/<version>/graphql.json`.
 */
export function shopifySandbox(options: ShopifySandboxOptions = {}): SandboxPlatform & { state: ShopifySandboxState } {
  const clock = options.now ?? Date.now;
  const state = new ShopifySandboxState(options.accessToken ?? 'shpat_sandbox_demo', options.webhookSecret ?? 'shpss_sandbox_webhook_secret', clock, options.webhookTarget);
  const ids = new IdSequence();
  const bucketConfig = options.bucket ?? { maximumAvailable: 2000, restoreRate: 100 };
  for (const [handle, orders] of Object.entries(options.shops ?? { 'demo-store': demoOrders('SHP', 60, 1) })) {
    const shop = new ShopifyShop(handle, ids, clock);
    // Oldest first, so ids grow with time as in Shopify.
    for (const demo of [...orders].sort((a, b) => a.placedAt.localeCompare(b.placedAt))) shop.addOrder(demo, { silent: true });
    shop.onChange((change) => state.onChange(handle, change));
    state.shops.set(handle, shop);
    state.buckets.set(handle, new LeakyBucket(bucketConfig.maximumAvailable, bucketConfig.restoreRate, clock));
  }

  const schema = buildShopifySchema();
  const root = rootValue();
  const router = express.Router();
  router.use(express.text({ type: () => true, limit: '2mb' }));

  // ---- test hooks (no auth, never rate limited or faulted) --------------------------------------
  /** POST /__sandbox/<shop>/inventory {"sku": "...", "adjust": 5} or {"sku": "...", "available": 3}: stock changes, the webhook goes out. */
  router.post('/__sandbox/:shop/inventory', (req: Request, res: Response) => {
    let body: { sku?: unknown; adjust?: unknown; available?: unknown };
    try {
      body = JSON.parse(typeof req.body === 'string' && req.body ? req.body : '{}') as typeof body;
    } catch {
      return res.status(400).json({ error: 'The body must be JSON: {"sku": "...", "adjust": 5} or {"sku": "...", "available": 3}' });
    }
    const handle = String(req.params.shop);
    if (!state.shops.has(handle)) return res.status(404).json({ error: `No shop ${handle}` });
    if (typeof body.sku !== 'string') return res.status(400).json({ error: 'sku is required' });
    const change = Number.isInteger(body.adjust) ? { adjust: body.adjust as number } : Number.isInteger(body.available) ? { available: body.available as number } : null;
    if (!change) return res.status(400).json({ error: 'Give a whole number as adjust or available' });
    try {
      const available = state.adjustInventory(body.sku, change, handle);
      const product = state.shop(handle).products.get(body.sku)!;
      return res.json({ sku: body.sku, inventoryItemId: gid('InventoryItem', product.inventoryItemId), available });
    } catch (err) {
      return res.status(404).json({ error: err instanceof Error ? err.message : String(err) });
    }
  });

  router.all('/:shop/admin/api/:version/graphql.json', async (req: Request, res: Response) => {
    const handle = String(req.params.shop);
    const version = String(req.params.version);
    const log: ShopifyRequestLog = {
      shop: handle,
      version,
      status: 200,
      operation: null,
      operationName: null,
      fields: [],
      variables: {},
      requestedQueryCost: null,
      actualQueryCost: null,
      throttled: false,
      at: clock(),
    };
    state.requests.push(log);
    const answer = (status: number, body: unknown) => {
      log.status = status;
      res.status(status).json(body);
    };
    if (!state.shops.has(handle)) return answer(404, { errors: 'Not Found' });
    if (state.inOutage(handle)) {
      res.setHeader('Retry-After', '1');
      return answer(503, { errors: 'Service Unavailable' });
    }
    const failure = state.takeFailure(handle);
    if (failure !== null) return answer(failure, { errors: failure === 503 ? 'Service Unavailable' : 'Internal Server Error' });

    const served = resolveVersion(version);
    if (!served) return answer(404, { errors: 'Not Found' });
    res.setHeader('X-Shopify-API-Version', served);
    if (req.method !== 'POST') return answer(405, { errors: 'Method Not Allowed' });
    if (req.get('x-shopify-access-token') !== state.accessToken) return answer(401, SHOPIFY_INVALID_TOKEN_BODY);

    const body = readBody(req);
    if (!body) return answer(400, { errors: { query: 'Required parameter missing or invalid' } });
    log.variables = body.variables;

    const throttle = () => throttleOf(state, handle);
    const cost = (requested: number, actual: number | null) => ({ cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttle() } });

    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (err) {
      const e = err as GraphQLError;
      return answer(200, { errors: [e.toJSON()], extensions: cost(0, 0) });
    }
    const validationErrors = validate(schema, document);
    if (validationErrors.length > 0) return answer(200, { errors: validationErrors.map((e) => e.toJSON()), extensions: cost(0, 0) });

    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = body.operationName ? operations.find((o) => o.name?.value === body.operationName) : operations.length === 1 ? operations[0] : undefined;
    if (!operation) {
      const message = body.operationName ? `Unknown operation named "${body.operationName}".` : 'An operation name is required when the document has more than one operation.';
      return answer(200, { errors: [{ message }], extensions: cost(0, 0) });
    }
    log.operation = operation.operation === 'mutation' ? 'mutation' : 'query';
    log.operationName = operation.name?.value ?? null;
    log.fields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
    if (operation.operation === 'subscription') return answer(200, { errors: [{ message: 'Subscriptions are not supported.' }], extensions: cost(0, 0) });

    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], body.variables);
    if (coerced.errors) return answer(200, { errors: coerced.errors.map((e) => e.toJSON()), extensions: cost(0, 0) });
    const rootType = operation.operation === 'mutation' ? schema.getMutationType()! : schema.getQueryType()!;
    const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
    const costInput = { operation, rootType, fragments, variables: coerced.coerced };
    const requested = requestedCost(costInput);
    log.requestedQueryCost = requested.cost;
    if (requested.errors.length > 0) return answer(200, { errors: requested.errors.map((e) => e.toJSON()), extensions: cost(requested.cost, null) });

    const bucket = state.bucket(handle);
    const maxCost = Math.min(SINGLE_QUERY_MAX_COST, bucket.maximumAvailable);
    if (requested.cost > maxCost) {
      return answer(200, {
        errors: [
          {
            message: `Query cost is ${requested.cost}, which exceeds the single query max cost limit (${maxCost}). See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the cost of a query is calculated. To query larger amounts of data with fewer limits, bulk operations should be used instead.`,
            extensions: { code: 'MAX_COST_EXCEEDED', cost: requested.cost, maxCost, documentation: 'https://shopify.dev/api/usage/rate-limits' },
          },
        ],
        extensions: cost(requested.cost, null),
      });
    }
    if (!bucket.take(requested.cost)) {
      log.throttled = true;
      return answer(200, {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
        extensions: cost(requested.cost, null),
      });
    }

    const shop = state.shop(handle);
    const context: RequestContext = { shop, search: [] };
    const result = await execute({ schema, document, rootValue: root, contextValue: context, variableValues: body.variables, operationName: body.operationName ?? undefined });
    const actual = actualCost(costInput, result.data);
    bucket.refund(Math.max(0, requested.cost - actual));
    log.actualQueryCost = actual;
    const extensions: Record<string, unknown> = cost(requested.cost, actual);
    if (context.search.length > 0) extensions.search = context.search;
    return answer(200, { ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}), data: result.data ?? null, extensions });
  });

  router.use((req, res) => {
    res.status(404).json({ errors: 'Not Found' });
  });

  return { name: 'shopify', router, state };
}

function resolveVersion(version: string): string | null {
  if (version === 'unstable') return version;
  if (!/^\d{4}-(01|04|07|10)$/.test(version)) return null;
  if (SERVED_VERSIONS.includes(version)) return version;
  // An unsupported (too old) version falls forward to the oldest supported one; a future one is unknown.
  return version < SERVED_VERSIONS[0]! ? SERVED_VERSIONS[0]! : null;
}

function readBody(req: Request): { query: string; variables: Record<string, unknown>; operationName: string | null } | null {
  const raw = typeof req.body === 'string' ? req.body : '';
  const type = req.get('content-type') ?? '';
  if (type.includes('application/graphql')) return raw.trim() ? { query: raw, variables: {}, operationName: null } : null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { query, variables, operationName } = parsed as Record<string, unknown>;
  if (typeof query !== 'string' || !query.trim()) return null;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  return { query, variables: (variables as Record<string, unknown> | null) ?? {}, operationName: typeof operationName === 'string' ? operationName : null };
}

import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../server';
import { shopifySandbox, type ShopifySandboxOptions } from './index';

const TOKEN = 'shpat_sandbox_demo';
const VERSION = '2025-10';

interface GqlResponse {
  status: number;
  body: {
    // Response data is checked field by field in each test; typing every query's shape adds nothing.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    data?: Record<string, any> | null;
    errors?: { message: string; extensions?: Record<string, unknown>; path?: string[] }[] | string;
    extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } }; search?: unknown[] };
  };
  headers: Headers;
}

let running: RunningSandbox | null = null;
let receiver: Server | null = null;

afterEach(async () => {
  await running?.close();
  running = null;
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  receiver = null;
});

async function start(options: ShopifySandboxOptions = {}) {
  const platform = shopifySandbox(options);
  running = await startSandbox([platform]);
  const endpoint = `${running.baseUrl('shopify')}/demo-store/admin/api/${VERSION}/graphql.json`;
  const gql = async (query: string, variables: Record<string, unknown> = {}, token: string | null = TOKEN): Promise<GqlResponse> => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token === null ? {} : { 'X-Shopify-Access-Token': token }) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as GqlResponse['body'], headers: res.headers };
  };
  return { platform, state: platform.state, gql, endpoint };
}

const ORDER_QUERY = /* GraphQL */ `
  query Order($id: ID!) {
    order(id: $id) {
      id
      name
      displayFulfillmentStatus
      lineItems(first: 10) {
        nodes {
          id
          sku
          quantity
          variant {
            inventoryItem {
              harmonizedSystemCode
              countryCodeOfOrigin
              measurement {
                weight {
                  value
                  unit
                }
              }
            }
          }
        }
      }
      fulfillmentOrders(first: 10) {
        nodes {
          id
          status
          lineItems(first: 10) {
            nodes {
              id
              remainingQuantity
              totalQuantity
              lineItem {
                id
                sku
              }
            }
          }
        }
      }
      fulfillments(first: 10) {
        id
        status
        trackingInfo {
          number
          company
          url
        }
        fulfillmentLineItems(first: 10) {
          nodes {
            quantity
            lineItem {
              id
            }
          }
        }
      }
    }
  }
`;

const CREATE = /* GraphQL */ `
  mutation Create($fulfillment: FulfillmentInput!) {
    fulfillmentCreate(fulfillment: $fulfillment) {
      fulfillment {
        id
        status
        trackingInfo {
          number
          company
          url
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

type FoNode = { id: string; status: string; lineItems: { nodes: { id: string; remainingQuantity: number; totalQuantity: number; lineItem: { id: string; sku: string } }[] } };

async function firstOrder(gql: Awaited<ReturnType<typeof start>>['gql'], state: Awaited<ReturnType<typeof start>>['state']) {
  const order = state.orderByName('#1001');
  const res = await gql(ORDER_QUERY, { id: `gid://shopify/Order/${order.id}` });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.order as { id: string; lineItems: { nodes: { id: string; sku: string }[] }; fulfillmentOrders: { nodes: FoNode[] } };
}

describe('Shopify sandbox: auth and transport', () => {
  it('refuses a missing or wrong access token with 401 and Shopify’s body', async () => {
    const { gql } = await start();
    for (const token of [null, 'shpat_wrong']) {
      const res = await gql('{ shop { name } }', {}, token);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
    const ok = await gql('{ shop { name myshopifyDomain } }');
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ shop: { name: 'demo-store', myshopifyDomain: 'demo-store.myshopify.com' } });
    expect(ok.headers.get('x-shopify-api-version')).toBe('2025-10');
  });

  it('answers 404 for an unknown shop or version, 400 for a body without a query', async () => {
    const { endpoint } = await start();
    const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': TOKEN }, body });
    expect((await post(endpoint.replace('demo-store', 'nope'), '{"query":"{shop{name}}"}')).status).toBe(404);
    expect((await post(endpoint.replace(VERSION, '2099-01'), '{"query":"{shop{name}}"}')).status).toBe(404);
    expect((await post(endpoint, '{"variables":{}}')).status).toBe(400);
    expect((await post(endpoint, 'not json')).status).toBe(400);
  });

  it('validates queries against the schema with GraphQL errors', async () => {
    const { gql } = await start();
    const res = await gql('{ orders(first: 1) { nodes { id notAField } } }');
    expect(res.status).toBe(200);
    expect((res.body.errors as { message: string }[])[0]!.message).toMatch(/Cannot query field "notAField" on type "Order"/);
    const badEnum = await gql('mutation { fulfillmentEventCreate(fulfillmentEvent: {fulfillmentId: "gid://shopify/Fulfillment/1", status: SHIPPED}) { userErrors { message } } }');
    expect((badEnum.body.errors as { message: string }[])[0]!.message).toMatch(/FulfillmentEventStatus/);
  });

  it('answers 503 during an outage and for failNext, then recovers', async () => {
    const { gql, state } = await start();
    state.setOutage(true);
    expect((await gql('{ shop { name } }')).status).toBe(503);
    state.setOutage(false);
    state.failNext(1, 502);
    expect((await gql('{ shop { name } }')).status).toBe(502);
    expect((await gql('{ shop { name } }')).status).toBe(200);
  });
});

describe('Shopify sandbox: orders', () => {
  it('pages through every order by updatedAt with cursors, and reports cost', async () => {
    const { gql } = await start();
    const query = /* GraphQL */ `
      query Orders($after: String) {
        orders(first: 25, after: $after, sortKey: UPDATED_AT) {
          edges {
            cursor
            node {
              id
              name
              updatedAt
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    `;
    const seen: { id: string; updatedAt: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res = await gql(query, { after });
      expect(res.body.errors).toBeUndefined();
      const cost = res.body.extensions!.cost;
      expect(cost.requestedQueryCost).toBe(2 + 25 * 1);
      expect(cost.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
      const orders = res.body.data!.orders;
      seen.push(...orders.edges.map((e: { node: { id: string; updatedAt: string } }) => e.node));
      pages++;
      if (!orders.pageInfo.hasNextPage) break;
      after = orders.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(60);
    expect(new Set(seen.map((o) => o.id)).size).toBe(60);
    expect(seen.map((o) => o.updatedAt)).toEqual([...seen.map((o) => o.updatedAt)].sort());
    expect(seen[0]!.id).toMatch(/^gid:\/\/shopify\/Order\/\d+$/);
  });

  it('filters with the search syntax and warns about unknown fields', async () => {
    const { gql, state } = await start();
    const all = [...state.shop().orders.values()].map((o) => o.updatedAt).sort();
    const since = all[50]!;
    const res = await gql(`query($q: String) { orders(first: 250, query: $q, sortKey: UPDATED_AT) { nodes { updatedAt } } }`, { q: `updated_at:>='${since}'` });
    const got = res.body.data!.orders.nodes as { updatedAt: string }[];
    expect(got.length).toBe(all.filter((u) => u >= since).length);
    expect(got.every((o) => o.updatedAt >= since)).toBe(true);
    const warned = await gql(`{ orders(first: 5, query: "colour:blue") { nodes { id } } }`);
    expect(warned.body.extensions!.search).toEqual([{ path: ['orders'], query: 'colour:blue', warnings: [{ field: 'colour', message: 'Invalid search field for this query.' }] }]);
  });

  it('refuses a connection without first/last or with more than 250', async () => {
    const { gql } = await start();
    const none = await gql('{ orders { nodes { id } } }');
    expect((none.body.errors as { message: string }[])[0]!.message).toBe('you must provide one of first or last');
    expect(none.body.data).toBeUndefined();
    const tooMany = await gql('{ orders(first: 251) { nodes { id } } }');
    expect((tooMany.body.errors as { message: string }[])[0]!.message).toMatch(/between 0 and 250/);
  });

  it('serves an order with line items, customs data, fulfillment orders and seeded fulfillments', async () => {
    const { gql, state } = await start();
    const order = await firstOrder(gql, state);
    expect(order.lineItems.nodes.map((l) => l.sku)).toEqual(['MUG-ENAMEL-WHT', 'TEE-ORG-M', 'POSTER-A2-DUNES']);
    expect(order.fulfillmentOrders.nodes).toHaveLength(1);
    const fo = order.fulfillmentOrders.nodes[0]!;
    expect(fo.status).toBe('OPEN');
    expect(fo.lineItems.nodes.map((l) => [l.lineItem.sku, l.remainingQuantity])).toEqual([
      ['MUG-ENAMEL-WHT', 3],
      ['TEE-ORG-M', 2],
      ['POSTER-A2-DUNES', 1],
    ]);
    // Fulfillment-order line items are their own records, not the order's line items.
    expect(fo.lineItems.nodes[0]!.id).toMatch(/^gid:\/\/shopify\/FulfillmentOrderLineItem\//);
    expect(fo.lineItems.nodes[0]!.lineItem.id).toBe(order.lineItems.nodes[0]!.id);

    // An older, partly shipped order: the fulfillment order is IN_PROGRESS and the fulfillment has tracking.
    const partly = [...state.shop().orders.values()].find((o) => {
      const f = state.shop().orderFulfillments(o);
      return f.length > 0 && state.shop().displayFulfillmentStatus(o) === 'PARTIALLY_FULFILLED';
    })!;
    const res = await gql(ORDER_QUERY, { id: `gid://shopify/Order/${partly.id}` });
    const data = res.body.data!.order;
    expect(data.displayFulfillmentStatus).toBe('PARTIALLY_FULFILLED');
    expect(data.fulfillmentOrders.nodes[0].status).toBe('IN_PROGRESS');
    expect(data.fulfillments[0].trackingInfo[0].number).toMatch(/^3SDEMO/);
    expect(data.fulfillments[0].status).toBe('SUCCESS');
  });

  it('keeps heavy items in kilograms', async () => {
    const { gql, state } = await start();
    const withLamp = [...state.shop().orders.values()].find((o) => o.lineItems.some((l) => l.product.sku === 'LAMP-DESK-BRS'))!;
    const res = await gql(ORDER_QUERY, { id: `gid://shopify/Order/${withLamp.id}` });
    const lamp = res.body.data!.order.lineItems.nodes.find((l: { sku: string }) => l.sku === 'LAMP-DESK-BRS');
    expect(lamp.variant.inventoryItem.measurement.weight).toEqual({ value: 1.85, unit: 'KILOGRAMS' });
    expect(lamp.variant.inventoryItem.harmonizedSystemCode).toBe('940520');
  });
});

describe('Shopify sandbox: fulfillments', () => {
  it('creates a partial fulfillment and refuses more than what remains', async () => {
    const { gql, state } = await start();
    const order = await firstOrder(gql, state);
    const fo = order.fulfillmentOrders.nodes[0]!;
    const mug = fo.lineItems.nodes[0]!;
    const ok = await gql(CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: mug.id, quantity: 2 }] }],
        trackingInfo: { number: '3SSHIP0001', company: 'PostNL' },
        notifyCustomer: true,
      },
    });
    expect(ok.body.data!.fulfillmentCreate.userErrors).toEqual([]);
    expect(ok.body.data!.fulfillmentCreate.fulfillment.trackingInfo).toEqual([{ number: '3SSHIP0001', company: 'PostNL', url: 'https://jouw.postnl.nl/track-and-trace/3SSHIP0001' }]);
    expect(ok.body.extensions!.cost.requestedQueryCost).toBe(10);

    const after = await firstOrder(gql, state);
    const foAfter = after.fulfillmentOrders.nodes[0]!;
    expect(foAfter.status).toBe('IN_PROGRESS');
    expect(foAfter.lineItems.nodes[0]!.remainingQuantity).toBe(1);

    const over = await gql(CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: mug.id, quantity: 2 }] }] } });
    expect(over.body.data!.fulfillmentCreate.fulfillment).toBeNull();
    expect(over.body.data!.fulfillmentCreate.userErrors[0].message).toMatch(/only 1 remaining/);
    expect(over.body.data!.fulfillmentCreate.userErrors[0].field).toEqual(['fulfillment', 'lineItemsByFulfillmentOrder', '0', 'fulfillmentOrderLineItems', '0', 'quantity']);

    // An order line item id is not a fulfillment-order line item id.
    const wrongId = await gql(CREATE, {
      fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: order.lineItems.nodes[1]!.id, quantity: 1 }] }] },
    });
    expect(wrongId.body.data!.fulfillmentCreate.userErrors[0].message).toMatch(/does not exist on fulfillment order/);
    const unknownFo = await gql(CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/1' }] } });
    expect(unknownFo.body.data!.fulfillmentCreate.userErrors[0].message).toMatch(/does not exist/);

    const shop = state.shop();
    const record = state.orderByName('#1001');
    expect(shop.orderFulfillments(record)).toHaveLength(1);
    expect(shop.orderFulfillments(record)[0]!.notifyCustomer).toBe(true);
  });

  it('holds part of a fulfillment order (splitting it), refuses to fulfill it, and releases it', async () => {
    const { gql, state } = await start();
    const order = await firstOrder(gql, state);
    const fo = order.fulfillmentOrders.nodes[0]!;
    const poster = fo.lineItems.nodes[2]!;
    const hold = await gql(
      `mutation($id: ID!, $hold: FulfillmentOrderHoldInput!) {
        fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
          fulfillmentHold { id reason reasonNotes }
          fulfillmentOrder { id status }
          remainingFulfillmentOrder { id status lineItems(first: 10) { nodes { id remainingQuantity lineItem { sku } } } }
          userErrors { field message code }
        }
      }`,
      { id: fo.id, hold: { reason: 'INVENTORY_OUT_OF_STOCK', reasonNotes: 'Poster back in stock next week', fulfillmentOrderLineItems: [{ id: poster.id, quantity: 1 }] } },
    );
    const payload = hold.body.data!.fulfillmentOrderHold;
    expect(payload.userErrors).toEqual([]);
    expect(payload.fulfillmentHold).toMatchObject({ reason: 'INVENTORY_OUT_OF_STOCK', reasonNotes: 'Poster back in stock next week' });
    expect(payload.fulfillmentOrder).toEqual({ id: fo.id, status: 'ON_HOLD' });
    expect(payload.remainingFulfillmentOrder.status).toBe('OPEN');
    expect(payload.remainingFulfillmentOrder.lineItems.nodes.map((l: { lineItem: { sku: string }; remainingQuantity: number }) => [l.lineItem.sku, l.remainingQuantity])).toEqual([
      ['MUG-ENAMEL-WHT', 3],
      ['TEE-ORG-M', 2],
    ]);
    // The moved lines have new ids: the old ones no longer fulfill anything.
    const stale = await gql(CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: fo.lineItems.nodes[0]!.id, quantity: 1 }] }] } });
    expect(stale.body.data!.fulfillmentCreate.userErrors[0].message).toMatch(/unfulfillable status/);
    const held = await gql(CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] } });
    expect(held.body.data!.fulfillmentCreate.userErrors[0].message).toMatch(/on_hold/);

    const release = await gql(`mutation($id: ID!) { fulfillmentOrderReleaseHold(id: $id) { fulfillmentOrder { id status } userErrors { message } } }`, { id: fo.id });
    expect(release.body.data!.fulfillmentOrderReleaseHold).toEqual({ fulfillmentOrder: { id: fo.id, status: 'OPEN' }, userErrors: [] });
    const again = await gql(`mutation($id: ID!) { fulfillmentOrderReleaseHold(id: $id) { fulfillmentOrder { id } userErrors { message } } }`, { id: fo.id });
    expect(again.body.data!.fulfillmentOrderReleaseHold.userErrors[0].message).toMatch(/not on hold/);
    const shipped = await gql(CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] } });
    expect(shipped.body.data!.fulfillmentCreate.userErrors).toEqual([]);
    const fos = state.shop().orderFulfillmentOrders(state.orderByName('#1001'));
    expect(fos.map((x) => x.status)).toEqual(['CLOSED', 'OPEN']);
    expect(fos[0]!.releasedHolds[0]!.reason).toBe('INVENTORY_OUT_OF_STOCK');
  });

  it('updates tracking and records fulfillment events', async () => {
    const { gql, state } = await start();
    const order = await firstOrder(gql, state);
    const fo = order.fulfillmentOrders.nodes[0]!;
    const created = await gql(CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }], trackingInfo: { number: 'OLD', company: 'UPS' } } });
    const fulfillmentId = created.body.data!.fulfillmentCreate.fulfillment.id as string;
    const upd = await gql(
      `mutation($id: ID!, $t: FulfillmentTrackingInput!) { fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput: $t, notifyCustomer: false) { fulfillment { trackingInfo { number company url } } userErrors { message } } }`,
      { id: fulfillmentId, t: { number: '1Z999AA10123456784', company: 'UPS' } },
    );
    expect(upd.body.data!.fulfillmentTrackingInfoUpdate.fulfillment.trackingInfo).toEqual([
      { number: '1Z999AA10123456784', company: 'UPS', url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' },
    ]);
    const ev = await gql(
      `mutation($e: FulfillmentEventInput!) { fulfillmentEventCreate(fulfillmentEvent: $e) { fulfillmentEvent { id status happenedAt message } userErrors { field message } } }`,
      { e: { fulfillmentId, status: 'IN_TRANSIT', happenedAt: '2026-11-21T08:00:00Z', message: 'Sorted in Utrecht' } },
    );
    expect(ev.body.data!.fulfillmentEventCreate.fulfillmentEvent).toMatchObject({ status: 'IN_TRANSIT', happenedAt: '2026-11-21T08:00:00Z', message: 'Sorted in Utrecht' });
    const missing = await gql(`mutation($e: FulfillmentEventInput!) { fulfillmentEventCreate(fulfillmentEvent: $e) { userErrors { field message } } }`, {
      e: { fulfillmentId: 'gid://shopify/Fulfillment/42', status: 'DELIVERED' },
    });
    expect(missing.body.data!.fulfillmentEventCreate.userErrors).toEqual([{ field: ['fulfillmentEvent', 'fulfillmentId'], message: 'Fulfillment does not exist.' }]);
    const f = await gql(`query($id: ID!) { fulfillment(id: $id) { displayStatus inTransitAt events(first: 5) { nodes { status } } } }`, { id: fulfillmentId });
    expect(f.body.data!.fulfillment).toEqual({ displayStatus: 'IN_TRANSIT', inTransitAt: '2026-11-21T08:00:00Z', events: { nodes: [{ status: 'IN_TRANSIT' }] } });
  });
});

describe('Shopify sandbox: rate limit', () => {
  it('throttles with HTTP 200 and THROTTLED when the bucket is short, and restores over time', async () => {
    let now = 1_000_000;
    const { gql, state } = await start({ bucket: { maximumAvailable: 60, restoreRate: 10 }, now: () => now });
    const query = '{ orders(first: 20) { nodes { id name } } }'; // requested 2 + 20 = 22
    const a = await gql(query);
    expect(a.body.extensions!.cost).toMatchObject({ requestedQueryCost: 22, actualQueryCost: 22, throttleStatus: { maximumAvailable: 60, currentlyAvailable: 38, restoreRate: 10 } });
    await gql(query);
    const c = await gql(query);
    expect(c.status).toBe(200);
    expect(c.body.errors).toEqual([{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }]);
    expect(c.body.data).toBeUndefined();
    expect(c.body.extensions!.cost).toMatchObject({ requestedQueryCost: 22, actualQueryCost: null, throttleStatus: { currentlyAvailable: 16 } });
    now += 1000; // +10 points
    const d = await gql(query);
    expect(d.body.errors).toBeUndefined();
    expect(d.body.extensions!.cost.throttleStatus.currentlyAvailable).toBe(4);
    expect(state.requests.filter((r) => r.throttled)).toHaveLength(1);
  });

  it('refunds the difference between requested and actual cost', async () => {
    const { gql } = await start();
    const res = await gql(`{ orders(first: 100, query: "name:#1001") { nodes { id } } }`);
    expect(res.body.extensions!.cost).toMatchObject({ requestedQueryCost: 102, actualQueryCost: 3 });
    expect(res.body.extensions!.cost.throttleStatus.currentlyAvailable).toBe(1997);
  });

  it('refuses a single query above the max cost', async () => {
    const { gql } = await start();
    const res = await gql('{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }');
    expect((res.body.errors as { extensions?: Record<string, unknown> }[])[0]!.extensions?.code).toBe('MAX_COST_EXCEEDED');
  });
});

describe('Shopify sandbox: webhooks', () => {
  it('signs deliveries with base64 HMAC-SHA256 of the raw body and sends Shopify’s headers', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const secret = 'shpss_test_secret';
    const { gql, state } = await start({ webhookSecret: secret, webhookTarget: target });
    const order = await firstOrder(gql, state);
    await gql(CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: order.fulfillmentOrders.nodes[0]!.id }], trackingInfo: { number: 'X1', company: 'DHL Express' } } });
    await state.flushWebhooks();
    expect(received.map((r) => r.headers['x-shopify-topic'])).toEqual(['fulfillments/create', 'orders/updated']);
    for (const r of received) {
      expect(r.headers['x-shopify-hmac-sha256']).toBe(createHmac('sha256', secret).update(r.body).digest('base64'));
      expect(r.headers['x-shopify-shop-domain']).toBe('demo-store.myshopify.com');
      expect(r.headers['x-shopify-api-version']).toBe('2025-10');
      expect(r.headers['x-shopify-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(String(r.headers['x-shopify-triggered-at']))).not.toBeNaN();
    }
    const fulfillment = JSON.parse(received[0]!.body) as { tracking_number: string; order_id: number; line_items: unknown[] };
    expect(fulfillment).toMatchObject({ tracking_number: 'X1', order_id: state.orderByName('#1001').id });
    expect(fulfillment.line_items).toHaveLength(3);
    expect(state.webhooks.deliveries.every((d) => d.responseStatus === 200)).toBe(true);

    const manual = state.triggerWebhook('orders/updated', { orderId: state.orderByName('#1002').id });
    await state.flushWebhooks();
    expect(received.at(-1)!.headers['x-shopify-webhook-id']).toBe(manual.id);
  });
});

describe('Shopify sandbox: inventory', () => {
  const VARIANTS = /* GraphQL */ `
    query Variants($first: Int!, $after: String, $query: String) {
      productVariants(first: $first, after: $after, query: $query) {
        nodes {
          id
          sku
          inventoryQuantity
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `;

  it('finds variants by SKU (with OR), pages them with cursors, and charges for them', async () => {
    const { gql, state } = await start();
    const shop = state.shop();
    const res = await gql(VARIANTS, { first: 10, query: 'sku:MUG-ENAMEL-WHT OR sku:"POSTER-A2-DUNES"' });
    const nodes = res.body.data!.productVariants.nodes as { id: string; sku: string; inventoryQuantity: number }[];
    expect(nodes.map((n) => n.sku).sort()).toEqual(['MUG-ENAMEL-WHT', 'POSTER-A2-DUNES']);
    for (const n of nodes) {
      expect(n.id).toMatch(/^gid:\/\/shopify\/ProductVariant\/\d+$/);
      expect(n.inventoryQuantity).toBe(shop.products.get(n.sku)!.inventoryQuantity);
    }
    // Sold while out of stock: the poster's available quantity is negative.
    expect(nodes.find((n) => n.sku === 'POSTER-A2-DUNES')!.inventoryQuantity).toBeLessThan(0);
    // Cost: connection 2 + one point per variant asked (scalars are free), actual by what came back.
    expect(res.body.extensions!.cost).toMatchObject({ requestedQueryCost: 12, actualQueryCost: 4 });

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await gql(VARIANTS, { first: 2, after });
      const data = page.body.data!.productVariants as { nodes: { sku: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      seen.push(...data.nodes.map((n) => n.sku));
      after = data.pageInfo.hasNextPage ? data.pageInfo.endCursor : null;
    } while (after);
    expect(seen.sort()).toEqual([...shop.products.keys()].sort());

    const none = await gql(VARIANTS, { first: 5, query: 'sku:NOPE' });
    expect(none.body.data!.productVariants.nodes).toEqual([]);
    const warned = await gql(VARIANTS, { first: 5, query: 'sku:MUG-ENAMEL-WHT OR colour:blue' });
    expect(warned.body.extensions!.search).toEqual([
      { path: ['productVariants'], query: 'sku:MUG-ENAMEL-WHT OR colour:blue', warnings: [{ field: 'colour', message: 'Invalid search field for this query.' }] },
    ]);
    const tooMany = await gql(VARIANTS, { first: 251 });
    expect((tooMany.body.errors as { message: string }[])[0]!.message).toMatch(/between 0 and 250/);
  });

  it('restocks a SKU through the test hook and sends a signed inventory_levels/update', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const secret = 'shpss_inventory_secret';
    const { gql, state } = await start({ webhookSecret: secret, webhookTarget: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks` });
    const poster = state.shop().products.get('POSTER-A2-DUNES')!;
    const before = poster.inventoryQuantity;

    const hook = await fetch(`${running!.baseUrl('shopify')}/__sandbox/demo-store/inventory`, { method: 'POST', body: JSON.stringify({ sku: 'POSTER-A2-DUNES', adjust: 10 }) });
    expect(hook.status).toBe(200);
    expect(await hook.json()).toEqual({ sku: 'POSTER-A2-DUNES', inventoryItemId: `gid://shopify/InventoryItem/${poster.inventoryItemId}`, available: before + 10 });
    await state.flushWebhooks();
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery!.headers['x-shopify-topic']).toBe('inventory_levels/update');
    expect(delivery!.headers['x-shopify-hmac-sha256']).toBe(createHmac('sha256', secret).update(delivery!.body).digest('base64'));
    expect(delivery!.headers['x-shopify-shop-domain']).toBe('demo-store.myshopify.com');
    const payload = JSON.parse(delivery!.body) as Record<string, unknown>;
    expect(payload).toEqual({ inventory_item_id: poster.inventoryItemId, location_id: state.shop().locationId, available: before + 10, updated_at: expect.any(String) });
    expect(Date.parse(String(payload.updated_at))).not.toBeNaN();

    const read = await gql(VARIANTS, { first: 1, query: 'sku:POSTER-A2-DUNES' });
    expect(read.body.data!.productVariants.nodes[0].inventoryQuantity).toBe(before + 10);

    // A stock count sets the quantity outright; an unknown SKU or a bad body is refused.
    expect(state.adjustInventory('POSTER-A2-DUNES', { available: 2 })).toBe(2);
    const unknown = await fetch(`${running!.baseUrl('shopify')}/__sandbox/demo-store/inventory`, { method: 'POST', body: JSON.stringify({ sku: 'NOPE', adjust: 1 }) });
    expect(unknown.status).toBe(404);
    const bad = await fetch(`${running!.baseUrl('shopify')}/__sandbox/demo-store/inventory`, { method: 'POST', body: JSON.stringify({ sku: 'POSTER-A2-DUNES', adjust: 1.5 }) });
    expect(bad.status).toBe(400);
  });
});

import { shopifySandbox, startSandbox, type RunningSandbox, type ShopifySandboxOptions } from '@shipdesk/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { ShopError, type ShopConnector } from '../connector';
import type { ShopOrder } from '../types';
import { createShopifyConnector } from './index';

const SECRET = 'shpss_connector_test';
let running: RunningSandbox | null = null;

afterEach(async () => {
  await running?.close();
  running = null;
});

async function setup(options: ShopifySandboxOptions = {}, connection: { accessToken?: string; sleep?: (ms: number) => Promise<void> } = {}) {
  const platform = shopifySandbox({ webhookSecret: SECRET, ...options });
  running = await startSandbox([platform]);
  const connector = createShopifyConnector({
    baseUrl: `${running.baseUrl('shopify')}/demo-store`,
    credentials: { accessToken: connection.accessToken ?? 'shpat_sandbox_demo', webhookSecret: SECRET },
    ...(connection.sleep ? { sleep: connection.sleep } : {}),
  });
  const state = platform.state;
  const shop = state.shop();
  const gidOf = (name: string) => `gid://shopify/Order/${state.orderByName(name).id}`;
  return { connector, state, shop, gidOf };
}

async function rejection(p: Promise<unknown>): Promise<ShopError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ShopError);
    return err as ShopError;
  }
  throw new Error('expected the call to fail');
}

const line = (order: ShopOrder, sku: string) => order.lines.find((l) => l.sku === sku)!;

async function listAll(connector: ShopConnector, updatedSince?: string) {
  const orders: ShopOrder[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await connector.listOrders({ ...(updatedSince ? { updatedSince } : {}), cursor, pageSize: 50 });
    orders.push(...page.orders);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return orders;
}

describe('Shopify connector against the sandbox', () => {
  it('imports an order with its lines, customs data and unit-aware weights', async () => {
    const { connector, state, gidOf } = await setup();
    const order = (await connector.getOrder(gidOf('#1001')))!;
    expect(order).toMatchObject({ externalId: gidOf('#1001'), number: '#1001', shipments: [] });
    expect(order.lines.map((l) => [l.sku, l.quantity, l.priceCents, l.weightGrams, l.hsCode, l.originCountry])).toEqual([
      ['MUG-ENAMEL-WHT', 3, 1450, 320, '732393', 'PT'],
      ['TEE-ORG-M', 2, 2900, 180, '610910', 'PT'],
      ['POSTER-A2-DUNES', 1, 2200, 150, '491199', 'NL'],
    ]);
    expect(order.lines[0]!.externalId).toMatch(/^gid:\/\/shopify\/LineItem\/\d+$/);
    expect(order.shippingAddress.country).toMatch(/^[A-Z]{2}$/);

    const lampOrder = [...state.shop().orders.values()].find((o) => o.lineItems.some((l) => l.product.sku === 'LAMP-DESK-BRS'))!;
    const lamp = line((await connector.getOrder(`gid://shopify/Order/${lampOrder.id}`))!, 'LAMP-DESK-BRS');
    expect(lamp.weightGrams).toBe(1850); // stored in KILOGRAMS in the shop

    expect(await connector.getOrder('gid://shopify/Order/1')).toBeNull();
  });

  it('pages through orders changed since a moment, with existing fulfillments as shipments', async () => {
    // A Shopify Plus shop (1000 points/s), so paging 60 orders twice does not wait on the bucket for long.
    const { connector, state } = await setup({ bucket: { maximumAvailable: 2000, restoreRate: 1000 } });
    const all = await listAll(connector);
    expect(all).toHaveLength(60);
    expect(new Set(all.map((o) => o.externalId)).size).toBe(60);
    // Every query stayed under Shopify's single-query cost limit.
    expect(state.requests.every((r) => (r.requestedQueryCost ?? 0) <= 1000)).toBe(true);

    const updated = [...state.shop().orders.values()].map((o) => o.updatedAt).sort();
    const since = updated[40]!;
    const recent = await listAll(connector, since);
    expect(recent.map((o) => o.externalId).sort()).toEqual(
      [...state.shop().orders.values()]
        .filter((o) => o.updatedAt >= since)
        .map((o) => `gid://shopify/Order/${o.id}`)
        .sort(),
    );
    expect(state.requests.at(-1)!.variables.query).toBe(`updated_at:>='${new Date(since).toISOString()}'`);

    const shipped = all.filter((o) => o.shipments.length > 0);
    expect(shipped.length).toBeGreaterThan(0);
    for (const o of shipped) {
      expect(o.shipments[0]!.trackingCode).toMatch(/^3SDEMO/);
      for (const s of o.shipments[0]!.lines) expect(o.lines.some((l) => l.externalId === s.lineExternalId)).toBe(true);
    }
  });

  it('creates two fulfillments for a split order, each with its own tracking, and refuses over-shipping', async () => {
    const { connector, state, shop, gidOf } = await setup();
    const order = (await connector.getOrder(gidOf('#1001')))!;
    const mug = line(order, 'MUG-ENAMEL-WHT');
    const tee = line(order, 'TEE-ORG-M');
    const first = await connector.createShipment({
      orderExternalId: order.externalId,
      lines: [
        { lineExternalId: mug.externalId, quantity: 3 },
        { lineExternalId: tee.externalId, quantity: 1 },
      ],
      tracking: { number: '3SSHIPDESK0001', company: 'PostNL' },
      notifyCustomer: true,
    });
    const second = await connector.createShipment({
      orderExternalId: order.externalId,
      lines: [{ lineExternalId: tee.externalId, quantity: 1 }],
      tracking: { number: 'JJD0002', company: 'DHL Express', url: 'https://example.com/track/JJD0002' },
    });
    expect(first.externalId).toMatch(/^gid:\/\/shopify\/Fulfillment\/\d+$/);
    expect(second.externalId).not.toBe(first.externalId);

    const record = state.orderByName('#1001');
    const fulfillments = shop.orderFulfillments(record);
    expect(fulfillments.map((f) => [f.tracking[0]?.number, f.lineItems.map((l) => l.quantity), f.notifyCustomer])).toEqual([
      ['3SSHIPDESK0001', [3, 1], true],
      ['JJD0002', [1], false],
    ]);
    expect(fulfillments[1]!.tracking[0]).toEqual({ number: 'JJD0002', company: 'DHL Express', url: 'https://example.com/track/JJD0002' });
    expect(shop.displayFulfillmentStatus(record)).toBe('PARTIALLY_FULFILLED');

    const reread = (await connector.getOrder(order.externalId))!;
    expect(reread.shipments.map((s) => [s.externalId, s.trackingCode])).toEqual([
      [first.externalId, '3SSHIPDESK0001'],
      [second.externalId, 'JJD0002'],
    ]);

    const over = await rejection(connector.createShipment({ orderExternalId: order.externalId, lines: [{ lineExternalId: mug.externalId, quantity: 1 }] }));
    expect(over.retryable).toBe(false);
    expect(over.message).toMatch(/has 0 left to fulfill/);
    expect(shop.orderFulfillments(record)).toHaveLength(2);
  });

  it('passes the shop’s userErrors on as a non-retryable ShopError', async () => {
    const { connector, gidOf, shop, state } = await setup();
    const order = (await connector.getOrder(gidOf('#1001')))!;
    // The merchant cancels the order in Shopify between import and shipping.
    shop.cancelOrder(state.orderByName('#1001').id);
    const err = await rejection(connector.createShipment({ orderExternalId: order.externalId, lines: [{ lineExternalId: order.lines[0]!.externalId, quantity: 1 }] }));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/cancelled/);
  });

  it('updates tracking and reports statuses as fulfillment events', async () => {
    const { connector, shop, gidOf, state } = await setup();
    const order = (await connector.getOrder(gidOf('#1002')))!;
    const { externalId } = await connector.createShipment({ orderExternalId: order.externalId, lines: order.lines.map((l) => ({ lineExternalId: l.externalId, quantity: l.quantity })) });
    await connector.updateTracking({ orderExternalId: order.externalId, shipmentExternalId: externalId, tracking: { number: '1Z999AA10123456784', company: 'UPS' }, notifyCustomer: true });
    const f = shop.fulfillments.get(Number(externalId.split('/').pop()))!;
    expect(f.tracking).toEqual([{ number: '1Z999AA10123456784', company: 'UPS', url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' }]);
    expect(f.trackingUpdates.at(-1)!.notifyCustomer).toBe(true);

    await connector.reportStatus({ orderExternalId: order.externalId, shipmentExternalId: externalId, status: 'in_transit', happenedAt: '2026-11-21T08:00:00.000Z', message: 'Sorted' });
    await connector.reportStatus({ orderExternalId: order.externalId, shipmentExternalId: externalId, status: 'delivery_failed', happenedAt: '2026-11-22T09:30:00.000Z' });
    const before = state.requests.length;
    await connector.reportStatus({ orderExternalId: order.externalId, shipmentExternalId: externalId, status: 'cancelled', happenedAt: '2026-11-22T10:00:00.000Z' });
    expect(state.requests.length).toBe(before); // nothing to tell Shopify
    expect(f.events.map((e) => [e.status, e.happenedAt, e.message])).toEqual([
      ['IN_TRANSIT', '2026-11-21T08:00:00Z', 'Sorted'],
      ['ATTEMPTED_DELIVERY', '2026-11-22T09:30:00Z', null],
    ]);

    const missing = await rejection(connector.updateTracking({ orderExternalId: order.externalId, shipmentExternalId: 'gid://shopify/Fulfillment/99', tracking: { number: 'X', company: 'UPS' } }));
    expect(missing.retryable).toBe(false);
    expect(missing.message).toMatch(/Fulfillment does not exist/);
  });

  it('holds a backorder in Shopify, ships around it, and releases it', async () => {
    const { connector, shop, gidOf, state } = await setup();
    const order = (await connector.getOrder(gidOf('#1001')))!;
    const poster = line(order, 'POSTER-A2-DUNES');
    await connector.holdForBackorder!({ orderExternalId: order.externalId, lines: [{ lineExternalId: poster.externalId, quantity: 1 }], note: 'Poster expected next week' });
    const fos = shop.orderFulfillmentOrders(state.orderByName('#1001'));
    expect(fos.map((fo) => fo.status)).toEqual(['ON_HOLD', 'OPEN']);
    expect(fos[0]!.holds[0]).toMatchObject({ reason: 'INVENTORY_OUT_OF_STOCK', reasonNotes: 'Poster expected next week', handle: 'shipdesk-backorder' });

    // The in-stock lines moved to a new fulfillment order: shipping them still works.
    await connector.createShipment({ orderExternalId: order.externalId, lines: [{ lineExternalId: line(order, 'MUG-ENAMEL-WHT').externalId, quantity: 3 }] });
    const held = await rejection(connector.createShipment({ orderExternalId: order.externalId, lines: [{ lineExternalId: poster.externalId, quantity: 1 }] }));
    expect(held.message).toMatch(/\(1 on hold\)/);

    await connector.releaseBackorder!({ orderExternalId: order.externalId });
    expect(shop.orderFulfillmentOrders(state.orderByName('#1001'))[0]!.status).toBe('OPEN');
    await connector.createShipment({ orderExternalId: order.externalId, lines: [{ lineExternalId: poster.externalId, quantity: 1 }] });
    expect(shop.orderFulfillments(state.orderByName('#1001'))).toHaveLength(2);
  });

  it('reads stock: per order line on import, and per SKU through productVariants, paged and within cost', async () => {
    const { connector, shop, gidOf, state } = await setup();
    const order = (await connector.getOrder(gidOf('#1001')))!;
    for (const l of order.lines) expect(l.stock).toBe(shop.products.get(l.sku)!.inventoryQuantity);
    expect(line(order, 'POSTER-A2-DUNES').stock).toBeLessThan(0); // sold while out of stock

    const skus = [...shop.products.keys()];
    const before = state.requests.length;
    const stock = await connector.getStock!([...skus, 'NOT-IN-SHOP', skus[0]!]);
    expect(Object.fromEntries(stock)).toEqual(Object.fromEntries(skus.map((sku) => [sku, shop.products.get(sku)!.inventoryQuantity])));
    const asked = state.requests.slice(before);
    expect(asked.every((r) => r.operationName === 'ShipdeskStock' && r.status === 200 && (r.requestedQueryCost ?? 0) <= 1000)).toBe(true);
    expect(String(asked[0]!.variables.query)).toContain('sku:"POSTER-A2-DUNES" OR ');

    // A delivery arrives in the shop: the next look shows it.
    state.adjustInventory('POSTER-A2-DUNES', { adjust: 5 });
    expect((await connector.getStock!(['POSTER-A2-DUNES'])).get('POSTER-A2-DUNES')).toBe(shop.products.get('POSTER-A2-DUNES')!.inventoryQuantity);
    expect((await connector.getStock!([])).size).toBe(0);

    // More matches than one page: paged with cursors.
    await running?.close();
    const small = await setup({ bucket: { maximumAvailable: 6, restoreRate: 1000 } });
    const paged = await small.connector.getStock!(skus);
    expect(paged.size).toBe(skus.length);
    expect(small.state.requests.filter((r) => r.operationName === 'ShipdeskStock').length).toBeGreaterThan(1);
  });

  it('waits for the leaky bucket instead of failing, and waits out THROTTLED', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      await new Promise((r) => setTimeout(r, ms));
    };
    const { connector, state, gidOf } = await setup({ bucket: { maximumAvailable: 320, restoreRate: 400 } }, { sleep });
    const id = gidOf('#1001');
    for (let i = 0; i < 6; i++) expect((await connector.getOrder(id))!.number).toBe('#1001');
    expect(waits.length).toBeGreaterThan(0); // it paced itself from throttleStatus…
    expect(state.requests.filter((r) => r.throttled)).toHaveLength(0); // …so Shopify never had to throttle

    state.bucket().set(0); // another app on the same shop spent the bucket
    waits.length = 0;
    expect((await connector.getOrder(id))!.number).toBe('#1001');
    expect(state.requests.filter((r) => r.throttled).length).toBeGreaterThanOrEqual(1);
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(500); // ~300 points at 400/s
  });

  it('gives a retryable ShopError during an outage or when unreachable, and a final one for a bad token', async () => {
    const { connector, state } = await setup();
    state.setOutage(true);
    const outage = await rejection(connector.listOrders({}));
    expect(outage).toMatchObject({ retryable: true, status: 503 });
    state.setOutage(false);
    expect((await connector.listOrders({ pageSize: 2 })).orders).toHaveLength(2);

    const unreachable = createShopifyConnector({ baseUrl: 'http://127.0.0.1:9/shopify/demo-store', credentials: { accessToken: 'x' } });
    expect(await rejection(unreachable.listOrders({}))).toMatchObject({ retryable: true, status: 0 });

    const badToken = createShopifyConnector({ baseUrl: `${running!.baseUrl('shopify')}/demo-store`, credentials: { accessToken: 'shpat_wrong' } });
    const denied = await rejection(badToken.listOrders({}));
    expect(denied).toMatchObject({ retryable: false, status: 401 });
    expect(denied.message).toMatch(/Invalid API key or access token/);
  });

  it('accepts signed webhooks with their delivery id and refuses forged ones', async () => {
    const { connector, state, gidOf } = await setup();
    const delivery = state.triggerWebhook('orders/updated', { orderId: state.orderByName('#1003').id });
    const body = Buffer.from(delivery.body);
    const event = connector.verifyWebhook(body, delivery.headers);
    expect(event).toMatchObject({ deliveryId: delivery.headers['X-Shopify-Webhook-Id'], topic: 'orders/updated', orderExternalId: gidOf('#1003') });

    const lower = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(connector.verifyWebhook(body, lower)?.deliveryId).toBe(delivery.id);

    const forged = Buffer.from(delivery.body.replace('#1003', '#9999'));
    expect(connector.verifyWebhook(forged, delivery.headers)).toBeNull();
    expect(connector.verifyWebhook(body, { ...delivery.headers, 'X-Shopify-Hmac-Sha256': 'AAAA' })).toBeNull();
    const { ['X-Shopify-Hmac-Sha256']: _omit, ...unsigned } = delivery.headers;
    expect(connector.verifyWebhook(body, unsigned)).toBeNull();
    const otherSecret = createShopifyConnector({ baseUrl: 'http://unused', credentials: { accessToken: 'x', webhookSecret: 'other' } });
    expect(otherSecret.verifyWebhook(body, delivery.headers)).toBeNull();
  });

  it('accepts a signed inventory_levels/update: an event without an order, with its topic', async () => {
    const { connector, state, shop } = await setup();
    state.adjustInventory('LAMP-DESK-BRS', { adjust: 3 });
    const delivery = state.webhooks.deliveries.at(-1)!;
    const event = connector.verifyWebhook(Buffer.from(delivery.body), delivery.headers)!;
    expect(event).toMatchObject({ deliveryId: delivery.id, topic: 'inventory_levels/update' });
    expect(event.orderExternalId).toBeUndefined();
    expect(event.payload).toMatchObject({ inventory_item_id: shop.products.get('LAMP-DESK-BRS')!.inventoryItemId, available: shop.products.get('LAMP-DESK-BRS')!.inventoryQuantity });
    expect(connector.verifyWebhook(Buffer.from(delivery.body.replace('"available":', '"available":1')), delivery.headers)).toBeNull();
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, woocommerceSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopError, type ShopConnector } from '../connector';
import { createWooCommerceConnector } from './connector';
import { probeWooCommerceFulfillments } from './fulfillments';

describe('WooCommerce connector against the sandbox', () => {
  let sandbox: RunningSandbox;
  let woo: ReturnType<typeof woocommerceSandbox>;
  let connector: ShopConnector;
  let hookServer: Server;
  const received: { headers: Record<string, string | undefined>; body: Buffer }[] = [];

  beforeAll(async () => {
    hookServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])), body: Buffer.concat(chunks) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    woo = woocommerceSandbox({ webhookSecret: 'whsec-woo', webhookTarget: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/` });
    sandbox = await startSandbox([woo]);
    connector = createWooCommerceConnector({
      baseUrl: sandbox.baseUrl('woocommerce'),
      credentials: { consumerKey: 'ck_sandbox', consumerSecret: 'cs_sandbox', webhookSecret: 'whsec-woo' },
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await new Promise<void>((resolve) => hookServer.close(() => resolve()));
  });

  it('declares order level without shipment creation', () => {
    expect(connector.capabilities).toMatchObject({ level: 'order_level', createsShipments: false });
  });

  it('reports a refused key as a non-retryable ShopError with the store message', async () => {
    const wrong = createWooCommerceConnector({ baseUrl: sandbox.baseUrl('woocommerce'), credentials: { consumerKey: 'ck_sandbox', consumerSecret: 'cs_wrong' } });
    const error = await wrong.listOrders({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopError);
    expect((error as ShopError).status).toBe(401);
    expect((error as ShopError).retryable).toBe(false);
    expect((error as ShopError).message).toContain('Consumer secret is invalid.');
  });

  it('pages through every order once, with weights from the products', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<ShopConnector['listOrders']>> = await connector.listOrders({ cursor, pageSize: 7 });
      seen.push(...page.orders.map((o) => o.externalId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(30);
    const walkthrough = await connector.getOrder('2001');
    expect(walkthrough?.lines).toHaveLength(3);
    expect(walkthrough?.lines.every((l) => l.weightGrams > 0)).toBe(true);
    expect(walkthrough?.lines.map((l) => l.quantity)).toEqual([3, 2, 1]);
    expect(walkthrough?.shippingAddress.country).toMatch(/^[A-Z]{2}$/);
    expect(await connector.getOrder('424242')).toBeNull();
  });

  it('lists only orders changed since a moment', async () => {
    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 1100));
    woo.state.changeOrder(2010);
    const page = await connector.listOrders({ updatedSince: new Date(Date.now() - 500).toISOString() });
    expect(page.orders.map((o) => o.externalId)).toEqual(['2010']);
    expect((await connector.listOrders({ updatedSince: since })).orders.map((o) => o.externalId)).toContain('2010');
  });

  it('writes the tracking code through Shipment Tracking and completes the order', async () => {
    await connector.updateTracking({ orderExternalId: '2003', tracking: { number: '3SSHIPDESK001', company: 'PostNL' } });
    const order = woo.state.order(2003);
    expect(order.status).toBe('completed');
    expect(order.trackingItems.at(-1)).toMatchObject({ tracking_number: '3SSHIPDESK001', tracking_provider: 'PostNL' });
    const mapped = await connector.getOrder('2003');
    expect(mapped?.shipments).toHaveLength(1);
    expect(mapped?.shipments[0]?.lines.length).toBe(mapped?.lines.length);

    await connector.updateTracking({ orderExternalId: '2004', tracking: { number: 'ZX1', company: 'Local Courier', url: 'https://courier.example/t/%1$s' } });
    expect(woo.state.order(2004).trackingItems.at(-1)).toMatchObject({ custom_tracking_provider: 'Local Courier', tracking_number: 'ZX1' });
  });

  it('passes parcel statuses on as private order notes', async () => {
    await connector.reportStatus({ orderExternalId: '2003', status: 'delivered', happenedAt: '2026-11-22T10:15:00Z' });
    const note = woo.state.order(2003).notes.at(-1)!;
    expect(note.note).toContain('delivered');
    expect(note.customer_note).toBe(false);
  });

  it('accepts signed webhooks and refuses forged ones', async () => {
    received.length = 0;
    woo.state.changeOrder(2006);
    await woo.state.webhooks.flush();
    const delivery = received.at(-1)!;
    const event = connector.verifyWebhook(delivery.body, delivery.headers);
    expect(event).toMatchObject({ topic: 'order.updated', orderExternalId: '2006', deliveryId: delivery.headers['x-wc-webhook-delivery-id'] });

    const tampered = Buffer.from(delivery.body.toString('utf8').replace('"id":2006', '"id":2007'));
    expect(connector.verifyWebhook(tampered, delivery.headers)).toBeNull();
    expect(connector.verifyWebhook(delivery.body, { ...delivery.headers, 'x-wc-webhook-signature': 'Zm9yZ2Vk' })).toBeNull();
    expect(connector.verifyWebhook(delivery.body, { ...delivery.headers, 'x-wc-webhook-signature': undefined })).toBeNull();
    const otherSecret = createWooCommerceConnector({ baseUrl: sandbox.baseUrl('woocommerce'), credentials: { consumerKey: 'a', consumerSecret: 'b', webhookSecret: 'not-it' } });
    expect(otherSecret.verifyWebhook(delivery.body, delivery.headers)).toBeNull();
  });

  it('refuses to create shipments, without retry', async () => {
    const error = await connector.createShipment({ orderExternalId: '2001', lines: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopError);
    expect((error as ShopError).retryable).toBe(false);
  });

  it('turns an outage into a retryable ShopError', async () => {
    woo.state.setOutage(true);
    try {
      const error = await connector.getOrder('2001').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ShopError);
      expect((error as ShopError).status).toBe(503);
      expect((error as ShopError).retryable).toBe(true);
      expect((error as ShopError).options.retryAfterMs).toBe(60_000);
    } finally {
      woo.state.setOutage(false);
    }
  });
});

describe('WooCommerce connector with Order Fulfillments on', () => {
  let sandbox: RunningSandbox;
  let plain: RunningSandbox;
  let woo: ReturnType<typeof woocommerceSandbox>;
  let connector: ShopConnector;
  const credentials = { consumerKey: 'ck_sandbox', consumerSecret: 'cs_sandbox', webhookSecret: 'x', fulfillments: 'enabled' };

  beforeAll(async () => {
    woo = woocommerceSandbox({ fulfillments: true });
    sandbox = await startSandbox([woo]);
    plain = await startSandbox([woocommerceSandbox()]);
    connector = createWooCommerceConnector({ baseUrl: sandbox.baseUrl('woocommerce'), credentials });
  });
  afterAll(async () => {
    await sandbox.close();
    await plain.close();
  });

  it('finds the feature by probing the fulfillments route', async () => {
    expect(await probeWooCommerceFulfillments({ baseUrl: sandbox.baseUrl('woocommerce'), credentials })).toBe(true);
    expect(await probeWooCommerceFulfillments({ baseUrl: plain.baseUrl('woocommerce'), credentials })).toBe(false);
    const refused = await probeWooCommerceFulfillments({ baseUrl: sandbox.baseUrl('woocommerce'), credentials: { ...credentials, consumerSecret: 'nope' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ShopError);
  });

  it('declares shipment level with shipment creation', () => {
    expect(connector.capabilities).toMatchObject({ level: 'shipment_level', createsShipments: true, takesStatus: true });
  });

  it('creates a fulfillment for some items with tracking, and lists it as a shipment', async () => {
    const order = [...woo.state.store.orders.values()].find((o) => o.line_items.some((l) => l.quantity >= 2) && o.status === 'processing')!;
    const line = order.line_items.find((l) => l.quantity >= 2)!;
    const { externalId } = await connector.createShipment({
      orderExternalId: String(order.id),
      lines: [{ lineExternalId: String(line.id), quantity: 1 }],
      tracking: { number: '3SWOOF1', company: 'PostNL', url: 'https://postnl.nl/t/3SWOOF1' },
    });
    const stored = woo.state.fulfillments.get(order.id)!.find((f) => String(f.id) === externalId)!;
    expect(stored).toMatchObject({ status: 'fulfilled', is_fulfilled: true, entity_type: 'WC_Order', entity_id: String(order.id) });
    expect(stored.meta_data.map((m) => [m.key, m.value])).toEqual([
      ['_items', [{ item_id: line.id, qty: 1 }]],
      ['_tracking_number', '3SWOOF1'],
      ['_shipment_provider', 'PostNL'],
      ['_tracking_url', 'https://postnl.nl/t/3SWOOF1'],
    ]);
    expect(woo.state.fulfillmentNotifications.at(-1)).toMatchObject({ orderId: order.id, fulfillmentId: stored.id, kind: 'created' });
    const read = await connector.getOrder(String(order.id));
    expect(read!.shipments).toEqual([{ externalId, trackingCode: '3SWOOF1', lines: [{ lineExternalId: String(line.id), quantity: 1 }] }]);

    // More than the order holds is refused by the store.
    const over = await connector.createShipment({ orderExternalId: String(order.id), lines: [{ lineExternalId: String(line.id), quantity: line.quantity }] }).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(ShopError);
    expect((over as ShopError).status).toBe(400);
  });

  it('puts tracking on a draft fulfillment, keeping its items, and fulfils it', async () => {
    const order = [...woo.state.store.orders.values()].filter((o) => o.status === 'processing').at(-1)!;
    const lines = order.line_items.map((l) => ({ lineExternalId: String(l.id), quantity: l.quantity }));
    const { externalId } = await connector.createShipment({ orderExternalId: String(order.id), lines });
    const draft = woo.state.fulfillments.get(order.id)!.find((f) => String(f.id) === externalId)!;
    expect(draft).toMatchObject({ status: 'unfulfilled', is_fulfilled: false });
    await connector.updateTracking({ orderExternalId: String(order.id), shipmentExternalId: externalId, tracking: { number: '3SWOOF2', company: 'DHL' }, notifyCustomer: false });
    expect(draft).toMatchObject({ status: 'fulfilled', is_fulfilled: true });
    expect(draft.meta_data.find((m) => m.key === '_items')!.value).toEqual(order.line_items.map((l) => ({ item_id: l.id, qty: l.quantity })));
    expect(draft.meta_data.find((m) => m.key === '_tracking_number')!.value).toBe('3SWOOF2');
    expect(woo.state.fulfillmentNotifications.some((n) => n.fulfillmentId === draft.id)).toBe(false);
  });

  it('without a named shipment, fulfils what no fulfillment holds yet', async () => {
    const order = [...woo.state.store.orders.values()].filter((o) => o.status === 'processing').at(-2)!;
    await connector.updateTracking({ orderExternalId: String(order.id), tracking: { number: '3SWOOF3', company: 'UPS' } });
    const [f] = woo.state.fulfillments.get(order.id)!;
    expect(f!.meta_data.find((m) => m.key === '_items')!.value).toEqual(order.line_items.map((l) => ({ item_id: l.id, qty: l.quantity })));
    expect(f!.is_fulfilled).toBe(true);
  });
});

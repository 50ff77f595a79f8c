import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lightspeedSandbox, startSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ShopError, type ShopConnector } from '../connector';
import { createLightspeedConnector } from './connector';

describe('Lightspeed eCom connector against the sandbox', () => {
  let sandbox: RunningSandbox;
  let ls: ReturnType<typeof lightspeedSandbox>;
  // The sandbox's clock runs with real time plus whatever the connector slept.
  const realStart = Date.now();
  let skipped = 0;
  const now = () => Date.parse('2026-11-20T12:00:00Z') + (Date.now() - realStart) + skipped;
  const waits: number[] = [];
  let connector: ShopConnector;
  /** The connector's sleep moves the sandbox's clock instead of waiting for real. */
  const sleep = async (ms: number) => {
    waits.push(ms);
    skipped += ms;
  };

  beforeAll(async () => {
    ls = lightspeedSandbox({ rateLimits: [{ limit: 40, windowMs: 60_000 }, { limit: 100_000, windowMs: 3_600_000 }], now });
    sandbox = await startSandbox([ls]);
    connector = createLightspeedConnector({
      baseUrl: sandbox.baseUrl('lightspeed'),
      credentials: { apiKey: 'ls_sandbox_key', apiSecret: 'ls_sandbox_secret', language: 'en', webhookSecret: 'app-secret' },
      sleep,
    });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    waits.length = 0;
  });

  it('declares shipment level, without creating shipments', async () => {
    expect(connector.capabilities).toMatchObject({ level: 'shipment_level', createsShipments: false, takesStatus: true });
    const error = await connector.createShipment({ orderExternalId: '1', lines: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopError);
    expect((error as ShopError).retryable).toBe(false);
    expect((error as ShopError).message).toMatch(/creates the shipments/);
  });

  it('reports refused credentials as a non-retryable ShopError', async () => {
    const wrong = createLightspeedConnector({ baseUrl: sandbox.baseUrl('lightspeed'), credentials: { apiKey: 'ls_sandbox_key', apiSecret: 'nope' }, sleep });
    const error = await wrong.listOrders({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopError);
    expect((error as ShopError).status).toBe(401);
    expect((error as ShopError).retryable).toBe(false);
  });

  it('reads an order with its lines and the shipments Lightspeed made', async () => {
    const order = ls.state.orderByNumber('ORD02001')!;
    const mapped = (await connector.getOrder(String(order.id)))!;
    expect(mapped.lines.map((l) => l.quantity)).toEqual([3, 2, 1]);
    expect(mapped.lines.every((l) => l.weightGrams > 0 && l.priceCents > 0)).toBe(true);
    expect(mapped.shippingAddress.street).toMatch(/\d/);
    expect(mapped.shipments).toHaveLength(1);
    expect(mapped.shipments[0]!.trackingCode).toBeNull();
    expect(mapped.shipments[0]!.lines.map((l) => l.quantity)).toEqual([3, 2, 1]);
    expect(await connector.getOrder('12345')).toBeNull();
  });

  it('pages through all orders, waiting whenever the rate limit window is used up', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<ShopConnector['listOrders']>> = await connector.listOrders({ cursor, pageSize: 10 });
      seen.push(...page.orders.map((o) => o.externalId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(30);
    // ~30 orders × 4+ calls against 40 calls a minute: the connector had to wait, by the headers.
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((w) => w > 0 && w <= 60_000)).toBe(true);
    expect(ls.state.requests.filter((r) => r.status === 429)).toHaveLength(0);
  });

  it('waits out a 429 and tries again', async () => {
    skipped += 60_000;
    ls.state.rateLimiter.exhaust(0);
    const before = ls.state.requests.length;
    const order = ls.state.orderByNumber('ORD02002')!;
    const mapped = await connector.getOrder(String(order.id));
    expect(mapped?.number).toBe('ORD02002');
    const statuses = ls.state.requests.slice(before).map((r) => r.status);
    expect(statuses[0]).toBe(429);
    expect(statuses.slice(1).every((s) => s === 200)).toBe(true);
    expect(waits[0]).toBeGreaterThan(0);
  });

  it('writes the tracking code to the shipment and sets it shipped', async () => {
    const order = ls.state.orderByNumber('ORD02003')!;
    const [open] = ls.state.shipmentsOf(order.id).filter((s) => s.status === 'not_shipped');
    await connector.updateTracking({ orderExternalId: String(order.id), shipmentExternalId: String(open!.id), tracking: { number: '3SLIGHT0001', company: 'PostNL' } });
    expect(ls.state.store.shipments.get(open!.id)).toMatchObject({ status: 'shipped', trackingCode: '3SLIGHT0001', doNotifyShipped: true });
    expect(ls.state.notifications.at(-1)).toMatchObject({ shipmentId: open!.id, kind: 'shipped' });
    const mapped = await connector.getOrder(String(order.id));
    expect(mapped?.shipments.find((s) => s.externalId === String(open!.id))?.trackingCode).toBe('3SLIGHT0001');

    const other = ls.state.orderByNumber('ORD02004')!;
    await connector.updateTracking({ orderExternalId: String(other.id), tracking: { number: '3SLIGHT0002', company: 'PostNL' }, notifyCustomer: false });
    const written = ls.state.shipmentsOf(other.id).find((s) => s.trackingCode === '3SLIGHT0002');
    expect(written).toMatchObject({ status: 'shipped', doNotifyShipped: false });
  });

  it('passes a parcel on its way on as a shipped shipment', async () => {
    const order = ls.state.orderByNumber('ORD02005')!;
    const [open] = ls.state.shipmentsOf(order.id).filter((s) => s.status === 'not_shipped');
    await connector.reportStatus({ orderExternalId: String(order.id), shipmentExternalId: String(open!.id), status: 'announced', happenedAt: new Date(now()).toISOString() });
    expect(ls.state.store.shipments.get(open!.id)!.status).toBe('not_shipped');
    await connector.reportStatus({ orderExternalId: String(order.id), shipmentExternalId: String(open!.id), status: 'in_transit', happenedAt: new Date(now()).toISOString() });
    expect(ls.state.store.shipments.get(open!.id)!.status).toBe('shipped');
  });

  it('verifies webhook signatures and refuses forged ones', () => {
    const body = Buffer.from(JSON.stringify({ order: { id: 30000001, number: 'ORD02030' } }));
    const signature = createHash('md5').update(Buffer.concat([body, Buffer.from('app-secret')])).digest('hex');
    expect(connector.verifyWebhook(body, { 'X-Signature': signature })).toMatchObject({ orderExternalId: '30000001', deliveryId: signature });
    expect(connector.verifyWebhook(body, { 'x-signature': createHash('md5').update(body).digest('hex') })).toBeNull();
    expect(connector.verifyWebhook(body, {})).toBeNull();
  });

  it('turns an outage into a retryable ShopError', async () => {
    ls.state.setOutage(true);
    try {
      const error = await connector.listOrders({}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ShopError);
      expect((error as ShopError).status).toBe(503);
      expect((error as ShopError).retryable).toBe(true);
    } finally {
      ls.state.setOutage(false);
    }
  });
});

describe('Lightspeed eCom webhooks from the sandbox, over HTTP', () => {
  let sandbox: RunningSandbox;
  let ls: ReturnType<typeof lightspeedSandbox>;
  let hookServer: Server;
  let hookUrl: string;
  const received: { headers: Record<string, string | undefined>; body: Buffer }[] = [];
  const flat = (headers: IncomingHttpHeaders) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
  const connectorWith = (webhookSecret: string) =>
    createLightspeedConnector({ baseUrl: sandbox.baseUrl('lightspeed'), credentials: { apiKey: 'ls_sandbox_key', apiSecret: 'ls_sandbox_secret', language: 'nl', webhookSecret } });

  beforeAll(async () => {
    hookServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: flat(req.headers), body: Buffer.concat(chunks) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/lightspeed`;
    ls = lightspeedSandbox({ webhookSecret: 'the-app-secret' });
    sandbox = await startSandbox([ls]);
    const auth = { authorization: `Basic ${Buffer.from('ls_sandbox_key:ls_sandbox_secret').toString('base64')}`, 'content-type': 'application/json' };
    for (const itemGroup of ['orders', 'shipments']) {
      const res = await fetch(`${sandbox.baseUrl('lightspeed')}/nl/webhooks.json`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ webhook: { isActive: true, itemGroup, itemAction: '*', language: 'nl', format: 'json', address: hookUrl } }),
      });
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => {
    await sandbox.close();
    await new Promise<void>((resolve) => hookServer.close(() => resolve()));
  });

  it('verifies an order delivery from the sandbox and refuses a tampered body or a wrong secret', async () => {
    received.length = 0;
    const res = await fetch(`${sandbox.baseUrl('lightspeed')}/__sandbox/orders`, { method: 'POST' });
    const { order } = (await res.json()) as { order: { id: number } };
    await ls.state.webhooks.flush();
    expect(received).toHaveLength(1);
    const hook = received[0]!;
    const event = connectorWith('the-app-secret').verifyWebhook(hook.body, hook.headers);
    expect(event).toMatchObject({ topic: 'orders', orderExternalId: String(order.id), deliveryId: hook.headers['x-signature'] });
    expect(connectorWith('the-app-secret').verifyWebhook(hook.body, hook.headers)?.deliveryId).toBe(event?.deliveryId);

    const tampered = Buffer.from(hook.body.toString('utf8').replace(`"id":${order.id}`, `"id":${order.id + 1}`));
    expect(tampered.equals(hook.body)).toBe(false);
    expect(connectorWith('the-app-secret').verifyWebhook(tampered, hook.headers)).toBeNull();
    expect(connectorWith('another-secret').verifyWebhook(hook.body, hook.headers)).toBeNull();
    expect(connectorWith('the-app-secret').verifyWebhook(hook.body, { ...hook.headers, 'x-signature': undefined })).toBeNull();
  });

  it('verifies a shipment delivery and finds its order', async () => {
    const order = ls.state.orderByNumber('ORD02003')!;
    const [open] = ls.state.shipmentsOf(order.id).filter((s) => s.status === 'not_shipped');
    received.length = 0;
    await connectorWith('the-app-secret').updateTracking({ orderExternalId: String(order.id), shipmentExternalId: String(open!.id), tracking: { number: '3SHOOK1', company: 'PostNL' } });
    await ls.state.webhooks.flush();
    const shipmentHook = received.find((r) => r.headers['x-shipments-id'] === String(open!.id))!;
    expect(connectorWith('the-app-secret').verifyWebhook(shipmentHook.body, shipmentHook.headers)).toMatchObject({ topic: 'shipments', orderExternalId: String(order.id) });
    const orderHook = received.find((r) => r.headers['x-orders-id'] === String(order.id))!;
    expect(connectorWith('the-app-secret').verifyWebhook(orderHook.body, orderHook.headers)).toMatchObject({ topic: 'orders', orderExternalId: String(order.id) });
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../server';
import { lightspeedSandbox } from './lightspeed-sandbox';
import { signLightspeedWebhook } from './webhooks';

const auth = (key = 'ls_sandbox_key', secret = 'ls_sandbox_secret') => ({ authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` });

describe('Lightspeed eCom sandbox', () => {
  let sandbox: RunningSandbox;
  let ls: ReturnType<typeof lightspeedSandbox>;
  let base: string;
  let clock = Date.parse('2026-11-20T12:00:00Z');

  beforeAll(async () => {
    ls = lightspeedSandbox({ rateLimits: [{ limit: 20, windowMs: 10_000 }, { limit: 1000, windowMs: 3_600_000 }], now: () => clock });
    sandbox = await startSandbox([ls]);
    base = sandbox.baseUrl('lightspeed');
  });
  afterAll(() => sandbox.close());

  it('refuses a wrong key or secret with 401', async () => {
    const res = await fetch(`${base}/nl/orders.json`, { headers: auth('ls_sandbox_key', 'wrong') });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 401, method: 'GET', request: 'nl/orders.json', message: 'Unauthorized' } });
    expect((await fetch(`${base}/nl/orders.json`)).status).toBe(401);
  });

  it('pages orders with page and limit and counts them', async () => {
    const count = (await (await fetch(`${base}/nl/orders/count.json`, { headers: auth() })).json()) as { count: number };
    expect(count.count).toBe(30);
    const pages = [];
    for (const page of [1, 2, 3, 4]) {
      const res = await fetch(`${base}/en/orders.json?limit=8&page=${page}`, { headers: auth() });
      pages.push(((await res.json()) as { orders: { id: number }[] }).orders.map((o) => o.id));
    }
    expect(pages.map((p) => p.length)).toEqual([8, 8, 8, 6]);
    expect(new Set(pages.flat()).size).toBe(30);
    expect((await fetch(`${base}/fr/orders.json`, { headers: auth() })).status).toBe(404);
  });

  it('holds shipments per order, made by the platform: open ones hold what is not shipped yet', async () => {
    for (const order of ls.state.store.orders.values()) {
      const shipments = ls.state.shipmentsOf(order.id);
      expect(shipments.length).toBeGreaterThan(0);
      for (const p of order.products) {
        const held = shipments.flatMap((s) => s.products).filter((sp) => sp.orderProductId === p.id).reduce((s, sp) => s + sp.quantity, 0);
        expect(held).toBe(p.quantityOrdered);
      }
    }
    const shipped = [...ls.state.store.shipments.values()].filter((s) => s.status === 'shipped');
    expect(shipped.length).toBeGreaterThan(0);
    expect(shipped.every((s) => s.trackingCode.startsWith('3SDEMO'))).toBe(true);
  });

  it('marks a shipment shipped with its tracking code and notifies the customer when asked', async () => {
    const order = ls.state.orderByNumber('ORD02001')!;
    const [open] = ls.state.shipmentsOf(order.id).filter((s) => s.status === 'not_shipped');
    const res = await fetch(`${base}/nl/shipments/${open!.id}.json`, {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ shipment: { status: 'shipped', trackingCode: '3STEST', doNotifyShipped: true } }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { shipment: { status: string; trackingCode: string } }).shipment).toMatchObject({ status: 'shipped', trackingCode: '3STEST' });
    expect(ls.state.order(order.id).shipmentStatus).toBe('shipped');
    expect(ls.state.notifications.at(-1)).toMatchObject({ shipmentId: open!.id, kind: 'shipped' });
    const bad = await fetch(`${base}/nl/shipments/${open!.id}.json`, { method: 'PUT', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ shipment: { status: 'lost' } }) });
    expect(bad.status).toBe(400);
    expect((await fetch(`${base}/nl/shipments.json`, { method: 'POST', headers: auth() })).status).toBe(404);
  });

  it('reports its rate limits and answers 429 when a window is used up, until it resets', async () => {
    clock += 60_000;
    const first = await fetch(`${base}/nl/orders/count.json`, { headers: auth() });
    expect(first.headers.get('x-ratelimit-limit')).toBe('20/1000');
    expect(first.headers.get('x-ratelimit-remaining')).toMatch(/^19\/\d+$/);
    let last = first;
    for (let i = 0; i < 19; i++) last = await fetch(`${base}/nl/orders/count.json`, { headers: auth() });
    expect(last.headers.get('x-ratelimit-remaining')).toMatch(/^0\//);
    const refused = await fetch(`${base}/nl/orders/count.json`, { headers: auth() });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('x-ratelimit-reset')!.split('/')[0])).toBeGreaterThan(0);
    clock += 10_000;
    expect((await fetch(`${base}/nl/orders/count.json`, { headers: auth() })).status).toBe(200);
  });

  it('answers 503 during an outage', async () => {
    ls.state.setOutage(true);
    expect((await fetch(`${base}/nl/orders.json`, { headers: auth() })).status).toBe(503);
    ls.state.setOutage(false);
  });
});

describe('Lightspeed eCom sandbox webhooks', () => {
  let sandbox: RunningSandbox;
  let ls: ReturnType<typeof lightspeedSandbox>;
  let base: string;
  let hookServer: Server;
  let hookUrl: string;
  const received: { url: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];

  beforeAll(async () => {
    hookServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}`;
    ls = lightspeedSandbox({ webhookSecret: 'app-secret', shopId: 4242 });
    sandbox = await startSandbox([ls]);
    base = sandbox.baseUrl('lightspeed');
  });
  afterAll(async () => {
    await sandbox.close();
    await new Promise<void>((resolve) => hookServer.close(() => resolve()));
  });

  it('registers webhooks with POST /{lang}/webhooks.json, as JSON or as the documented form fields', async () => {
    const json = await fetch(`${base}/nl/webhooks.json`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ webhook: { isActive: true, itemGroup: 'orders', itemAction: 'created', language: 'en', format: 'json', address: `${hookUrl}/orders-created` } }),
    });
    expect(json.status).toBe(200);
    expect(((await json.json()) as { webhook: unknown }).webhook).toMatchObject({ id: 1, isActive: true, itemGroup: 'orders', itemAction: 'created', language: 'en', format: 'json' });
    const form = new URLSearchParams({ 'webhook[isActive]': 'true', 'webhook[itemGroup]': 'orders', 'webhook[itemAction]': 'updated', 'webhook[language]': 'nl', 'webhook[format]': 'json', 'webhook[address]': `${hookUrl}/orders-updated` });
    expect((await fetch(`${base}/nl/webhooks.json`, { method: 'POST', headers: auth(), body: form })).status).toBe(200);
    const shipments = { isActive: true, itemGroup: 'shipments', itemAction: '*', language: 'nl', format: 'json', address: `${hookUrl}/shipments` };
    expect((await fetch(`${base}/nl/webhooks.json`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ webhook: shipments }) })).status).toBe(200);
    const bad = await fetch(`${base}/nl/webhooks.json`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ webhook: { ...shipments, itemAction: 'paid' } }) });
    expect(bad.status).toBe(400);
    const list = (await (await fetch(`${base}/nl/webhooks.json`, { headers: auth() })).json()) as { webhooks: unknown[] };
    expect(list.webhooks).toHaveLength(3);
  });

  it('sends orders/created, orders/updated and shipments/updated, signed md5(body + app secret), with the documented headers', async () => {
    received.length = 0;
    const created = (await (await fetch(`${base}/__sandbox/orders`, { method: 'POST' })).json()) as { order: { id: number } };
    await ls.state.webhooks.flush();
    expect(received.map((r) => r.url)).toEqual(['/orders-created']);
    const hook = received[0]!;
    expect(hook.headers['x-signature']).toBe(signLightspeedWebhook(hook.body, 'app-secret'));
    expect(hook.headers).toMatchObject({ 'x-shop-id': '4242', 'x-format': 'json', 'x-language': 'en', 'x-orders-id': String(created.order.id) });
    expect((JSON.parse(hook.body) as { order: { id: number } }).order.id).toBe(created.order.id);

    received.length = 0;
    const [open] = ls.state.shipmentsOf(created.order.id).filter((s) => s.status === 'not_shipped');
    await fetch(`${base}/nl/shipments/${open!.id}.json`, { method: 'PUT', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ shipment: { status: 'shipped', trackingCode: '3SHOOK' } }) });
    await ls.state.webhooks.flush();
    expect(received.map((r) => r.url).sort()).toEqual(['/orders-updated', '/shipments']);
    const shipment = received.find((r) => r.url === '/shipments')!;
    expect(JSON.parse(shipment.body)).toMatchObject({ shipment: { id: open!.id, trackingCode: '3SHOOK', order: { resource: { id: created.order.id } } } });
    expect(shipment.headers['x-signature']).toBe(signLightspeedWebhook(shipment.body, 'app-secret'));
    expect(ls.state.webhooks.deliveries.every((d) => d.responseStatus === 200)).toBe(true);
  });

  it('stops sending to a deactivated or deleted webhook', async () => {
    await fetch(`${base}/nl/webhooks/2.json`, { method: 'PUT', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ webhook: { isActive: false } }) });
    expect((await fetch(`${base}/nl/webhooks/3.json`, { method: 'DELETE', headers: auth() })).status).toBe(200);
    expect((await fetch(`${base}/nl/webhooks/3.json`, { headers: auth() })).status).toBe(404);
    received.length = 0;
    ls.state.changeOrder([...ls.state.store.orders.keys()][0]!);
    await ls.state.webhooks.flush();
    expect(received).toHaveLength(0);
  });
});

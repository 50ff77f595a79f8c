import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../server';
import { lightspeedSandbox } from './lightspeed-sandbox';

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

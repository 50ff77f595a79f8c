import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../server';
import { bigcommerceSandbox } from './bigcommerce-sandbox';

const auth = (token = 'bc_sandbox_token') => ({ 'x-auth-token': token, accept: 'application/json' });
const json = (token?: string) => ({ ...auth(token), 'content-type': 'application/json' });

interface OrderJson {
  id: number;
  status_id: number;
  date_modified: string;
  items_total: number;
  items_shipped: number;
}
interface ProductJson {
  id: number;
  order_address_id: number;
  sku: string;
  quantity: number;
  quantity_shipped: number;
  weight: string;
}

describe('BigCommerce sandbox', () => {
  let sandbox: RunningSandbox;
  let bc: ReturnType<typeof bigcommerceSandbox>;
  let api: string;
  let clock = Date.parse('2026-11-20T13:00:00Z');

  beforeAll(async () => {
    bc = bigcommerceSandbox({ rateLimit: { quota: 1000, windowMs: 30_000 }, now: () => clock });
    sandbox = await startSandbox([bc]);
    api = `${sandbox.baseUrl('bigcommerce')}/stores/sbx1bc`;
  });
  afterAll(() => sandbox.close());

  it('refuses a missing or wrong X-Auth-Token with 401 in the V2 and V3 error shapes', async () => {
    const missing = await fetch(`${api}/v2/orders`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual([{ status: 401, message: 'No credentials were supplied in the request.' }]);
    const wrong = await fetch(`${api}/v2/orders`, { headers: auth('nope') });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { status: number }[])[0]!.status).toBe(401);
    const v3 = await fetch(`${api}/v3/hooks`, { headers: auth('nope') });
    expect(await v3.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect((await fetch(`${sandbox.baseUrl('bigcommerce')}/stores/otherstore/v2/orders`, { headers: auth() })).status).toBe(404);
  });

  it('pages orders with page and limit, sorts them, and answers 204 past the end', async () => {
    const pages: number[][] = [];
    for (let page = 1; page <= 4; page++) {
      const res = await fetch(`${api}/v2/orders?limit=8&page=${page}&sort=id:asc`, { headers: auth() });
      expect(res.status).toBe(200);
      pages.push(((await res.json()) as OrderJson[]).map((o) => o.id));
    }
    expect(pages.map((p) => p.length)).toEqual([8, 8, 8, 6]);
    expect(pages.flat()).toEqual([...pages.flat()].sort((a, b) => a - b));
    expect(new Set(pages.flat()).size).toBe(30);
    const past = await fetch(`${api}/v2/orders?limit=8&page=5`, { headers: auth() });
    expect(past.status).toBe(204);
    expect((await fetch(`${api}/v2/orders?limit=251`, { headers: auth() })).status).toBe(413);
    expect((await fetch(`${api}/v2/orders?sort=colour:asc`, { headers: auth() })).status).toBe(400);
    const desc = (await (await fetch(`${api}/v2/orders?limit=2&sort=date_created:desc`, { headers: auth() })).json()) as OrderJson[];
    expect(desc.map((o) => o.id)).toEqual([2001, 2002]);
  });

  it('filters on min_date_modified in RFC 2822 or ISO 8601 and writes dates as RFC 2822', async () => {
    clock += 60_000;
    bc.state.changeOrder(2007);
    for (const since of [new Date(clock - 1000).toISOString(), new Date(clock - 1000).toUTCString()]) {
      const res = await fetch(`${api}/v2/orders?min_date_modified=${encodeURIComponent(since)}`, { headers: auth() });
      const orders = (await res.json()) as OrderJson[];
      expect(orders.map((o) => o.id)).toEqual([2007]);
      expect(orders[0]!.date_modified).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    }
    expect((await fetch(`${api}/v2/orders?min_date_modified=yesterday`, { headers: auth() })).status).toBe(400);
  });

  it('seeds the walkthrough order from the shared catalogue: three lines, quantities above one, one out of stock', async () => {
    const order = (await (await fetch(`${api}/v2/orders/2001`, { headers: auth() })).json()) as OrderJson & { products: { resource: string } };
    expect(order.status_id).toBe(11);
    expect(order.products.resource).toBe('/orders/2001/products');
    const products = (await (await fetch(`${api}/v2/orders/2001/products`, { headers: auth() })).json()) as ProductJson[];
    expect(products.map((p) => [p.sku, p.quantity])).toEqual([
      ['MUG-ENAMEL-WHT', 3],
      ['TEE-ORG-M', 2],
      ['POSTER-A2-DUNES', 1],
    ]);
    expect(products[0]!.weight).toBe('0.3200');
    const addresses = (await (await fetch(`${api}/v2/orders/2001/shipping_addresses`, { headers: auth() })).json()) as { id: number; country_iso2: string }[];
    expect(addresses).toHaveLength(1);
    expect(addresses[0]!.id).toBe(products[0]!.order_address_id);
    expect((await fetch(`${api}/v2/orders/2001/shipments`, { headers: auth() })).status).toBe(204);
    expect((await fetch(`${api}/v2/orders/999999`, { headers: auth() })).status).toBe(404);
    const shipped = [...bc.state.store.orders.values()].filter((o) => o.shipments.length > 0);
    expect(shipped.length).toBeGreaterThan(0);
    expect(shipped.every((o) => o.status_id === 2 || o.status_id === 3)).toBe(true);
  });

  it('creates a partial shipment with its items and tracking, then refuses more than is left to ship', async () => {
    const products = (await (await fetch(`${api}/v2/orders/2001/products`, { headers: auth() })).json()) as ProductJson[];
    const [mug, tee] = products;
    const res = await fetch(`${api}/v2/orders/2001/shipments`, {
      method: 'POST',
      headers: json(),
      body: JSON.stringify({
        order_address_id: mug!.order_address_id,
        tracking_number: '3SSANDBOX0001',
        shipping_provider: '',
        tracking_carrier: 'postnl',
        items: [
          { order_product_id: mug!.id, quantity: 2 },
          { order_product_id: tee!.id, quantity: 2 },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const shipment = (await res.json()) as { id: number; items: { order_product_id: number; quantity: number }[]; generated_tracking_link: string; tracking_number: string };
    expect(shipment.items).toEqual([
      { order_product_id: mug!.id, product_id: expect.any(Number), quantity: 2 },
      { order_product_id: tee!.id, product_id: expect.any(Number), quantity: 2 },
    ]);
    expect(shipment.generated_tracking_link).toContain('3SSANDBOX0001');
    const order = (await (await fetch(`${api}/v2/orders/2001`, { headers: auth() })).json()) as OrderJson;
    expect(order).toMatchObject({ status_id: 3, items_shipped: 4, items_total: 6 });

    const over = await fetch(`${api}/v2/orders/2001/shipments`, {
      method: 'POST',
      headers: json(),
      body: JSON.stringify({ order_address_id: mug!.order_address_id, items: [{ order_product_id: mug!.id, quantity: 2 }] }),
    });
    expect(over.status).toBe(400);
    const error = (await over.json()) as { status: number; message: string }[];
    expect(error).toEqual([{ status: 400, message: expect.stringContaining('only 1 can still be shipped') }]);
    const badCarrier = await fetch(`${api}/v2/orders/2001/shipments`, {
      method: 'POST',
      headers: json(),
      body: JSON.stringify({ order_address_id: mug!.order_address_id, tracking_carrier: 'PostNL', items: [{ order_product_id: mug!.id, quantity: 1 }] }),
    });
    expect(badCarrier.status).toBe(400);
    const noAddress = await fetch(`${api}/v2/orders/2001/shipments`, { method: 'POST', headers: json(), body: JSON.stringify({ items: [{ order_product_id: mug!.id, quantity: 1 }] }) });
    expect(((await noAddress.json()) as { message: string }[])[0]!.message).toContain('order_address_id');

    const put = await fetch(`${api}/v2/orders/2001/shipments/${shipment.id}`, { method: 'PUT', headers: json(), body: JSON.stringify({ tracking_number: '3SSANDBOX0002', tracking_carrier: 'dhl' }) });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ id: shipment.id, tracking_number: '3SSANDBOX0002', tracking_carrier: 'dhl' });
    const list = (await (await fetch(`${api}/v2/orders/2001/shipments`, { headers: auth() })).json()) as { id: number }[];
    expect(list.map((s) => s.id)).toEqual([shipment.id]);
  });

  it('sends the rate-limit headers and answers 429 once the quota is used up, until the window resets', async () => {
    const res = await fetch(`${api}/v2/store`, { headers: auth() });
    expect(res.headers.get('x-rate-limit-requests-quota')).toBe('1000');
    expect(Number(res.headers.get('x-rate-limit-requests-left'))).toBeGreaterThan(0);
    expect(res.headers.get('x-rate-limit-time-window-ms')).toBe('30000');
    expect(((await res.json()) as { weight_units: string }).weight_units).toBe('kgs');
    await fetch(`${sandbox.baseUrl('bigcommerce')}/__sandbox/rate-limit/exhaust`, { method: 'POST' });
    const refused = await fetch(`${api}/v2/orders`, { headers: auth() });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-rate-limit-requests-left')).toBe('0');
    const resetMs = Number(refused.headers.get('x-rate-limit-time-reset-ms'));
    expect(resetMs).toBeGreaterThan(0);
    expect(((await refused.json()) as { status: number }[])[0]!.status).toBe(429);
    clock += resetMs;
    expect((await fetch(`${api}/v2/store`, { headers: auth() })).status).toBe(200);
  });
});

describe('BigCommerce sandbox webhooks', () => {
  let sandbox: RunningSandbox;
  let bc: ReturnType<typeof bigcommerceSandbox>;
  let api: string;
  let hookServer: Server;
  let hookUrl: string;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

  beforeAll(async () => {
    hookServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/bc`;
    bc = bigcommerceSandbox();
    sandbox = await startSandbox([bc]);
    api = `${sandbox.baseUrl('bigcommerce')}/stores/sbx1bc`;
  });
  afterAll(async () => {
    await sandbox.close();
    await new Promise<void>((resolve) => hookServer.close(() => resolve()));
  });

  it('registers hooks with POST /v3/hooks and refuses a destination that is not https', async () => {
    const res = await fetch(`${api}/v3/hooks`, {
      method: 'POST',
      headers: json(),
      body: JSON.stringify({ scope: 'store/order/*', destination: hookUrl, is_active: true, headers: { 'X-Shipdesk-Webhook-Secret': 's3cret' } }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown }).data).toMatchObject({ scope: 'store/order/*', is_active: true, headers: { 'X-Shipdesk-Webhook-Secret': 's3cret' }, store_hash: 'sbx1bc' });
    const bad = await fetch(`${api}/v3/hooks`, { method: 'POST', headers: json(), body: JSON.stringify({ scope: 'store/order/updated', destination: 'http://example.com:8080/x' }) });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ status: 422, errors: { destination: expect.any(String) } });
    const list = (await (await fetch(`${api}/v3/hooks`, { headers: auth() })).json()) as { data: unknown[] };
    expect(list.data).toHaveLength(1);
  });

  it('delivers a light payload with the custom header and an unkeyed SHA-1 hash', async () => {
    received.length = 0;
    const order = bc.state.order(2003);
    const product = order.products[0]!;
    const created = await fetch(`${api}/v2/orders/2003/shipments`, {
      method: 'POST',
      headers: json(),
      body: JSON.stringify({ order_address_id: product.order_address_id, items: [{ order_product_id: product.id, quantity: 1 }] }),
    });
    expect(created.status).toBe(201);
    await bc.state.webhooks.flush();
    const scopes = received.map((r) => (JSON.parse(r.body) as { scope: string }).scope);
    // store/order/* covers the order events only, not store/shipment/created.
    expect(scopes).toContain('store/order/updated');
    expect(scopes).not.toContain('store/shipment/created');
    const hook = received.find((r) => r.body.includes('store/order/updated'))!;
    expect(hook.headers['x-shipdesk-webhook-secret']).toBe('s3cret');
    const payload = JSON.parse(hook.body) as { producer: string; data: { type: string; id: number }; hash: string };
    expect(payload).toMatchObject({ producer: 'stores/sbx1bc', data: { type: 'order', id: 2003 } });
    expect(payload.hash).toMatch(/^[0-9a-f]{40}$/);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../server';
import { signWooCommerceWebhook } from './webhooks';
import { woocommerceSandbox } from './woocommerce-sandbox';

const auth = (key = 'ck_sandbox', secret = 'cs_sandbox') => ({ authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` });

describe('WooCommerce sandbox', () => {
  let sandbox: RunningSandbox;
  let woo: ReturnType<typeof woocommerceSandbox>;
  let base: string;
  let hookServer: Server;
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
    const hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hooks`;
    woo = woocommerceSandbox({ webhookTarget: hookUrl, webhookSecret: 'shh' });
    sandbox = await startSandbox([woo]);
    base = sandbox.baseUrl('woocommerce');
  });
  afterAll(async () => {
    await sandbox.close();
    await new Promise<void>((resolve) => hookServer.close(() => resolve()));
  });

  it('refuses requests without a key, with a wrong key or a wrong secret, in the WP REST error shape', async () => {
    const none = await fetch(`${base}/wp-json/wc/v3/orders`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.', data: { status: 401 } });
    const badKey = await fetch(`${base}/wp-json/wc/v3/orders`, { headers: auth('ck_nope') });
    expect(badKey.status).toBe(401);
    expect(((await badKey.json()) as { message: string }).message).toBe('Consumer key is invalid.');
    const badSecret = await fetch(`${base}/wp-json/wc/v3/orders?consumer_key=ck_sandbox&consumer_secret=nope`);
    expect(((await badSecret.json()) as { message: string }).message).toBe('Consumer secret is invalid.');
    const query = await fetch(`${base}/wp-json/wc/v3/orders?consumer_key=ck_sandbox&consumer_secret=cs_sandbox`);
    expect(query.status).toBe(200);
  });

  it('pages orders with X-WP-Total, X-WP-TotalPages and Link, and caps per_page at 100', async () => {
    const first = await fetch(`${base}/wp-json/wc/v3/orders?per_page=12&orderby=id&order=asc`, { headers: auth() });
    expect(first.headers.get('x-wp-total')).toBe('30');
    expect(first.headers.get('x-wp-totalpages')).toBe('3');
    expect(first.headers.get('link')).toContain('rel="next"');
    const ids = ((await first.json()) as { id: number }[]).map((o) => o.id);
    expect(ids).toHaveLength(12);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const last = await fetch(`${base}/wp-json/wc/v3/orders?per_page=12&page=3`, { headers: auth() });
    expect((await last.json()) as unknown[]).toHaveLength(6);
    expect(last.headers.get('link')).not.toContain('rel="next"');
    const tooMany = await fetch(`${base}/wp-json/wc/v3/orders?per_page=101`, { headers: auth() });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { code: string }).code).toBe('rest_invalid_param');
  });

  it('filters on modified_after and reports unknown orders as invalid ids', async () => {
    const cutoff = new Date(Date.now() - 1000).toISOString().slice(0, 19);
    woo.state.changeOrder(2005);
    const res = await fetch(`${base}/wp-json/wc/v3/orders?modified_after=${cutoff}&dates_are_gmt=true`, { headers: auth() });
    expect(((await res.json()) as { id: number }[]).map((o) => o.id)).toEqual([2005]);
    const missing = await fetch(`${base}/wp-json/wc/v3/orders/99999`, { headers: auth() });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('woocommerce_rest_shop_order_invalid_id');
  });

  it('adds Shipment Tracking items, completes orders and takes notes', async () => {
    const post = await fetch(`${base}/wp-json/wc-shipment-tracking/v3/orders/2001/shipment-trackings`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ tracking_provider: 'PostNL', tracking_number: '3SABC123', date_shipped: '2026-11-21' }),
    });
    expect(post.status).toBe(201);
    const item = (await post.json()) as { tracking_id: string; tracking_link: string; date_shipped: string };
    expect(item.date_shipped).toBe('2026-11-21');
    expect(item.tracking_link).toContain('3SABC123');
    expect(post.headers.get('location')).toContain(item.tracking_id);
    const missing = await fetch(`${base}/wp-json/wc-shipment-tracking/v3/orders/2001/shipment-trackings`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ tracking_provider: 'PostNL' }),
    });
    expect(missing.status).toBe(400);

    const put = await fetch(`${base}/wp-json/wc/v3/orders/2001`, { method: 'PUT', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ status: 'completed' }) });
    expect(((await put.json()) as { status: string }).status).toBe('completed');
    const note = await fetch(`${base}/wp-json/wc/v3/orders/2001/notes`, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify({ note: 'hello' }) });
    expect(note.status).toBe(201);
    expect(woo.state.order(2001).notes.map((n) => n.note)).toContain('hello');
    const readOnly = await fetch(`${base}/wp-json/wc-shipment-tracking/v3/orders/2001/shipment-trackings`, { headers: auth() });
    expect(((await readOnly.json()) as { tracking_number: string }[]).map((t) => t.tracking_number)).toContain('3SABC123');
  });

  it('sends order.updated webhooks signed with the webhook secret', async () => {
    received.length = 0;
    woo.state.changeOrder(2002);
    await woo.state.webhooks.flush();
    const hook = received.at(-1)!;
    expect(hook.headers['x-wc-webhook-topic']).toBe('order.updated');
    expect(hook.headers['x-wc-webhook-delivery-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(hook.headers['x-wc-webhook-signature']).toBe(signWooCommerceWebhook(hook.body, 'shh'));
    expect((JSON.parse(hook.body) as { id: number }).id).toBe(2002);
  });

  it('answers 503 with the maintenance page during an outage', async () => {
    woo.state.setOutage(true);
    const res = await fetch(`${base}/wp-json/wc/v3/orders`, { headers: auth() });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('Briefly unavailable');
    woo.state.setOutage(false);
  });
});

describe('WooCommerce sandbox order fulfillments', () => {
  let on: RunningSandbox;
  let off: RunningSandbox;
  let woo: ReturnType<typeof woocommerceSandbox>;
  const json = { ...auth(), 'content-type': 'application/json' };

  beforeAll(async () => {
    woo = woocommerceSandbox({ fulfillments: true });
    on = await startSandbox([woo]);
    off = await startSandbox([woocommerceSandbox()]);
  });
  afterAll(async () => {
    await on.close();
    await off.close();
  });

  it('has no fulfillments routes unless the feature is on', async () => {
    const res = await fetch(`${off.baseUrl('woocommerce')}/wp-json/wc/v3/orders/1/fulfillments`, { headers: auth() });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('rest_no_route');
    const missing = await fetch(`${on.baseUrl('woocommerce')}/wp-json/wc/v3/orders/0/fulfillments`, { headers: auth() });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('woocommerce_rest_order_invalid_id');
  });

  it('creates, updates (dropping meta keys left out), lists and deletes fulfillments', async () => {
    const order = [...woo.state.store.orders.values()][0]!;
    const line = order.line_items[0]!;
    const base = `${on.baseUrl('woocommerce')}/wp-json/wc/v3/orders/${order.id}/fulfillments`;
    const created = await fetch(base, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ status: 'unfulfilled', meta_data: [{ key: '_items', value: [{ item_id: line.id, qty: 1 }] }, { key: 'note', value: 'x' }] }),
    });
    expect(created.status).toBe(201);
    const f = (await created.json()) as { id: number; entity_id: string; is_fulfilled: boolean; date_deleted: null };
    expect(f).toMatchObject({ entity_id: String(order.id), is_fulfilled: false, date_deleted: null });
    const updated = await fetch(`${base}/${f.id}`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ status: 'fulfilled', meta_data: [{ key: '_items', value: [{ item_id: line.id, qty: 1 }] }, { key: '_tracking_number', value: 'T1' }], notify_customer: true }),
    });
    const after = (await updated.json()) as { is_fulfilled: boolean; meta_data: { key: string }[] };
    expect(after.is_fulfilled).toBe(true);
    expect(after.meta_data.map((m) => m.key)).toEqual(['_items', '_tracking_number']);
    expect(woo.state.fulfillmentNotifications).toEqual([{ orderId: order.id, fulfillmentId: f.id, kind: 'created' }]);
    const noItems = await fetch(base, { method: 'POST', headers: json, body: JSON.stringify({ meta_data: [] }) });
    expect(noItems.status).toBe(400);
    expect((await fetch(`${base}/${f.id}`, { method: 'DELETE', headers: auth() })).status).toBe(200);
    expect((await (await fetch(base, { headers: auth() })).json()) as unknown[]).toEqual([]);
  });
});

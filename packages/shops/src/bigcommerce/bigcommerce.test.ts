import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bigcommerceSandbox, startSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopError, type ShopConnector } from '../connector';
import { bigCommerceTrackingCarrier, createBigCommerceConnector, registerBigCommerceWebhooks } from './connector';
import { verifyBigCommerceWebhook } from './webhook';

describe('BigCommerce connector against the sandbox', () => {
  let sandbox: RunningSandbox;
  let bc: ReturnType<typeof bigcommerceSandbox>;
  let base: string;
  let connector: ShopConnector;
  let clock = Date.parse('2026-11-20T13:00:00Z');
  const slept: number[] = [];
  const sleep = async (ms: number) => {
    slept.push(ms);
    clock += ms;
  };
  let hookServer: Server;
  let hookUrl: string;
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
    hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hooks/bigcommerce`;
    bc = bigcommerceSandbox({ rateLimit: { quota: 10_000, windowMs: 30_000 }, now: () => clock });
    sandbox = await startSandbox([bc]);
    base = `${sandbox.baseUrl('bigcommerce')}/stores/sbx1bc`;
    connector = createBigCommerceConnector({ baseUrl: base, credentials: { accessToken: 'bc_sandbox_token', webhookSecret: 'whsec-bc' }, sleep });
  });
  afterAll(async () => {
    await sandbox.close();
    await new Promise<void>((resolve) => hookServer.close(() => resolve()));
  });

  it('declares shipment level with shipment creation', () => {
    expect(connector.platform).toBe('bigcommerce');
    expect(connector.capabilities).toEqual({ level: 'shipment_level', createsShipments: true, takesStatus: true, holdsBackorder: false });
  });

  it('reports a refused token as a non-retryable ShopError with the store message', async () => {
    const wrong = createBigCommerceConnector({ baseUrl: base, credentials: { accessToken: 'nope' }, sleep });
    const error = await wrong.listOrders({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopError);
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect((error as ShopError).message).toContain('The access token supplied is invalid.');
    const none = await createBigCommerceConnector({ baseUrl: base, credentials: {}, sleep })
      .getOrder('2001')
      .catch((e: unknown) => e);
    expect(none).toMatchObject({ status: 401, retryable: false });
  });

  it('pages through every order once, with lines, weights, address and existing shipments', async () => {
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
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    const walkthrough = await connector.getOrder('2001');
    expect(walkthrough).toMatchObject({ externalId: '2001', number: '2001', shipments: [] });
    expect(walkthrough!.lines.map((l) => [l.sku, l.quantity, l.weightGrams])).toEqual([
      ['MUG-ENAMEL-WHT', 3, 320],
      ['TEE-ORG-M', 2, 180],
      ['POSTER-A2-DUNES', 1, 150],
    ]);
    expect(walkthrough!.lines[0]!.priceCents).toBe(1450);
    expect(walkthrough!.shippingAddress.country).toMatch(/^[A-Z]{2}$/);
    expect(walkthrough!.placedAt).toBe('2026-11-20T12:00:00.000Z');
    const alreadyShipped = [...bc.state.store.orders.values()].find((o) => o.shipments.length > 0)!;
    const mapped = await connector.getOrder(String(alreadyShipped.id));
    expect(mapped!.shipments[0]!.trackingCode).toMatch(/^3SDEMO/);
    expect(mapped!.shipments[0]!.lines.length).toBeGreaterThan(0);
    expect(await connector.getOrder('424242')).toBeNull();
    expect(await connector.getOrder('not-a-number')).toBeNull();
  });

  it('lists only orders modified since a moment', async () => {
    clock += 3_600_000;
    const since = new Date(clock - 1000).toISOString();
    bc.state.changeOrder(2010);
    const page = await connector.listOrders({ updatedSince: since });
    expect(page.orders.map((o) => o.externalId)).toEqual(['2010']);
    expect(page.nextCursor).toBeNull();
    clock += 1000;
    expect((await connector.listOrders({ updatedSince: new Date(clock + 60_000).toISOString() })).orders).toEqual([]);
  });

  it('creates a partial shipment with exactly its items, quantities and tracking', async () => {
    const order = (await connector.getOrder('2001'))!;
    const [mug, tee] = order.lines;
    const { externalId } = await connector.createShipment({
      orderExternalId: '2001',
      lines: [
        { lineExternalId: mug!.externalId, quantity: 2 },
        { lineExternalId: tee!.externalId, quantity: 2 },
      ],
      tracking: { number: '3SBCTEST0001', company: 'PostNL' },
    });
    const stored = bc.state.order(2001).shipments.find((s) => String(s.id) === externalId)!;
    expect(stored.items.map((i) => [String(i.order_product_id), i.quantity])).toEqual([
      [mug!.externalId, 2],
      [tee!.externalId, 2],
    ]);
    expect(stored).toMatchObject({ tracking_number: '3SBCTEST0001', tracking_carrier: 'postnl', shipping_provider: '', shipping_method: 'PostNL' });
    expect(bc.state.order(2001).status_id).toBe(3);
    const after = (await connector.getOrder('2001'))!;
    expect(after.shipments).toEqual([{ externalId, trackingCode: '3SBCTEST0001', lines: [{ lineExternalId: mug!.externalId, quantity: 2 }, { lineExternalId: tee!.externalId, quantity: 2 }] }]);

    // More than is left: refused before anything is sent, in the connector's words.
    const over = await connector.createShipment({ orderExternalId: '2001', lines: [{ lineExternalId: mug!.externalId, quantity: 2 }], tracking: { number: '3SBCTEST0002', company: 'PostNL' } }).catch((e: unknown) => e);
    expect(over).toMatchObject({ status: 400, retryable: false });
    expect((over as Error).message).toContain('only 1 left to ship');
    const unknown = await connector.createShipment({ orderExternalId: '2001', lines: [{ lineExternalId: '999999', quantity: 1 }] }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 400 });
  });

  it('does not create a second shipment when a retry finds one with the same tracking number', async () => {
    const order = (await connector.getOrder('2002'))!;
    const input = { orderExternalId: '2002', lines: [{ lineExternalId: order.lines[0]!.externalId, quantity: 1 }], tracking: { number: '3SBCRETRY001', company: 'DHL Parcel' } };
    const first = await connector.createShipment(input);
    const before = bc.state.order(2002).shipments.length;
    const again = await connector.createShipment(input);
    expect(again.externalId).toBe(first.externalId);
    expect(bc.state.order(2002).shipments).toHaveLength(before);
    expect(bc.state.order(2002).shipments.at(-1)!.tracking_carrier).toBe('dhl-benelux');
  });

  it("passes BigCommerce's own V2 error message on when the store refuses a shipment", async () => {
    const order = (await connector.getOrder('2004'))!;
    const line = order.lines[0]!;
    const product = bc.state.order(2004).products.find((p) => String(p.id) === line.externalId)!;
    // Another app ships the line between our read and our POST: the store itself refuses.
    const racing = createBigCommerceConnector({
      baseUrl: base,
      credentials: { accessToken: 'bc_sandbox_token' },
      sleep,
      fetch: (async (input: string | URL | Request, init?: RequestInit) => {
        if (init?.method === 'POST') product.quantity_shipped = product.quantity;
        return fetch(input, init);
      }) as typeof fetch,
    });
    const error = await racing.createShipment({ orderExternalId: '2004', lines: [{ lineExternalId: line.externalId, quantity: 1 }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopError);
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect((error as ShopError).message).toContain('only 0 can still be shipped');
    expect((error as ShopError).options.body).toEqual([{ status: 400, message: expect.any(String) }]);
  });

  it('updates the tracking of a named shipment, and needs a name when an order has several', async () => {
    const shipment = bc.state.order(2001).shipments[0]!;
    await connector.updateTracking({ orderExternalId: '2001', shipmentExternalId: String(shipment.id), tracking: { number: '3SBCTEST0009', company: 'UPS', url: 'https://www.ups.com/track?tracknum=3SBCTEST0009' } });
    expect(bc.state.order(2001).shipments[0]).toMatchObject({ tracking_number: '3SBCTEST0009', tracking_carrier: 'ups', tracking_link: 'https://www.ups.com/track?tracknum=3SBCTEST0009' });
    await connector.updateTracking({ orderExternalId: '2001', tracking: { number: '3SBCTEST0010', company: 'Bring' } });
    expect(bc.state.order(2001).shipments[0]).toMatchObject({ tracking_number: '3SBCTEST0010', tracking_carrier: '', shipping_method: 'Bring' });
    const missing = await connector.updateTracking({ orderExternalId: '2001', shipmentExternalId: '987654', tracking: { number: 'X', company: 'UPS' } }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, retryable: false });
    const unshipped = [...bc.state.store.orders.values()].find((o) => o.shipments.length === 0)!;
    const noShipments = await connector.updateTracking({ orderExternalId: String(unshipped.id), tracking: { number: 'X', company: 'UPS' } }).catch((e: unknown) => e);
    expect(noShipments).toMatchObject({ status: 400 });
  });

  it('reports delivered as Completed only for an order fully shipped in its one shipment', async () => {
    // 2001 is partially shipped: nothing to report.
    await connector.reportStatus({ orderExternalId: '2001', status: 'delivered', happenedAt: new Date(clock).toISOString() });
    expect(bc.state.order(2001).status_id).toBe(3);
    const order = (await connector.getOrder('2005'))!;
    const { externalId } = await connector.createShipment({ orderExternalId: '2005', lines: order.lines.map((l) => ({ lineExternalId: l.externalId, quantity: l.quantity })), tracking: { number: '3SBCALL0001', company: 'PostNL' } });
    expect(bc.state.order(2005).status_id).toBe(2);
    await connector.reportStatus({ orderExternalId: '2005', shipmentExternalId: externalId, status: 'in_transit', happenedAt: new Date(clock).toISOString() });
    expect(bc.state.order(2005).status_id).toBe(2);
    await connector.reportStatus({ orderExternalId: '2005', shipmentExternalId: externalId, status: 'delivered', happenedAt: new Date(clock).toISOString() });
    expect(bc.state.order(2005).status_id).toBe(10);
  });

  it('waits when no requests are left in the window, and waits out a 429 and tries again', async () => {
    const small = bigcommerceSandbox({ rateLimit: { quota: 3, windowMs: 30_000 }, now: () => clock });
    const running = await startSandbox([small]);
    try {
      const limited = createBigCommerceConnector({ baseUrl: `${running.baseUrl('bigcommerce')}/stores/sbx1bc`, credentials: { accessToken: 'bc_sandbox_token', weightUnit: 'kgs' }, sleep });
      slept.length = 0;
      // getOrder makes four calls (order, products, addresses, shipments): the fourth must wait for the window.
      const order = await limited.getOrder('2001');
      expect(order?.lines).toHaveLength(3);
      expect(slept).toHaveLength(1);
      expect(slept[0]).toBeGreaterThan(0);
      expect(running.faults.requests('bigcommerce')).toHaveLength(4);

      // Another app used up the shared quota: the first answer is a 429, waited out, then tried again.
      await fetch(`${running.baseUrl('bigcommerce')}/__sandbox/rate-limit/exhaust`, { method: 'POST' });
      slept.length = 0;
      const fresh = createBigCommerceConnector({ baseUrl: `${running.baseUrl('bigcommerce')}/stores/sbx1bc`, credentials: { accessToken: 'bc_sandbox_token', weightUnit: 'kgs' }, sleep });
      expect(await fresh.getOrder('2002')).not.toBeNull();
      expect(slept.length).toBeGreaterThanOrEqual(1);

      // A 429 that does not go away ends in a retryable ShopError with the wait.
      const stuck = createBigCommerceConnector({ baseUrl: `${running.baseUrl('bigcommerce')}/stores/sbx1bc`, credentials: { accessToken: 'bc_sandbox_token' }, sleep: async () => undefined });
      await fetch(`${running.baseUrl('bigcommerce')}/__sandbox/rate-limit/exhaust`, { method: 'POST' });
      const error = await stuck.getOrder('2003').catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 429, retryable: true });
      expect((error as ShopError).retryAfterMs).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
  });

  it('treats 5xx and unreachable stores as retryable', async () => {
    sandbox.faults.inject('bigcommerce', { kind: 'status', status: 503 });
    expect(await connector.getOrder('2001').catch((e: unknown) => e)).toMatchObject({ status: 503, retryable: true });
    const gone = createBigCommerceConnector({ baseUrl: 'http://127.0.0.1:9/stores/x', credentials: { accessToken: 't' }, sleep });
    expect(await gone.getOrder('1').catch((e: unknown) => e)).toMatchObject({ status: 0, retryable: true });
  });

  it('registers its hook with the secret header once, and verifies deliveries by that header', async () => {
    const connection = { baseUrl: base, credentials: { accessToken: 'bc_sandbox_token', webhookSecret: 'whsec-bc' }, sleep };
    const [id] = await registerBigCommerceWebhooks(connection, hookUrl);
    expect(await registerBigCommerceWebhooks(connection, hookUrl)).toEqual([id]);
    expect(bc.state.webhooks.hooks.size).toBe(1);

    received.length = 0;
    bc.state.changeOrder(2012);
    await bc.state.webhooks.flush();
    expect(received).toHaveLength(1);
    const delivery = received[0]!;
    const event = connector.verifyWebhook(delivery.body, delivery.headers);
    expect(event).toMatchObject({ topic: 'store/order/updated', orderExternalId: '2012' });
    expect(event!.deliveryId).toMatch(/^[0-9a-f]{40}$/);

    // Forged: no header, a wrong one, or the right one with a different length.
    const { ['x-shipdesk-webhook-secret']: _secret, ...withoutSecret } = delivery.headers;
    expect(connector.verifyWebhook(delivery.body, withoutSecret)).toBeNull();
    expect(connector.verifyWebhook(delivery.body, { ...withoutSecret, 'X-Shipdesk-Webhook-Secret': 'whsec-bd' })).toBeNull();
    expect(connector.verifyWebhook(delivery.body, { ...withoutSecret, 'X-Shipdesk-Webhook-Secret': 'whsec-bc-longer' })).toBeNull();
    expect(verifyBigCommerceWebhook(delivery.body, delivery.headers, undefined)).toBeNull();
    expect(connector.verifyWebhook(Buffer.from('not json'), delivery.headers)).toBeNull();
  });

  it('maps carrier names to BigCommerce tracking carriers', () => {
    expect(['PostNL', 'DHL Express', 'DHL Parcel', 'UPS', 'Royal Mail', 'Bring'].map(bigCommerceTrackingCarrier)).toEqual(['postnl', 'dhl', 'dhl-benelux', 'ups', 'royal-mail', '']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { OrderDetail, OrdersPage } from '@shipdesk/contract';
import { randomBytes } from 'node:crypto';
import { createApp } from './app';
import { defaultConnectors } from './integrations/connectors';
import { createSecretBox } from './security/secrets';
import type { OpenDatabase } from './db/database';
import { testDatabases } from '../test/databases';
import { makeMerchant, sampleOrder } from '../test/fixtures';
import { importOrders } from './use-cases/import-orders';

describe.each(testDatabases())('BFF on $name', ({ open }) => {
  let database: OpenDatabase;
  let app: Express;

  beforeAll(async () => {
    database = await open();
    app = createApp({ db: database.db, shops: { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors } });
  });
  afterAll(async () => {
    await database?.close();
  });

  async function loggedIn(orders = [sampleOrder()], role: 'owner' | 'packer' | 'support' = 'owner') {
    const merchant = await makeMerchant(database.db, orders, role);
    const agent = request.agent(app);
    const res = await agent.post('/api/session').send({ email: merchant.email, password: merchant.password });
    expect(res.status).toBe(200);
    return { agent, merchant };
  }

  async function firstOrder(agent: ReturnType<typeof request.agent>): Promise<OrderDetail> {
    const page = (await agent.get('/api/orders')).body as OrdersPage;
    const res = await agent.get(`/api/orders/${page.items[0]!.id}`);
    expect(res.status).toBe(200);
    return res.body as OrderDetail;
  }

  describe('session', () => {
    it('logs in with the right password only, and answers problems as problem+json', async () => {
      const merchant = await makeMerchant(database.db);
      const wrong = await request(app).post('/api/session').send({ email: merchant.email, password: 'nope' });
      expect(wrong.status).toBe(401);
      expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(wrong.body.detail).toMatch(/do not match an account/);

      const invalid = await request(app).post('/api/session').send({ email: 'not-an-email' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'password']);

      const agent = request.agent(app);
      const ok = await agent.post('/api/session').send({ email: merchant.email.toUpperCase(), password: merchant.password });
      expect(ok.status).toBe(200);
      expect(ok.headers['set-cookie']![0]).toMatch(/sd_session=.+; Path=\/; HttpOnly; SameSite=Lax/);
      expect((await agent.get('/api/me')).body).toMatchObject({ email: merchant.email, role: 'owner' });

      expect((await agent.delete('/api/session')).status).toBe(204);
      expect((await agent.get('/api/me')).status).toBe(401);
    });

    it('refuses the API without a session, and a body that is not JSON', async () => {
      const res = await request(app).get('/api/orders');
      expect(res.status).toBe(401);
      expect(res.body.title).toBe('Not logged in');
      const form = await request(app).post('/api/session').type('form').send('email=a@b.c&password=x');
      expect(form.status).toBe(415);
      const broken = await request(app).post('/api/session').set('Content-Type', 'application/json').send('{"email":');
      expect(broken.status).toBe(400);
      expect(broken.body.detail).toMatch(/not valid JSON/);
      expect((await request(app).get('/api/nothing-here')).status).toBe(404);
    });
  });

  describe('orders', () => {
    it('pages through every order exactly once, newest first, and filters by status', async () => {
      const orders = Array.from({ length: 7 }, (_, i) => sampleOrder(`p-${i}`, new Date(Date.UTC(2026, 10, 1, 12, 0, i % 3)).toISOString()));
      orders[6]!.shipments = [{ externalId: 'f-1', trackingCode: '3S123', lines: orders[6]!.lines.map((l) => ({ lineExternalId: l.externalId, quantity: l.quantity })) }];
      const { agent } = await loggedIn(orders);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: request.Response = await agent.get('/api/orders').query({ limit: 3, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        const page = res.body as OrdersPage;
        seen.push(...page.items.map((o) => o.number));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(7);
      expect(seen.sort()).toEqual(orders.map((o) => o.number).sort());

      const all = (await agent.get('/api/orders')).body as OrdersPage;
      const times = all.items.map((o) => o.placedAt);
      expect([...times].sort().reverse()).toEqual(times);
      expect(all.counts).toMatchObject({ unfulfilled: 6, fulfilled: 1, awaiting_stock: 0 });

      const fulfilled = (await agent.get('/api/orders').query({ status: 'fulfilled' })).body as OrdersPage;
      expect(fulfilled.items.map((o) => o.number)).toEqual(['#p-6']);
      expect(fulfilled.items[0]).toMatchObject({ itemCount: 6, shipmentCount: 1, fulfilmentStatus: 'fulfilled' });
    });

    it('pages back from any page to the first, giving the same pages as forwards, in either order', async () => {
      // Orders placed in the same second too, so the id breaks ties in both directions.
      const orders = Array.from({ length: 8 }, (_, i) => sampleOrder(`b-${i}`, new Date(Date.UTC(2026, 10, 2, 12, 0, i % 3)).toISOString()));
      const { agent } = await loggedIn(orders);
      for (const sort of ['newest', 'oldest'] as const) {
        const get = async (cursor?: string) => {
          const res = await agent.get('/api/orders').query({ sort, limit: 3, ...(cursor ? { cursor } : {}) });
          expect(res.status).toBe(200);
          return res.body as OrdersPage;
        };
        const forwards: OrdersPage[] = [await get()];
        expect(forwards[0]!.prevCursor).toBeNull();
        while (forwards.at(-1)!.nextCursor) forwards.push(await get(forwards.at(-1)!.nextCursor!));
        expect(forwards.map((p) => p.items.length)).toEqual([3, 3, 2]);
        // Back from the last page: the same pages in turn, the first one without a cursor before it.
        const backwards: OrdersPage[] = [forwards.at(-1)!];
        while (backwards.at(-1)!.prevCursor) backwards.push(await get(backwards.at(-1)!.prevCursor!));
        expect(backwards.reverse().map((p) => p.items.map((o) => o.number))).toEqual(forwards.map((p) => p.items.map((o) => o.number)));
        expect(backwards[0]!.prevCursor).toBeNull();
        // A page read backwards goes on forwards from its last order: the page after it again.
        expect((await get(backwards[0]!.nextCursor!)).items.map((o) => o.number)).toEqual(forwards[1]!.items.map((o) => o.number));
        // A jump by offset lands on the same orders as paging there, and pages on by its cursors.
        const jumped = (await agent.get('/api/orders').query({ sort, limit: 3, offset: 3 })).body as OrdersPage;
        expect(jumped.items.map((o) => o.number)).toEqual(forwards[1]!.items.map((o) => o.number));
        expect(jumped.counts).toBeUndefined();
        expect((await get(jumped.prevCursor!)).items.map((o) => o.number)).toEqual(forwards[0]!.items.map((o) => o.number));
        expect((await get(jumped.nextCursor!)).items.map((o) => o.number)).toEqual(forwards[2]!.items.map((o) => o.number));
      }
      const first = (await agent.get('/api/orders').query({ limit: 3 })).body as OrdersPage;
      const both = await agent.get('/api/orders').query({ offset: 3, cursor: first.nextCursor! });
      expect(both.status).toBe(400);
      expect(both.body.detail).toBe('Send a cursor or an offset, not both.');
      const negative = await agent.get('/api/orders').query({ offset: -1 });
      expect(negative.status).toBe(400);
      expect(negative.body.errors[0]).toMatchObject({ path: 'offset', message: expect.stringContaining('offset cannot be negative.') });
    });

    it('counts the orders per status within the filters, on their own, for the tabs', async () => {
      const a = sampleOrder('c-1', '2026-11-01T10:00:00Z');
      const b = sampleOrder('c-2', '2026-11-05T10:00:00Z');
      b.shippingAddress = { ...b.shippingAddress, country: 'DE' };
      b.shipments = [{ externalId: 'f-9', trackingCode: '3S9', lines: b.lines.map((l) => ({ lineExternalId: l.externalId, quantity: l.quantity })) }];
      const { agent } = await loggedIn([a, b]);
      const all = await agent.get('/api/orders/counts');
      expect(all.status).toBe(200);
      expect(all.body.counts).toEqual(((await agent.get('/api/orders')).body as OrdersPage).counts);
      expect(all.body.counts).toMatchObject({ unfulfilled: 1, fulfilled: 1 });
      expect((await agent.get('/api/orders/counts').query({ country: 'de' })).body.counts).toMatchObject({ unfulfilled: 0, fulfilled: 1 });
      expect((await agent.get('/api/orders/counts').query({ q: 'c-1' })).body.counts).toMatchObject({ unfulfilled: 1, fulfilled: 0 });
      const bad = await agent.get('/api/orders/counts').query({ from: 'yesterday' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].path).toBe('from');
    });

    it('filters by shop, country and dates, searches by number, customer or SKU, and sorts oldest first', async () => {
      const a = sampleOrder('f-1', '2026-11-01T10:00:00Z');
      const b = sampleOrder('f-2', '2026-11-05T10:00:00Z');
      b.customer.name = 'Lukas Becker';
      b.shippingAddress = { ...b.shippingAddress, country: 'DE' };
      b.lines[0]!.sku = 'LAMP-DESK-BRS';
      const c = sampleOrder('f-3', '2026-11-09T10:00:00Z');
      const { agent, merchant } = await loggedIn([a, b, c]);
      const numbers = async (query: Record<string, string>) => ((await agent.get('/api/orders').query(query)).body as OrdersPage).items.map((o) => o.number);
      expect(await numbers({ country: 'de' })).toEqual(['#f-2']);
      expect(await numbers({ from: '2026-11-02', to: '2026-11-09' })).toEqual(['#f-3', '#f-2']);
      expect(await numbers({ q: 'becker' })).toEqual(['#f-2']);
      expect(await numbers({ q: 'lamp-desk' })).toEqual(['#f-2']);
      expect(await numbers({ q: 'f-3' })).toEqual(['#f-3']);
      expect(await numbers({ sort: 'oldest' })).toEqual(['#f-1', '#f-2', '#f-3']);
      expect(await numbers({ shop: merchant.integrationId, sort: 'oldest', limit: '2' })).toEqual(['#f-1', '#f-2']);
      const page1 = (await agent.get('/api/orders').query({ sort: 'oldest', limit: 2 })).body as OrdersPage;
      expect(await numbers({ sort: 'oldest', limit: '2', cursor: page1.nextCursor! })).toEqual(['#f-3']);
      const counts = ((await agent.get('/api/orders').query({ country: 'DE' })).body as OrdersPage).counts;
      expect(counts?.unfulfilled).toBe(1);
      // Later pages of an endless list leave the counts out: the list keeps the first page's.
      expect(((await agent.get('/api/orders').query({ sort: 'oldest', limit: 2, cursor: page1.nextCursor! })).body as OrdersPage).counts).toBeUndefined();
    });

    it('explains a bad filter or cursor', async () => {
      const { agent } = await loggedIn();
      const bad = await agent.get('/api/orders').query({ status: 'lost', limit: 0 });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['limit', 'status']);
      const cursor = await agent.get('/api/orders').query({ cursor: 'garbage' });
      expect(cursor.status).toBe(400);
      expect(cursor.body.detail).toMatch(/cursor/);
    });

    it('shows an order with per-line quantities and its version as ETag', async () => {
      const { agent } = await loggedIn();
      const order = await firstOrder(agent);
      expect(order.lines.map((l) => [l.sku, l.quantity, l.open, l.inShipments, l.backorder])).toEqual([
        ['MUG', 3, 3, 0, 0],
        ['TEE', 2, 2, 0, 0],
        ['POSTER', 1, 1, 0, 0],
      ]);
      const res = await agent.get(`/api/orders/${order.id}`);
      expect(res.headers.etag).toBe(`"v${order.version}"`);
      // The sync state of shipments changes without the version: a cached copy would go stale.
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it("never shows another merchant's order", async () => {
      const { agent } = await loggedIn();
      const other = await loggedIn();
      const theirs = await firstOrder(other.agent);
      const res = await agent.get(`/api/orders/${theirs.id}`);
      expect(res.status).toBe(404);
      const put = await agent.put(`/api/orders/${theirs.id}/allocation`).set('If-Match', `"v${theirs.version}"`).send({ shipments: [], backorder: [] });
      expect(put.status).toBe(404);
      expect((await agent.get('/api/orders/not-a-uuid')).status).toBe(404);
      const mine = (await agent.get('/api/orders')).body as OrdersPage;
      expect(mine.items.map((o) => o.id)).not.toContain(theirs.id);
    });
  });

  describe('saving a split', () => {
    it('saves two shipments and a backorder in one go, and they come back on reload', async () => {
      const { agent } = await loggedIn();
      const order = await firstOrder(agent);
      const [mug, tee, poster] = order.lines;
      const res = await agent
        .put(`/api/orders/${order.id}/allocation`)
        .set('If-Match', `"v${order.version}"`)
        .send({
          shipments: [
            { key: 'new-1', lines: [{ lineId: mug!.id, quantity: 2 }] },
            { key: 'new-2', lines: [{ lineId: mug!.id, quantity: 1 }, { lineId: tee!.id, quantity: 2 }] },
          ],
          backorder: [{ lineId: poster!.id, quantity: 1 }],
        });
      expect(res.status).toBe(200);
      const saved = res.body as OrderDetail;
      expect(saved.version).toBe(order.version + 1);
      expect(res.headers.etag).toBe(`"v${saved.version}"`);
      expect(saved.shipments.map((s) => [s.number, s.status, s.lines.length])).toEqual([
        [1, 'open', 1],
        [2, 'open', 2],
      ]);
      expect(saved.lines.map((l) => [l.open, l.inShipments, l.backorder])).toEqual([
        [0, 3, 0],
        [0, 2, 0],
        [0, 0, 1],
      ]);
      const reloaded = (await agent.get(`/api/orders/${order.id}`)).body as OrderDetail;
      expect(reloaded).toEqual(saved);
      const list = (await agent.get('/api/orders')).body as OrdersPage;
      expect(list.items[0]!.shipmentCount).toBe(2);

      // Move the T-shirts back to open and drop shipment 2's mug into shipment 1: shipment 2 is removed.
      const again = await agent
        .put(`/api/orders/${order.id}/allocation`)
        .set('If-Match', res.headers.etag!)
        .send({ shipments: [{ key: saved.shipments[0]!.id, lines: [{ lineId: mug!.id, quantity: 3 }] }], backorder: [{ lineId: poster!.id, quantity: 1 }] });
      expect(again.status).toBe(200);
      const after = again.body as OrderDetail;
      expect(after.shipments.map((s) => s.id)).toEqual([saved.shipments[0]!.id]);
      expect(after.lines.map((l) => l.open)).toEqual([0, 2, 0]);
      const events = await database.db.selectFrom('shipment_events').select(['type']).where('shipment_id', '=', saved.shipments[0]!.id).orderBy('created_at').execute();
      expect(events.map((e) => e.type)).toEqual(['created', 'items_changed']);
    });

    it('refuses an over-allocation with every problem and keeps the order as it was', async () => {
      const { agent } = await loggedIn();
      const order = await firstOrder(agent);
      const [mug, tee] = order.lines;
      const res = await agent
        .put(`/api/orders/${order.id}/allocation`)
        .set('If-Match', `"v${order.version}"`)
        .send({
          shipments: [
            { key: 'new-1', lines: [{ lineId: mug!.id, quantity: 4 }] },
            { key: 'new-2', lines: [] },
            { key: 'new-3', lines: [{ lineId: tee!.id, quantity: 1.5 }] },
          ],
          backorder: [],
        });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(['empty_shipment', 'not_a_whole_number', 'over_allocated']);
      expect(res.body.current.version).toBe(order.version);
      const after = (await agent.get(`/api/orders/${order.id}`)).body as OrderDetail;
      expect(after).toEqual(order);
    });

    it('needs the version, and answers 409 with the current state when it is stale', async () => {
      const { agent } = await loggedIn();
      const order = await firstOrder(agent);
      const body = { shipments: [{ key: 'n', lines: [{ lineId: order.lines[0]!.id, quantity: 1 }] }], backorder: [] };
      const missing = await agent.put(`/api/orders/${order.id}/allocation`).send(body);
      expect(missing.status).toBe(428);
      const first = await agent.put(`/api/orders/${order.id}/allocation`).set('If-Match', `"v${order.version}"`).send(body);
      expect(first.status).toBe(200);
      const stale = await agent.put(`/api/orders/${order.id}/allocation`).set('If-Match', `"v${order.version}"`).send(body);
      expect(stale.status).toBe(409);
      expect(stale.body.current.version).toBe(order.version + 1);
      expect(stale.body.current.shipments).toHaveLength(1);
      expect(stale.body.detail).toMatch(/Someone changed order/);
    });

    it('lets exactly one of two concurrent saves of the same version win', async () => {
      const { agent } = await loggedIn();
      const order = await firstOrder(agent);
      const save = (quantity: number) =>
        agent
          .put(`/api/orders/${order.id}/allocation`)
          .set('If-Match', `"v${order.version}"`)
          .send({ shipments: [{ key: 'n', lines: [{ lineId: order.lines[0]!.id, quantity }] }], backorder: [] })
          .then((r) => r.status);
      const statuses = await Promise.all([save(1), save(2), save(3)]);
      expect(statuses.sort()).toEqual([200, 409, 409]);
      const after = (await agent.get(`/api/orders/${order.id}`)).body as OrderDetail;
      expect(after.shipments).toHaveLength(1);
      expect(after.version).toBe(order.version + 1);
    });

    it('keeps shipped shipments as they are and derives the status from the lines', async () => {
      const shipped = sampleOrder('s-1');
      shipped.shipments = [{ externalId: 'f-1', trackingCode: '3SABC', lines: [{ lineExternalId: 's-1-a', quantity: 3 }] }];
      const { agent } = await loggedIn([shipped]);
      const order = await firstOrder(agent);
      expect(order.fulfilmentStatus).toBe('partially_shipped');
      const locked = order.shipments[0]!;
      const change = await agent
        .put(`/api/orders/${order.id}/allocation`)
        .set('If-Match', `"v${order.version}"`)
        .send({ shipments: [{ key: locked.id, lines: [{ lineId: order.lines[0]!.id, quantity: 2 }] }], backorder: [] });
      expect(change.status).toBe(422);
      expect(change.body.errors[0].code).toBe('locked_shipment_changed');

      const rest = await agent
        .put(`/api/orders/${order.id}/allocation`)
        .set('If-Match', `"v${order.version}"`)
        .send({
          shipments: [{ key: locked.id, lines: locked.lines }],
          backorder: [
            { lineId: order.lines[1]!.id, quantity: 2 },
            { lineId: order.lines[2]!.id, quantity: 1 },
          ],
        });
      expect(rest.status).toBe(200);
      expect(rest.body.fulfilmentStatus).toBe('awaiting_stock');
      const list = (await agent.get('/api/orders').query({ status: 'awaiting_stock' })).body as OrdersPage;
      expect(list.items.map((o) => o.id)).toEqual([order.id]);
    });

    it('undoes the last split change, once, with the version guard', async () => {
      const { agent } = await loggedIn();
      const order = await firstOrder(agent);
      expect(order.canUndo).toBe(false);
      const [mug, tee] = order.lines;
      const first = await agent
        .put(`/api/orders/${order.id}/allocation`)
        .set('If-Match', `"v${order.version}"`)
        .send({ shipments: [{ key: 'a', lines: [{ lineId: mug!.id, quantity: 3 }] }], backorder: [] });
      const a = first.body as OrderDetail;
      const second = await agent
        .put(`/api/orders/${order.id}/allocation`)
        .set('If-Match', `"v${a.version}"`)
        .send({ shipments: [{ key: a.shipments[0]!.id, lines: [{ lineId: mug!.id, quantity: 1 }] }], backorder: [{ lineId: tee!.id, quantity: 2 }] });
      const b = second.body as OrderDetail;
      expect(b.canUndo).toBe(true);

      expect((await agent.post(`/api/orders/${order.id}/undo`).set('If-Match', `"v${a.version}"`).send({})).status).toBe(409);
      const undone = await agent.post(`/api/orders/${order.id}/undo`).set('If-Match', `"v${b.version}"`).send({});
      expect(undone.status).toBe(200);
      const back = undone.body as OrderDetail;
      expect(back.shipments.map((s) => [s.id, s.lines])).toEqual(a.shipments.map((s) => [s.id, s.lines]));
      expect(back.backorder).toEqual([]);
      expect(back.canUndo).toBe(false);
      const again = await agent.post(`/api/orders/${order.id}/undo`).set('If-Match', `"v${back.version}"`).send({});
      expect(again.status).toBe(409);
      expect(again.body.detail).toMatch(/no split change to undo/);
    });

    it('lets a packer split but not platform support', async () => {
      for (const [role, status] of [
        ['packer', 200],
        ['support', 403],
      ] as const) {
        const { agent } = await loggedIn([sampleOrder()], role);
        const order = await firstOrder(agent);
        const res = await agent
          .put(`/api/orders/${order.id}/allocation`)
          .set('If-Match', `"v${order.version}"`)
          .send({ shipments: [], backorder: [{ lineId: order.lines[0]!.id, quantity: 1 }] });
        expect(res.status).toBe(status);
      }
    });
  });

  it('imports idempotently on (shop, external id)', async () => {
    const merchant = await makeMerchant(database.db, [sampleOrder('i-1'), sampleOrder('i-2')]);
    const again = await importOrders(database.db, merchant.merchantId, merchant.integrationId, [sampleOrder('i-1'), sampleOrder('i-2'), sampleOrder('i-3')]);
    expect(again).toEqual({ created: 1, updated: 2, warnings: [] });
    const count = await database.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('merchant_id', '=', merchant.merchantId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });
});

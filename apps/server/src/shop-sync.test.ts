import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail, OrdersPage } from '@shipdesk/contract';
import type { RunningSandbox } from '@shipdesk/sandbox';
import type { OpenDatabase } from './db/database';
import type { Worker } from './jobs/worker';
import { enqueueSync } from './use-cases/sync-shipment';
import { testDatabases } from '../test/databases';
import { startShopifyStack, type ShopifyStack } from '../test/shopify-stack';
import { drainUntil as drainUntilDone } from '../test/api-helpers';

const TOKEN = 'shpat_test_token';
const SECRET = 'shpss_test_secret';

describe.each(testDatabases())('Shopify shipments written back to the shop, on $name', ({ open }) => {
  let database: OpenDatabase;
  let sandbox: RunningSandbox;
  let shopify: ShopifyStack['shopify'];
  let url: string;
  let worker: Worker;
  let agent: ShopifyStack['agent'];
  let integrationId: string;
  let stack: ShopifyStack;

  beforeAll(async () => {
    stack = await startShopifyStack(open, { accessToken: TOKEN, webhookSecret: SECRET });
    ({ database, sandbox, shopify, url, worker, agent } = stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const shopUrl = () => `${sandbox.baseUrl('shopify')}/demo-store`;

  async function orderNamed(name: string): Promise<OrderDetail> {
    let cursor: string | null = null;
    do {
      const page: OrdersPage = (await agent.get('/api/orders').query({ limit: 100, ...(cursor ? { cursor } : {}) })).body;
      const found = page.items.find((o) => o.number === name);
      if (found) return (await agent.get(`/api/orders/${found.id}`)).body as OrderDetail;
      cursor = page.nextCursor;
    } while (cursor);
    throw new Error(`No order ${name}`);
  }

  const drainUntil = (done: () => Promise<boolean>, what: string) => drainUntilDone(worker, done, what);

  const fulfillmentsOf = (name: string) => {
    const shop = shopify.state.shops.get('demo-store')!;
    return shopify.state.orderByName(name).fulfillmentIds.map((id) => shop.fulfillments.get(id)!).filter((f) => f.status === 'SUCCESS');
  };

  it('refuses wrong credentials, then connects the shop and imports its orders', async () => {
    const wrong = await agent.post('/api/integrations').send({ platform: 'shopify', name: 'Test store', baseUrl: shopUrl(), credentials: { accessToken: 'nope', webhookSecret: SECRET } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0]).toMatchObject({ path: 'credentials', code: 'refused' });
    expect(wrong.body.detail).toMatch(/Shopify refused these credentials/);

    const res = await agent.post('/api/integrations').send({ platform: 'shopify', name: 'Test store', baseUrl: shopUrl(), credentials: { accessToken: TOKEN, webhookSecret: SECRET } });
    expect(res.status).toBe(201);
    integrationId = res.headers.location!.split('/').pop()!;
    const stored = await database.db.selectFrom('integrations').select('credentials_encrypted').where('id', '=', integrationId).executeTakeFirstOrThrow();
    expect(stored.credentials_encrypted).not.toContain(TOKEN);

    await worker.drain();
    const page = (await agent.get('/api/orders').query({ limit: 100 })).body as OrdersPage;
    expect(page.items.filter((o) => o.shop.id === integrationId)).toHaveLength(60);
    const order = await orderNamed('#1001');
    expect(order.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['MUG-ENAMEL-WHT', 3],
      ['TEE-ORG-M', 2],
      ['POSTER-A2-DUNES', 1],
    ]);
    // Importing again changes nothing.
    await agent.post(`/api/integrations/${integrationId}/import`).send({});
    await worker.drain();
    expect(((await agent.get('/api/orders').query({ limit: 100 })).body as OrdersPage).items.filter((o) => o.shop.id === integrationId)).toHaveLength(60);
  });

  it('creates one fulfillment per shipment, with exactly its items and its own tracking number', async () => {
    const order = await orderNamed('#1001');
    const [mug, tee, poster] = order.lines;
    const split = await agent
      .put(`/api/orders/${order.id}/allocation`)
      .set('If-Match', `"v${order.version}"`)
      .send({
        shipments: [
          { key: 'a', lines: [{ lineId: mug!.id, quantity: 2 }] },
          { key: 'b', lines: [{ lineId: mug!.id, quantity: 1 }, { lineId: tee!.id, quantity: 2 }] },
        ],
        backorder: [{ lineId: poster!.id, quantity: 1 }],
      });
    expect(split.status).toBe(200);
    const [first, second] = (split.body as OrderDetail).shipments;
    expect((await agent.post(`/api/shipments/${first!.id}/ship`).send({ trackingCode: '3STEST0000001', carrier: 'PostNL' })).status).toBe(200);
    expect((await agent.post(`/api/shipments/${second!.id}/ship`).send({ trackingCode: '3STEST0000002', carrier: 'PostNL' })).status).toBe(200);

    await drainUntil(async () => (await orderNamed('#1001')).shipments.every((s) => s.syncStatus === 'synced'), 'both shipments to sync');
    const fulfillments = fulfillmentsOf('#1001').sort((a, b) => a.tracking[0]!.number!.localeCompare(b.tracking[0]!.number!));
    expect(fulfillments).toHaveLength(2);
    const shopOrder = shopify.state.orderByName('#1001');
    const skuOf = (lineItemId: number) => shopOrder.lineItems.find((l) => l.id === lineItemId)!.product.sku;
    const described = fulfillments.map((f) => ({ tracking: f.tracking.map((t) => t.number), items: f.lineItems.map((l) => [skuOf(l.lineItemId), l.quantity]) }));
    expect(described).toEqual([
      { tracking: ['3STEST0000001'], items: [['MUG-ENAMEL-WHT', 2]] },
      {
        tracking: ['3STEST0000002'],
        items: [
          ['MUG-ENAMEL-WHT', 1],
          ['TEE-ORG-M', 2],
        ],
      },
    ]);
    const after = await orderNamed('#1001');
    const byTracking = new Map(fulfillments.map((f) => [f.tracking[0]!.number, `gid://shopify/Fulfillment/${f.id}`]));
    expect(after.shipments.map((s) => s.externalId)).toEqual(after.shipments.map((s) => byTracking.get(s.trackingCode!)));
    const timeline = (await agent.get(`/api/shipments/${first!.id}`)).body as { events: { type: string; data: unknown }[] };
    expect(timeline.events.map((e) => e.type)).toEqual(['created', 'shipped', 'sync_created']);
    expect(JSON.stringify(timeline.events)).not.toContain(TOKEN);
  });

  it('keeps a shipment waiting through a shop outage, then syncs it once', async () => {
    const order = await orderNamed('#1002');
    const split = await agent
      .put(`/api/orders/${order.id}/allocation`)
      .set('If-Match', `"v${order.version}"`)
      .send({ shipments: [{ key: 'all', lines: order.lines.map((l) => ({ lineId: l.id, quantity: l.quantity })) }], backorder: [] });
    const shipment = (split.body as OrderDetail).shipments[0]!;
    shopify.state.setOutage(true);
    expect((await agent.post(`/api/shipments/${shipment.id}/ship`).send({ trackingCode: '3STEST0000003', carrier: 'PostNL' })).status).toBe(200);
    await worker.drain();
    const waiting = (await orderNamed('#1002')).shipments[0]!;
    expect(waiting.syncStatus).toBe('pending');
    expect(waiting.syncError).toMatch(/503/);
    const job = await database.db.selectFrom('jobs').select(['status', 'attempts', 'last_error']).where('dedupe_key', '=', `sync:${shipment.id}`).executeTakeFirstOrThrow();
    expect(job.status).toBe('pending');
    expect(job.attempts).toBeGreaterThanOrEqual(1);

    shopify.state.setOutage(false);
    await drainUntil(async () => (await orderNamed('#1002')).shipments[0]!.syncStatus === 'synced', 'the sync after the outage');
    expect(fulfillmentsOf('#1002')).toHaveLength(1);
    expect(fulfillmentsOf('#1002')[0]!.tracking.map((t) => t.number)).toEqual(['3STEST0000003']);
    const events = ((await agent.get(`/api/shipments/${shipment.id}`)).body as { events: { type: string; message: string }[] }).events;
    expect(events.filter((e) => e.type === 'sync_failed').length).toBeGreaterThanOrEqual(1);
    expect(events.at(-1)!.type).toBe('sync_created');
  });

  it('does not create a second fulfillment when a retry follows a crash between creating it and saving its id', async () => {
    const order = await orderNamed('#1003');
    const split = await agent
      .put(`/api/orders/${order.id}/allocation`)
      .set('If-Match', `"v${order.version}"`)
      .send({ shipments: [{ key: 'all', lines: order.lines.map((l) => ({ lineId: l.id, quantity: l.quantity })) }], backorder: [] });
    const shipment = (split.body as OrderDetail).shipments[0]!;
    await agent.post(`/api/shipments/${shipment.id}/ship`).send({ trackingCode: '3STEST0000004', carrier: 'PostNL' });
    await drainUntil(async () => (await orderNamed('#1003')).shipments[0]!.syncStatus === 'synced', 'the first sync');
    // The crash: the shop has the fulfillment, Shipdesk lost its id and tries again.
    await database.db.updateTable('shipments').set({ external_id: null, sync_status: 'pending' }).where('id', '=', shipment.id).execute();
    await enqueueSync(database.db, shipment.id);
    await drainUntil(async () => (await orderNamed('#1003')).shipments[0]!.syncStatus === 'synced', 'the retry');
    expect(fulfillmentsOf('#1003')).toHaveLength(1);
    expect((await orderNamed('#1003')).shipments[0]!.externalId).toBe(`gid://shopify/Fulfillment/${fulfillmentsOf('#1003')[0]!.id}`);
  });

  it('takes signed webhooks, refuses forged ones and ignores duplicates', async () => {
    shopify.state.webhookTarget = `${url}/api/webhooks/${integrationId}`;
    const shopOrder = shopify.state.orderByName('#1005');
    shopOrder.cancelledAt = new Date().toISOString();
    const delivery = shopify.state.triggerWebhook('orders/cancelled', { orderId: shopOrder.id });
    await shopify.state.flushWebhooks();
    expect(delivery.responseStatus).toBe(200);
    await drainUntil(async () => (await orderNamed('#1005')).fulfilmentStatus === 'cancelled', 'the webhook import');

    // The same delivery again (Shopify retries): accepted, and nothing is queued.
    const replay = await fetch(delivery.target!, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ ok: true, duplicate: true });
    const jobs = await database.db.selectFrom('jobs').select('id').where('dedupe_key', '=', `import:${integrationId}:gid://shopify/Order/${shopOrder.id}`).execute();
    expect(jobs).toHaveLength(1);

    // A forged body with the old signature: refused.
    const forged = await fetch(delivery.target!, { method: 'POST', headers: { ...delivery.headers, 'X-Shopify-Webhook-Id': 'forged-1' }, body: delivery.body.replace('cancelled', 'paid') });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('holds backordered items in Shopify, and releases them into a new shipment when stock arrives', async () => {
    const order = await orderNamed('#1006');
    const [first, ...rest] = order.lines;
    const saved = await agent
      .put(`/api/orders/${order.id}/allocation`)
      .set('If-Match', `"v${order.version}"`)
      .send({ shipments: rest.length ? [{ key: 'now', lines: rest.map((l) => ({ lineId: l.id, quantity: l.quantity })) }] : [], backorder: [{ lineId: first!.id, quantity: first!.quantity }] });
    expect(saved.status).toBe(200);
    await drainUntil(async () => true, 'the hold');
    const shopOrder = shopify.state.orderByName('#1006');
    const store = shopify.state.shops.get('demo-store')!;
    const fulfillmentOrders = () => shopOrder.fulfillmentOrderIds.map((id) => store.fulfillmentOrders.get(id)!);
    const onHold = fulfillmentOrders().filter((fo) => fo.status === 'ON_HOLD');
    expect(onHold).toHaveLength(1);
    expect(onHold[0]!.holds[0]).toMatchObject({ reason: 'INVENTORY_OUT_OF_STOCK' });
    expect(onHold[0]!.lineItems.filter((li) => li.totalQuantity > 0).map((li) => shopOrder.lineItems.find((l) => l.id === li.lineItemId)!.product.sku)).toEqual([first!.sku]);

    const list = (await agent.get('/api/backorders')).body as { items: { orderNumber: string; sku: string; quantity: number }[] };
    expect(list.items).toContainEqual(expect.objectContaining({ orderNumber: '#1006', sku: first!.sku, quantity: first!.quantity }));

    const released = await agent.post(`/api/orders/${order.id}/backorder/release`).send({});
    expect(released.status).toBe(200);
    const after = released.body as OrderDetail;
    expect(after.backorder).toEqual([]);
    const newest = after.shipments.at(-1)!;
    expect(newest).toMatchObject({ status: 'open', lines: [{ lineId: first!.id, quantity: first!.quantity }] });
    await drainUntil(async () => fulfillmentOrders().every((fo) => fo.status !== 'ON_HOLD'), 'the hold to be released');
    expect((await agent.post(`/api/orders/${order.id}/backorder/release`).send({})).status).toBe(409);
  });

  it('reconnects a shop only with credentials that work, and keeps the old ones otherwise', async () => {
    const wrong = await agent.patch(`/api/integrations/${integrationId}`).send({ credentials: { accessToken: 'revoked-token' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toMatch(/Shopify refused these credentials/);
    const stillWorks = await agent.post(`/api/integrations/${integrationId}/import`).send({});
    expect(stillWorks.status).toBe(202);
    await worker.drain();
    const ok = await agent.patch(`/api/integrations/${integrationId}`).send({ baseUrl: shopUrl(), credentials: { accessToken: TOKEN, webhookSecret: SECRET } });
    expect(ok.status).toBe(200);
    const shop = (ok.body as { platforms: { shops: { id: string; status: string; lastError: string | null }[] }[] }).platforms.flatMap((p) => p.shops).find((s) => s.id === integrationId)!;
    expect(shop).toMatchObject({ status: 'active', lastError: null });
  });
});

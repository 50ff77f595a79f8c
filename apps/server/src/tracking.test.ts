import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { Label, OrderDetail, OrdersPage, ShipmentDetail } from '@shipdesk/contract';
import { postnlSandbox, shopifySandbox, startSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import { createApp } from './app';
import type { OpenDatabase } from './db/database';
import { defaultConnectors } from './integrations/connectors';
import type { ShopServices } from './integrations/shop-context';
import { createWorker } from './jobs/handlers';
import type { Worker } from './jobs/worker';
import { createSecretBox } from './security/secrets';
import { enqueueDueTracking } from './use-cases/track-shipment';
import { testDatabases } from '../test/databases';
import { addPostnlAccount, makeMerchant } from '../test/fixtures';

const HOUR = 3_600_000;

describe.each(testDatabases())('carrier tracking passed on to the shop, on $name', ({ open }) => {
  let database: OpenDatabase;
  let sandbox: RunningSandbox;
  let shopify: ReturnType<typeof shopifySandbox>;
  let app: Express;
  let worker: Worker;
  let clock = Date.now();

  beforeAll(async () => {
    shopify = shopifySandbox({ accessToken: 'tok', webhookSecret: 'sec', bucket: { maximumAvailable: 20_000, restoreRate: 1_000 } });
    const postnl = postnlSandbox({ apiKey: 'key', now: () => new Date(clock) });
    sandbox = await startSandbox([shopify, postnl]);
    database = await open();
    const services: ShopServices = { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors };
    app = createApp({ db: database.db, shops: services });
    worker = createWorker(database.db, services, { baseBackoffMs: 20 });
    const merchant = await makeMerchant(database.db, []);
    await addPostnlAccount(database.db, services.secrets, merchant.merchantId, sandbox.baseUrl('postnl'), 'key');
    agent = request.agent(app);
    await agent.post('/api/session').send({ email: merchant.email, password: merchant.password });
    const connect = await agent.post('/api/integrations').send({ platform: 'shopify', name: 'Shop', baseUrl: `${sandbox.baseUrl('shopify')}/demo-store`, credentials: { accessToken: 'tok', webhookSecret: 'sec' } });
    expect(connect.status).toBe(201);
    await worker.drain();
  });
  let agent: ReturnType<typeof request.agent>;
  afterAll(async () => {
    await sandbox?.close();
    await database?.close();
  });

  async function drainAll() {
    for (let i = 0; i < 60; i++) {
      await worker.drain();
      const waiting = await database.db.selectFrom('jobs').select('id').where('status', 'in', ['pending', 'running']).execute();
      if (waiting.length === 0) return;
      await new Promise((r) => setTimeout(r, 30));
    }
  }

  it('follows the parcel: ships it on the first scan, tells the shop each status, and keeps the timeline in carrier order', async () => {
    const page = (await agent.get('/api/orders').query({ limit: 100 })).body as OrdersPage;
    const summary = page.items.find((o) => o.number === '#1003')!;
    const order = (await agent.get(`/api/orders/${summary.id}`)).body as OrderDetail;
    const split = await agent
      .put(`/api/orders/${order.id}/allocation`)
      .set('If-Match', `"v${order.version}"`)
      .send({ shipments: [{ key: 'n', lines: order.lines.map((l) => ({ lineId: l.id, quantity: l.quantity })) }], backorder: [] });
    const shipmentId = (split.body as OrderDetail).shipments[0]!.id;
    const label = (await agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', randomUUID()).send({})).body as Label;
    expect(label.status).toBe('live');

    // PostNL has not scanned it yet: still labelled, nothing told to the shop.
    await enqueueDueTracking(database.db);
    await drainAll();
    let detail = (await agent.get(`/api/shipments/${shipmentId}`)).body as ShipmentDetail;
    expect(detail.status).toBe('labelled');
    expect(shopify.state.orderByName('#1003').fulfillmentIds).toHaveLength(0);

    // Nine hours on: received and sorted. The parcel has left: shipped, fulfillment created, status passed on.
    clock += 9 * HOUR;
    await enqueueDueTracking(database.db);
    await drainAll();
    detail = (await agent.get(`/api/shipments/${shipmentId}`)).body as ShipmentDetail;
    expect(detail).toMatchObject({ status: 'shipped', trackingStatus: 'in_transit', syncStatus: 'synced' });
    const store = shopify.state.shops.get('demo-store')!;
    const [fulfillmentId] = shopify.state.orderByName('#1003').fulfillmentIds;
    const fulfillment = store.fulfillments.get(fulfillmentId!)!;
    expect(fulfillment.tracking.map((t) => t.number)).toEqual([label.trackingNumber]);
    expect(fulfillment.events.map((e) => e.status)).toEqual(['IN_TRANSIT']);

    // Delivered a day later; polling twice more adds no duplicate events.
    clock += 20 * HOUR;
    await enqueueDueTracking(database.db);
    await drainAll();
    await enqueueDueTracking(database.db);
    await drainAll();
    detail = (await agent.get(`/api/shipments/${shipmentId}`)).body as ShipmentDetail;
    expect(detail.trackingStatus).toBe('delivered');
    expect(fulfillment.events.map((e) => e.status)).toEqual(['IN_TRANSIT', 'DELIVERED']);
    const carrierEvents = detail.events.filter((e) => e.type === 'carrier_event');
    const times = carrierEvents.map((e) => e.createdAt);
    expect(times).toEqual([...times].sort());
    expect(new Set(carrierEvents.map((e) => `${e.message}${e.createdAt}`)).size).toBe(carrierEvents.length);
    expect(detail.events.map((e) => e.type)).toContain('status_synced');
    // Delivered parcels are no longer polled.
    expect(await enqueueDueTracking(database.db)).toBe(0);
  });
});

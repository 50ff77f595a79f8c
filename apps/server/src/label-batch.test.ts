import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { LabelBatch } from '@shipdesk/contract';
import { postnlSandbox, startSandbox, type PostnlSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import { createApp } from './app';
import type { OpenDatabase } from './db/database';
import { defaultConnectors } from './integrations/connectors';
import type { ShopServices } from './integrations/shop-context';
import { createWorker } from './jobs/handlers';
import { claimJobs } from './jobs/queue';
import { createSecretBox } from './security/secrets';
import { testDatabases } from '../test/databases';
import { addPostnlAccount, makeMerchant, sampleOrder } from '../test/fixtures';

describe.each(testDatabases())('bulk labels on $name', ({ open }) => {
  let database: OpenDatabase;
  let app: Express;
  let services: ShopServices;
  let postnl: PostnlSandbox;
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    postnl = postnlSandbox({ apiKey: 'key' });
    sandbox = await startSandbox([postnl]);
    database = await open();
    services = { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors };
    app = createApp({ db: database.db, shops: services });
  });
  afterAll(async () => {
    await sandbox?.close();
    await database?.close();
  });

  /** A merchant with a PostNL account and `count` orders, each in one open shipment. */
  async function merchantWithShipments(count: number) {
    const merchant = await makeMerchant(
      database.db,
      Array.from({ length: count }, (_, i) => sampleOrder(`b-${i}`, new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString())),
    );
    const db = database.db;
    await addPostnlAccount(database.db, services.secrets, merchant.merchantId, sandbox.baseUrl('postnl'), 'key');
    const orders = await db.selectFrom('orders').select('id').where('merchant_id', '=', merchant.merchantId).orderBy('placed_at').execute();
    const shipments = await db
      .insertInto('shipments')
      .values(orders.map((o) => ({ merchant_id: merchant.merchantId, order_id: o.id, number: 1, status: 'open' as const })))
      .returning(['id', 'order_id'])
      .execute();
    const lines = await db.selectFrom('order_lines').select(['id', 'order_id', 'quantity']).where('order_id', 'in', orders.map((o) => o.id)).execute();
    await db
      .insertInto('shipment_lines')
      .values(lines.map((l) => ({ shipment_id: shipments.find((s) => s.order_id === l.order_id)!.id, order_line_id: l.id, quantity: l.quantity })))
      .execute();
    const agent = request.agent(app);
    await agent.post('/api/session').send({ email: merchant.email, password: merchant.password });
    return { agent, merchant, shipmentIds: orders.map((o) => shipments.find((s) => s.order_id === o.id)!.id) };
  }

  it('buys 200 labels through a restart midway, losing none and buying none twice', async () => {
    const { agent, shipmentIds } = await merchantWithShipments(200);
    const before = postnl.parcels().length;
    const started = await agent.post('/api/label-batches').send({ shipmentIds, format: 'A6' });
    expect(started.status).toBe(202);
    const batch = started.body as LabelBatch;
    expect(batch).toMatchObject({ total: 200, pending: 200, done: 0 });

    // The first server runs part of the batch…
    const first = createWorker(database.db, services, { batch: 10, baseBackoffMs: 10 });
    for (let i = 0; i < 6; i++) await first.runOnce();
    // …then dies with ten jobs claimed and not finished (their locks will run out).
    await claimJobs(database.db, { limit: 10, lockMs: 200, kinds: ['batch-label'] });
    const midway = (await agent.get(`/api/label-batches/${batch.id}`)).body as LabelBatch;
    expect(midway.done).toBe(60);
    expect(midway.pending).toBe(140);

    // The restarted server takes over, including the jobs the dead one held.
    await new Promise((r) => setTimeout(r, 250));
    const second = createWorker(database.db, services, { batch: 25, baseBackoffMs: 10 });
    await second.drain();
    const done = (await agent.get(`/api/label-batches/${batch.id}`)).body as LabelBatch;
    expect(done).toMatchObject({ total: 200, done: 200, failed: 0, pending: 0 });

    const tracking = done.items.map((i) => i.trackingNumber);
    expect(new Set(tracking).size).toBe(200);
    expect(postnl.parcels().length - before).toBe(200);
    const live = await database.db.selectFrom('labels').select(['shipment_id']).where('shipment_id', 'in', shipmentIds).where('status', '=', 'live').execute();
    expect(live).toHaveLength(200);
    expect(new Set(live.map((l) => l.shipment_id)).size).toBe(200);
  }, 120_000);

  it("lists each failure with the carrier's message and retries only the failed ones", async () => {
    const { agent, merchant, shipmentIds } = await merchantWithShipments(5);
    const broken = await database.db.selectFrom('shipments').select('order_id').where('id', 'in', shipmentIds.slice(0, 2)).execute();
    await database.db
      .updateTable('orders')
      .set({ shipping_address: { name: 'No Postcode', street: 'Keizersgracht 12', postalCode: '', city: 'Amsterdam', country: 'NL' } })
      .where('id', 'in', broken.map((b) => b.order_id))
      .execute();
    const batch = (await agent.post('/api/label-batches').send({ shipmentIds })).body as LabelBatch;
    const worker = createWorker(database.db, services, { baseBackoffMs: 10 });
    await worker.drain();
    const result = (await agent.get(`/api/label-batches/${batch.id}`)).body as LabelBatch;
    expect(result).toMatchObject({ done: 3, failed: 2, pending: 0 });
    expect(result.items.filter((i) => i.status === 'failed').map((i) => i.error)).toEqual([expect.stringMatching(/^PostNL: /), expect.stringMatching(/^PostNL: /)]);

    await database.db
      .updateTable('orders')
      .set({ shipping_address: { name: 'Fixed', street: 'Keizersgracht 12', postalCode: '1015 CR', city: 'Amsterdam', country: 'NL' } })
      .where('merchant_id', '=', merchant.merchantId)
      .execute();
    expect((await agent.post(`/api/label-batches/${batch.id}/retry`).send({})).status).toBe(202);
    await worker.drain();
    const retried = (await agent.get(`/api/label-batches/${batch.id}`)).body as LabelBatch;
    expect(retried).toMatchObject({ done: 5, failed: 0 });
    // One merged PDF of all five labels.
    const merged = await agent.get('/api/documents/labels.pdf').query({ shipments: shipmentIds.join(',') });
    expect(merged.status).toBe(200);
    expect(merged.headers['x-shipdesk-missing']).toBeUndefined();
  });
});

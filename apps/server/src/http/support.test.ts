import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { AuditLog, Me, OrdersPage, SupportMerchant } from '@shipdesk/contract';
import { createApp } from '../app';
import type { OpenDatabase } from '../db/database';
import { seedSupport, SUPPORT_LOGIN } from '../db/seed';
import { defaultConnectors } from '../integrations/connectors';
import { createSecretBox } from '../security/secrets';
import { testDatabases } from '../../test/databases';
import { makeMerchant, sampleOrder } from '../../test/fixtures';

describe.each(testDatabases())('platform support inspecting merchants, on $name', ({ open }) => {
  let database: OpenDatabase;
  let app: ReturnType<typeof createApp>;
  let shopA: Awaited<ReturnType<typeof makeMerchant>>;
  let shopB: Awaited<ReturnType<typeof makeMerchant>>;
  let support: ReturnType<typeof request.agent>;

  beforeAll(async () => {
    database = await open();
    app = createApp({ db: database.db, shops: { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors } });
    shopA = await makeMerchant(database.db, [sampleOrder('a-1'), sampleOrder('a-2')]);
    shopB = await makeMerchant(database.db, [sampleOrder('b-1')]);
    await seedSupport(database.db);
    support = request.agent(app);
    expect((await support.post('/api/session').send(SUPPORT_LOGIN)).status).toBe(200);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lists every merchant, inspects one at a time, and sees only that one', async () => {
    const merchants = (await support.get('/api/support/merchants')).body.items as SupportMerchant[];
    const a = merchants.find((m) => m.id === shopA.merchantId)!;
    expect(a).toMatchObject({ orders: 2, shipments: 0, failedSyncs: 0 });
    expect(merchants.some((m) => m.name === 'Shipdesk Support')).toBe(false);

    const me = (await support.put('/api/support/inspecting').send({ merchantId: shopA.merchantId })).body as Me;
    expect(me).toMatchObject({ role: 'support', inspecting: true, merchant: { id: shopA.merchantId } });
    const orders = (await support.get('/api/orders')).body as OrdersPage;
    expect(orders.items.map((o) => o.number).sort()).toEqual(['#a-1', '#a-2']);

    await support.put('/api/support/inspecting').send({ merchantId: shopB.merchantId });
    expect(((await support.get('/api/orders')).body as OrdersPage).items.map((o) => o.number)).toEqual(['#b-1']);
    const stopped = (await support.put('/api/support/inspecting').send({ merchantId: null })).body as Me;
    expect(stopped.inspecting).toBeUndefined();
    expect(((await support.get('/api/orders')).body as OrdersPage).items).toEqual([]);
    expect((await support.put('/api/support/inspecting').send({ merchantId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await support.put('/api/support/inspecting').send({ merchantId: 'nope' })).status).toBe(400);
  });

  it('changes nothing: every write is refused, whatever the route', async () => {
    await support.put('/api/support/inspecting').send({ merchantId: shopA.merchantId });
    const order = ((await support.get('/api/orders')).body as OrdersPage).items[0]!;
    const attempts = [
      support.put(`/api/orders/${order.id}/allocation`).set('If-Match', '"v1"').send({ shipments: [], backorder: [] }),
      support.post(`/api/orders/${order.id}/undo`).send({}),
      support.patch(`/api/integrations/${shopA.integrationId}`).send({ backorderPolicy: 'always' }),
      support.post('/api/integrations').send({}),
      support.post('/api/label-batches').send({ shipmentIds: [] }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/can look but not change/);
    }
    const version = await database.db.selectFrom('orders').select('version').where('id', '=', order.id).executeTakeFirstOrThrow();
    expect(version.version).toBe(1);
  });

  it('records every look in the inspected merchant’s access log, which its owner reads and nobody else', async () => {
    await support.put('/api/support/inspecting').send({ merchantId: shopB.merchantId });
    await support.get('/api/shipments').set('X-Request-Id', 'support-look-1');
    const owner = request.agent(app);
    await owner.post('/api/session').send({ email: shopB.email, password: shopB.password });
    const log = (await owner.get('/api/audit')).body as AuditLog;
    expect(log.items[0]).toMatchObject({ userEmail: SUPPORT_LOGIN.email, method: 'GET', path: '/api/shipments', requestId: 'support-look-1' });
    expect(log.items.map((e) => e.path)).toContain('/api/orders');
    // Merchant A's log holds only the looks at A.
    const ownerA = request.agent(app);
    await ownerA.post('/api/session').send({ email: shopA.email, password: shopA.password });
    const logA = (await ownerA.get('/api/audit')).body as AuditLog;
    expect(logA.items.length).toBeGreaterThan(0);
    expect(logA.items.some((e) => e.requestId === 'support-look-1')).toBe(false);
    // Neither support nor merchants can reach what is not theirs.
    expect((await support.get('/api/audit')).status).toBe(403);
    expect((await owner.get('/api/support/merchants')).status).toBe(403);
    expect((await owner.put('/api/support/inspecting').send({ merchantId: shopA.merchantId })).status).toBe(403);
    expect(((await owner.get('/api/orders')).body as OrdersPage).items.map((o) => o.number)).toEqual(['#b-1']);
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { IntegrationsResponse, OrderDetail, OrdersPage, ShipmentDetail, ShipmentsPage } from '@shipdesk/contract';
import { createApp } from '../app';
import type { OpenDatabase } from '../db/database';
import { defaultConnectors } from '../integrations/connectors';
import { createSecretBox } from '../security/secrets';
import { testDatabases } from '../../test/databases';
import { makeMerchant, sampleOrder } from '../../test/fixtures';

describe.each(testDatabases())('shipments and integrations on $name', ({ open }) => {
  let database: OpenDatabase;
  let app: Express;

  beforeAll(async () => {
    database = await open();
    app = createApp({ db: database.db, shops: { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors } });
  });
  afterAll(async () => {
    await database?.close();
  });

  async function loggedIn(role: 'owner' | 'packer' | 'support' = 'owner') {
    const merchant = await makeMerchant(database.db, [sampleOrder()], role);
    const agent = request.agent(app);
    expect((await agent.post('/api/session').send({ email: merchant.email, password: merchant.password })).status).toBe(200);
    const page = (await agent.get('/api/orders')).body as OrdersPage;
    const order = (await agent.get(`/api/orders/${page.items[0]!.id}`)).body as OrderDetail;
    return { agent, merchant, order };
  }

  async function withShipment(agent: ReturnType<typeof request.agent>, order: OrderDetail) {
    const res = await agent
      .put(`/api/orders/${order.id}/allocation`)
      .set('If-Match', `"v${order.version}"`)
      .send({ shipments: [{ key: 'n', lines: order.lines.map((l) => ({ lineId: l.id, quantity: l.quantity })) }], backorder: [] });
    expect(res.status).toBe(200);
    return res.body as OrderDetail;
  }

  it('marks a shipment shipped with its tracking code and queues exactly one sync-back with it', async () => {
    const { agent, order } = await loggedIn();
    const split = await withShipment(agent, order);
    const shipment = split.shipments[0]!;
    const bad = await agent.post(`/api/shipments/${shipment.id}/ship`).send({ trackingCode: 'no spaces!', carrier: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['carrier', 'trackingCode']);

    const res = await agent.post(`/api/shipments/${shipment.id}/ship`).send({ trackingCode: '3SDEMO0001', carrier: 'PostNL' });
    expect(res.status).toBe(200);
    const after = res.body as OrderDetail;
    expect(after.fulfilmentStatus).toBe('fulfilled');
    expect(after.shipments[0]).toMatchObject({ status: 'shipped', trackingCode: '3SDEMO0001', carrier: 'PostNL', syncStatus: 'pending' });
    const jobs = await database.db.selectFrom('jobs').select(['kind', 'payload', 'status']).where('dedupe_key', '=', `sync:${shipment.id}`).execute();
    expect(jobs).toEqual([{ kind: 'sync-shipment', payload: { shipmentId: shipment.id }, status: 'pending' }]);

    const again = await agent.post(`/api/shipments/${shipment.id}/ship`).send({ trackingCode: '3SDEMO0002', carrier: 'PostNL' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already shipped/);

    // A shipped shipment is locked on the board.
    const move = await agent
      .put(`/api/orders/${order.id}/allocation`)
      .set('If-Match', `"v${after.version}"`)
      .send({ shipments: [], backorder: [] });
    expect(move.status).toBe(422);
    expect(move.body.errors[0].code).toBe('locked_shipment_removed');
  });

  it('lists shipments with filters and search, and shows one with its timeline', async () => {
    const { agent, order } = await loggedIn();
    const split = await withShipment(agent, order);
    const id = split.shipments[0]!.id;
    expect((await agent.post(`/api/shipments/${id}/ship`).send({ trackingCode: '3SFIND0001', carrier: 'PostNL' })).status).toBe(200);

    const all = (await agent.get('/api/shipments')).body as ShipmentsPage;
    expect(all.items).toEqual([expect.objectContaining({ id, orderNumber: order.number, itemCount: 6, carrier: 'PostNL', trackingCode: '3SFIND0001', syncStatus: 'pending' })]);
    expect(((await agent.get('/api/shipments').query({ q: '3SFIND' })).body as ShipmentsPage).items).toHaveLength(1);
    expect(((await agent.get('/api/shipments').query({ q: order.number })).body as ShipmentsPage).items).toHaveLength(1);
    expect(((await agent.get('/api/shipments').query({ q: 'NOPE' })).body as ShipmentsPage).items).toHaveLength(0);
    expect(((await agent.get('/api/shipments').query({ syncStatus: 'failed' })).body as ShipmentsPage).items).toHaveLength(0);
    expect((await agent.get('/api/shipments').query({ syncStatus: 'broken' })).status).toBe(400);

    const detail = (await agent.get(`/api/shipments/${id}`)).body as ShipmentDetail;
    expect(detail.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['MUG', 3],
      ['TEE', 2],
      ['POSTER', 1],
    ]);
    expect(detail.events.map((e) => e.type)).toEqual(['created', 'shipped']);
    expect(detail.events[1]!.actor).toMatch(/^User /);
    expect(detail.shippingAddress.city).toBe('Amsterdam');
  });

  it("applies the shop's backorder policy when part of an order ships", async () => {
    const { agent, merchant, order } = await loggedIn();
    const bad = await agent.patch(`/api/integrations/${merchant.integrationId}`).send({ backorderPolicy: 'sometimes' });
    expect(bad.status).toBe(400);
    const set = await agent.patch(`/api/integrations/${merchant.integrationId}`).send({ backorderPolicy: 'always' });
    expect(set.status).toBe(200);
    expect((set.body as IntegrationsResponse).platforms.find((p) => p.platform === 'shopify')!.shops[0]!.backorderPolicy).toBe('always');

    const split = await agent
      .put(`/api/orders/${order.id}/allocation`)
      .set('If-Match', `"v${order.version}"`)
      .send({ shipments: [{ key: 'n', lines: [{ lineId: order.lines[0]!.id, quantity: 3 }] }], backorder: [] });
    const shipment = (split.body as OrderDetail).shipments[0]!;
    const shipped = (await agent.post(`/api/shipments/${shipment.id}/ship`).send({ trackingCode: '3SPOLICY01', carrier: 'PostNL' })).body as OrderDetail;
    expect(shipped.backorder).toEqual([
      { lineId: order.lines[1]!.id, quantity: 2 },
      { lineId: order.lines[2]!.id, quantity: 1 },
    ]);
    expect(shipped.fulfilmentStatus).toBe('awaiting_stock');
    expect(shipped.lines.map((l) => l.open)).toEqual([0, 0, 0]);
  });

  it("keeps one merchant's shipments out of another's reach", async () => {
    const mine = await loggedIn();
    const theirs = await loggedIn();
    const split = await withShipment(theirs.agent, theirs.order);
    const id = split.shipments[0]!.id;
    expect((await mine.agent.post(`/api/shipments/${id}/ship`).send({ trackingCode: '3SXX0001', carrier: 'DHL' })).status).toBe(404);
    expect((await mine.agent.post(`/api/shipments/${id}/sync`).send({})).status).toBe(404);
    expect((await mine.agent.get(`/api/shipments/${id}`)).status).toBe(404);
    expect(((await mine.agent.get('/api/shipments')).body as ShipmentsPage).items.map((s) => s.id)).not.toContain(id);
    expect((await mine.agent.post(`/api/integrations/${theirs.merchant.integrationId}/import`).send({})).status).toBe(404);
  });

  it('lets support look but not ship, and only the owner connect shops', async () => {
    const support = await loggedIn('support');
    const owner = await loggedIn('owner');
    const split = await withShipment(owner.agent, owner.order);
    await database.db.updateTable('shipments').set({ merchant_id: support.merchant.merchantId }).where('id', '=', split.shipments[0]!.id).execute();
    expect((await support.agent.post(`/api/shipments/${split.shipments[0]!.id}/ship`).send({ trackingCode: '3SXX0001', carrier: 'DHL' })).status).toBe(403);
    const packer = await loggedIn('packer');
    const connect = await packer.agent.post('/api/integrations').send({ platform: 'shopify', name: 'X', baseUrl: 'http://127.0.0.1:9/x', credentials: {} });
    expect(connect.status).toBe(403);
  });

  it('lists every platform with its support level and remarks, and the connected shops', async () => {
    const { agent, merchant } = await loggedIn();
    const res = await agent.get('/api/integrations');
    expect(res.status).toBe(200);
    const body = res.body as IntegrationsResponse;
    const shopify = body.platforms.find((p) => p.platform === 'shopify')!;
    expect(shopify.shipmentLevel).toBe('yes');
    expect(shopify.remarks.join(' ')).toMatch(/In Shopify a shipment is called a fulfillment/);
    expect(shopify.shops).toEqual([expect.objectContaining({ id: merchant.integrationId, orderCount: 1, failedSyncs: 0, processingMode: 'shipment_level' })]);
    expect(body.platforms.find((p) => p.platform === 'magento1')!.remarks.join(' ')).toMatch(/after reinstalling/);
    expect(body.platforms.find((p) => p.platform === 'prestashop')!.shipmentLevel).toBe('no');
  });

  it('refuses to connect a shop at a level its platform does not have', async () => {
    const { agent } = await loggedIn();
    const res = await agent.post('/api/integrations').send({ platform: 'prestashop', name: 'Presta', baseUrl: 'http://127.0.0.1:9/presta', processingMode: 'shipment_level', credentials: {} });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('processingMode');
    const invalid = await agent.post('/api/integrations').send({ platform: 'nope', name: '', baseUrl: 'not a url', credentials: {} });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['baseUrl', 'name', 'platform']);
  });

  it('refuses a webhook for a shop that does not exist', async () => {
    const res = await request(app).post(`/api/webhooks/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`).set('Content-Type', 'application/json').send('{}');
    expect(res.status).toBe(404);
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { OrdersPage } from '@shipdesk/contract';
import { createApp } from '../app';
import { openDatabase, type OpenDatabase } from '../db/database';
import { defaultConnectors } from '../integrations/connectors';
import { createSecretBox } from '../security/secrets';
import { makeMerchant, sampleOrder } from '../../test/fixtures';
import { routesOf } from '../../test/routes';
import { oneOfEach } from '../../test/api-helpers';

describe("a user of one merchant never reaches another merchant's data", () => {
  let database: OpenDatabase;
  let app: Express;
  const ids = { order: '', shipment: '', batch: '', integration: '', orderNumber: '' };
  let intruder: ReturnType<typeof request.agent>;

  beforeAll(async () => {
    database = await openDatabase({});
    app = createApp({ db: database.db, shops: { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors } });
    const owner = await makeMerchant(database.db, [sampleOrder('victim-1')]);
    const agent = request.agent(app);
    await agent.post('/api/session').send({ email: owner.email, password: owner.password });
    const { order, shipmentId, batchId } = await oneOfEach(agent);
    Object.assign(ids, { order: order.id, shipment: shipmentId, batch: batchId, integration: owner.integrationId, orderNumber: order.number });

    const other = await makeMerchant(database.db, [sampleOrder('other-1')]);
    intruder = request.agent(app);
    await intruder.post('/api/session').send({ email: other.email, password: other.password });
  });
  afterAll(async () => {
    await database?.close();
  });

  // Each route that takes an id or a code, called by the other merchant with the first one's.
  const attempts: Record<string, () => request.Test> = {
    'GET /api/orders/:id': () => intruder.get(`/api/orders/${ids.order}`),
    'PUT /api/orders/:id/allocation': () => intruder.put(`/api/orders/${ids.order}/allocation`).set('If-Match', '"v1"').send({ shipments: [], backorder: [] }),
    'POST /api/orders/:id/undo': () => intruder.post(`/api/orders/${ids.order}/undo`).set('If-Match', '"v1"').send({}),
    'POST /api/orders/:id/backorder/release': () => intruder.post(`/api/orders/${ids.order}/backorder/release`).send({}),
    'GET /api/scan/:code': () => intruder.get(`/api/scan/${encodeURIComponent(ids.orderNumber)}`),
    'GET /api/shipments/:id': () => intruder.get(`/api/shipments/${ids.shipment}`),
    'POST /api/shipments/:id/ship': () => intruder.post(`/api/shipments/${ids.shipment}/ship`).send({ trackingCode: '3SXX0001', carrier: 'PostNL' }),
    'POST /api/shipments/:id/label': () => intruder.post(`/api/shipments/${ids.shipment}/label`).set('Idempotency-Key', 'k').send({}),
    'DELETE /api/shipments/:id/label': () => intruder.delete(`/api/shipments/${ids.shipment}/label`),
    'GET /api/shipments/:id/label.pdf': () => intruder.get(`/api/shipments/${ids.shipment}/label.pdf`),
    'GET /api/shipments/:id/packing-slip.pdf': () => intruder.get(`/api/shipments/${ids.shipment}/packing-slip.pdf`),
    'GET /api/documents/:kind.pdf': () => intruder.get(`/api/documents/packing-slips.pdf?shipments=${ids.shipment}`),
    'POST /api/shipments/:id/sync': () => intruder.post(`/api/shipments/${ids.shipment}/sync`).send({}),
    'GET /api/label-batches/:id': () => intruder.get(`/api/label-batches/${ids.batch}`),
    'POST /api/label-batches/:id/retry': () => intruder.post(`/api/label-batches/${ids.batch}/retry`).send({}),
    'POST /api/integrations/:id/import': () => intruder.post(`/api/integrations/${ids.integration}/import`).send({}),
    'PATCH /api/integrations/:id': () => intruder.patch(`/api/integrations/${ids.integration}`).send({ backorderPolicy: 'always' }),
  };

  it('covers every route that takes an id', () => {
    // Webhook addresses are public by design: a shop or carrier proves itself with its signature instead.
    const withParams = routesOf(app).filter((r) => r.includes('/:') && !r.startsWith('POST /api/webhooks/') && !r.startsWith('POST /api/carrier-webhooks/'));
    expect(withParams.sort()).toEqual(Object.keys(attempts).sort());
  });

  it.each(Object.keys(attempts))('%s answers 404', async (route) => {
    const res = await attempts[route]!();
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('lists nothing of the other merchant', async () => {
    expect(((await intruder.get('/api/orders')).body as OrdersPage).items.map((o) => o.id)).not.toContain(ids.order);
    expect((await intruder.get('/api/shipments')).body.items.map((s: { id: string }) => s.id)).not.toContain(ids.shipment);
    expect((await intruder.get('/api/backorders')).body.items).toEqual([]);
    const integrations = (await intruder.get('/api/integrations')).body as { platforms: { shops: { id: string }[] }[] };
    expect(integrations.platforms.flatMap((p) => p.shops.map((s) => s.id))).not.toContain(ids.integration);
  });
});

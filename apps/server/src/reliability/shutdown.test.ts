import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import type { OrderDetail } from '@shipdesk/contract';
import { postnlSandbox, startSandbox } from '@shipdesk/sandbox';
import { startShipdesk } from '../server';
import { createSecretBox } from '../security/secrets';
import { addPostnlAccount, makeMerchant, sampleOrder } from '../../test/fixtures';
import { recordReliability } from '../../test/reliability-report';
import { saveSplit, wholeOrder } from '../../test/api-helpers';

describe('graceful shutdown', () => {
  it('finishes the request in flight, refuses new connections, then stops', async () => {
    const postnl = postnlSandbox({ apiKey: 'postnl-shutdown' });
    const sandbox = await startSandbox([postnl]);
    const key = randomBytes(32);
    const shipdesk = await startShipdesk({ port: 0, host: '127.0.0.1', demo: false, secretKey: key, worker: { start: false } });
    const db = shipdesk.database.db;
    const merchant = await makeMerchant(db, [sampleOrder('stop-1')]);
    await addPostnlAccount(db, createSecretBox(key), merchant.merchantId, sandbox.baseUrl('postnl'), 'postnl-shutdown');
    const agent = request.agent(shipdesk.url);
    await agent.post('/api/session').send({ email: merchant.email, password: merchant.password });
    const orderId = (await db.selectFrom('orders').select('id').where('merchant_id', '=', merchant.merchantId).executeTakeFirstOrThrow()).id;
    const order = (await agent.get(`/api/orders/${orderId}`)).body as OrderDetail;
    const split = await saveSplit(agent, order, wholeOrder(order));

    // The carrier takes its time; the label request is in flight when the shutdown starts.
    sandbox.faults.inject('postnl', { kind: 'delay', ms: 700, times: 2 });
    const inFlight = agent.post(`/api/shipments/${split.shipments[0]!.id}/label`).set('Idempotency-Key', 'shutdown-1').send({}).then((r) => r);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const closing = shipdesk.close();
    await new Promise((r) => setTimeout(r, 50));
    const refused = await request(shipdesk.url)
      .get('/healthz')
      .then((r) => r.status)
      .catch((error: Error & { code?: string }) => error.code ?? error.message);
    const label = await inFlight;
    await closing;
    const tookMs = Date.now() - started;

    expect(String(refused)).toMatch(/ECONNREFUSED/);
    expect(label.status).toBe(201);
    expect(label.body.trackingNumber).toMatch(/^3S/);
    expect(tookMs).toBeGreaterThanOrEqual(400);
    await sandbox.close();
    recordReliability({
      id: '6-shutdown',
      title: 'Graceful shutdown',
      lines: [
        `- A label purchase in flight (the carrier answering after 700 ms) when the shutdown began was finished and answered 201 with its tracking number; new connections were refused at once; the server stopped ${tookMs} ms after the shutdown began, after the request and the job in hand were done.`,
      ],
    });
  });
});

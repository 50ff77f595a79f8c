import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Label, ShipmentDetail } from '@shipdesk/contract';
import { dhlSandbox, startSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import { createApp } from './app';
import { openDatabase, type OpenDatabase } from './db/database';
import { defaultConnectors } from './integrations/connectors';
import type { ShopServices } from './integrations/shop-context';
import { createWorker } from './jobs/handlers';
import { createSecretBox } from './security/secrets';
import { makeMerchant, sampleOrder } from '../test/fixtures';
import { firstOrder, saveSplit, wholeOrder } from '../test/api-helpers';

const HOUR = 3_600_000;

describe("a carrier's status push", () => {
  let database: OpenDatabase;
  let sandbox: RunningSandbox;
  let dhl: ReturnType<typeof dhlSandbox>;
  let server: ReturnType<ReturnType<typeof createApp>['listen']>;
  let url: string;
  let services: ShopServices;
  let clock = Date.now();

  beforeAll(async () => {
    dhl = dhlSandbox({ apiKey: 'dhl-key', now: () => new Date(clock) });
    sandbox = await startSandbox([dhl]);
    database = await openDatabase({});
    services = { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors };
    const app = createApp({ db: database.db, shops: services });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await sandbox?.close();
    await database?.close();
  });

  it('is checked with the account’s token and makes Shipdesk track the parcel again', async () => {
    const merchant = await makeMerchant(database.db, [sampleOrder('push-1')]);
    const token = randomBytes(16).toString('hex');
    const account = await database.db
      .insertInto('carrier_accounts')
      .values({
        merchant_id: merchant.merchantId,
        carrier: 'dhl',
        name: 'DHL',
        base_url: sandbox.baseUrl('dhl'),
        credentials_encrypted: services.secrets.seal({ apiKey: 'dhl-key', username: 'user-valid', password: 'SandboxPasswort2023!', ekp: '3333333333', webhookToken: token }),
        sender: { name: 'Lager', street: 'Sträßchensweg 10', postalCode: '53113', city: 'Bonn', country: 'DE' },
        default_product: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const agent = request.agent(url);
    await agent.post('/api/session').send({ email: merchant.email, password: merchant.password });
    const order = await firstOrder(agent);
    const split = await saveSplit(agent, order, wholeOrder(order));
    const shipmentId = split.shipments[0]!.id;
    const label = (await agent.post(`/api/shipments/${shipmentId}/label`).set('Idempotency-Key', randomUUID()).send({ carrierAccountId: account.id })).body as Label;
    expect(label.trackingNumber).toMatch(/^\d{18}$/);

    // Subscribe the account to DHL's tracking push, as DHL documents it.
    const subscribed = await fetch(`${sandbox.baseUrl('dhl')}/tracking/push/v1/subscription`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'DHL-API-Key': 'dhl-key' },
      body: JSON.stringify({
        hook: { uri: `${url}/api/carrier-webhooks/${account.id}`, authentication: { type: 'ApiKeyAuthentication', header: 'x-shipdesk-dhl-token', token } },
        format: 'Default',
        type: 'Account',
        service: 'parcel-de',
        events: ['Pre-Transit', 'Transit', 'Delivered', 'Failure', 'Unknown'],
        accountID: '3333333333',
      }),
    });
    expect(subscribed.status).toBe(201);

    clock += 5 * HOUR;
    expect(await dhl.pushDue()).toBeGreaterThan(0);
    const queued = await database.db.selectFrom('jobs').select('kind').where('dedupe_key', '=', `track:${shipmentId}`).execute();
    expect(queued.map((j) => j.kind)).toEqual(['track-shipment']);
    await createWorker(database.db, services, { baseBackoffMs: 10 }).drain();
    const detail = (await agent.get(`/api/shipments/${shipmentId}`)).body as ShipmentDetail;
    expect(detail.status).toBe('shipped');
    expect(detail.trackingStatus).toBe('in_transit');
    expect(detail.events.some((e) => e.type === 'carrier_event')).toBe(true);

    const forged = await fetch(`${url}/api/carrier-webhooks/${account.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shipdesk-dhl-token': 'guess' },
      body: JSON.stringify({ shipments: [{ id: label.trackingNumber }] }),
    });
    expect(forged.status).toBe(401);
  });
});

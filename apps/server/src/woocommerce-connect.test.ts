import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startSandbox, woocommerceSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import { createApp } from './app';
import { openDatabase, type OpenDatabase } from './db/database';
import { defaultConnectors } from './integrations/connectors';
import { createSecretBox } from './security/secrets';
import { makeMerchant } from '../test/fixtures';

const CREDENTIALS = { consumerKey: 'ck_sandbox', consumerSecret: 'cs_sandbox', webhookSecret: 'woo-sandbox-webhook-secret' };

describe('connecting WooCommerce: shipment level only where the store has order fulfillments', () => {
  let database: OpenDatabase;
  let withFulfillments: RunningSandbox;
  let plain: RunningSandbox;
  const secrets = createSecretBox(randomBytes(32));
  let agent: ReturnType<typeof request.agent>;

  beforeAll(async () => {
    withFulfillments = await startSandbox([woocommerceSandbox({ fulfillments: true })]);
    plain = await startSandbox([woocommerceSandbox()]);
    database = await openDatabase({});
    const app = createApp({ db: database.db, shops: { secrets, connectors: defaultConnectors } });
    const merchant = await makeMerchant(database.db, []);
    agent = request.agent(app);
    await agent.post('/api/session').send({ email: merchant.email, password: merchant.password });
  });
  afterAll(async () => {
    await withFulfillments?.close();
    await plain?.close();
    await database?.close();
  });

  const stored = async (id: string) => {
    const row = await database.db.selectFrom('integrations').select(['credentials_encrypted', 'processing_mode']).where('id', '=', id).executeTakeFirstOrThrow();
    return { credentials: secrets.open(row.credentials_encrypted!), mode: row.processing_mode };
  };

  it('asks the store whether it has order fulfillments, and connects it at shipment level when it does', async () => {
    const res = await agent.post('/api/integrations').send({ platform: 'woocommerce', name: 'Woo with fulfillments', baseUrl: withFulfillments.baseUrl('woocommerce'), processingMode: 'shipment_level', credentials: CREDENTIALS });
    expect(res.status).toBe(201);
    const shop = await stored(res.headers.location!.split('/').pop()!);
    expect(shop).toMatchObject({ mode: 'shipment_level', credentials: { fulfillments: 'enabled' } });
  });

  it('refuses shipment level for a store without them, saying how to turn them on, and connects it at order level', async () => {
    const refused = await agent.post('/api/integrations').send({ platform: 'woocommerce', name: 'Plain Woo', baseUrl: plain.baseUrl('woocommerce'), processingMode: 'shipment_level', credentials: CREDENTIALS });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({ path: 'processingMode', code: 'not_enabled' });
    expect(refused.body.detail).toMatch(/Order fulfillments/);

    const ok = await agent.post('/api/integrations').send({ platform: 'woocommerce', name: 'Plain Woo', baseUrl: plain.baseUrl('woocommerce'), processingMode: 'order_level', credentials: CREDENTIALS });
    expect(ok.status).toBe(201);
    const id = ok.headers.location!.split('/').pop()!;
    expect(await stored(id)).toMatchObject({ mode: 'order_level', credentials: { fulfillments: 'disabled' } });

    // Changing to shipment level asks the store again: still no, so still order level.
    const change = await agent.patch(`/api/integrations/${id}`).send({ processingMode: 'shipment_level' });
    expect(change.status).toBe(422);
    expect((await stored(id)).mode).toBe('order_level');

    // The merchant moves the shop to a store that has them (a reconnect): now it may.
    const moved = await agent.patch(`/api/integrations/${id}`).send({ baseUrl: withFulfillments.baseUrl('woocommerce'), processingMode: 'shipment_level' });
    expect(moved.status).toBe(200);
    expect(await stored(id)).toMatchObject({ mode: 'shipment_level', credentials: { fulfillments: 'enabled' } });
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { bigcommerceSandbox, startSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import { createApp } from './app';
import { openDatabase, type OpenDatabase } from './db/database';
import { defaultConnectors } from './integrations/connectors';
import { createSecretBox } from './security/secrets';
import { makeMerchant } from '../test/fixtures';

const CREDENTIALS = { accessToken: 'bc_sandbox_token', webhookSecret: 'whsec-bc-connect' };

describe('connecting BigCommerce subscribes its order webhooks to Shipdesk’s public address', () => {
  let database: OpenDatabase;
  let running: RunningSandbox;
  let bc: ReturnType<typeof bigcommerceSandbox>;

  beforeAll(async () => {
    bc = bigcommerceSandbox();
    running = await startSandbox([bc]);
    database = await openDatabase({});
  });
  afterAll(async () => {
    await running?.close();
    await database?.close();
  });

  async function connect(publicUrl: string) {
    const app = createApp({ db: database.db, shops: { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors, publicUrl } });
    const merchant = await makeMerchant(database.db, []);
    const agent = request.agent(app);
    await agent.post('/api/session').send({ email: merchant.email, password: merchant.password });
    const res = await agent.post('/api/integrations').send({ platform: 'bigcommerce', name: 'BC store', baseUrl: `${running.baseUrl('bigcommerce')}/stores/sbx1bc`, processingMode: 'shipment_level', credentials: CREDENTIALS });
    expect(res.status).toBe(201);
    return res.headers.location!.split('/').pop()!;
  }

  it('registers the store/order hook with the secret header', async () => {
    const id = await connect('https://shipdesk.example.com/');
    const hooks = [...bc.state.webhooks.hooks.values()].filter((h) => h.destination === `https://shipdesk.example.com/api/webhooks/${id}`);
    expect(hooks.map((h) => h.scope)).toEqual(['store/order/*']);
    expect(Object.values(hooks[0]!.headers ?? {})).toContain(CREDENTIALS.webhookSecret);
  });

  it('connects all the same when the store refuses the subscription, and says why on the shop', async () => {
    // BigCommerce only delivers to https on port 443.
    const id = await connect('http://shipdesk.example.com:8080');
    const shop = await database.db.selectFrom('integrations').select(['status', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(shop.status).toBe('active');
    expect(shop.last_error).toMatch(/Webhooks could not be subscribed .*https.*polling/);
  });
});

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { shopifySandbox, startSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import { createApp } from '../src/app';
import type { OpenDatabase } from '../src/db/database';
import { defaultConnectors } from '../src/integrations/connectors';
import type { ShopServices } from '../src/integrations/shop-context';
import { createWorker } from '../src/jobs/handlers';
import type { Worker } from '../src/jobs/worker';
import { createSecretBox } from '../src/security/secrets';
import { makeMerchant } from './fixtures';

export interface ShopifyStack {
  database: OpenDatabase;
  sandbox: RunningSandbox;
  shopify: ReturnType<typeof shopifySandbox>;
  url: string;
  worker: Worker;
  /** Logged in as the owner of a fresh merchant. */
  agent: ReturnType<typeof request.agent>;
  /** Connects the sandbox's demo store through the API (its orders are imported); returns the shop's id. */
  connect(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A Shopify sandbox, Shipdesk's app on a loopback port over the given database, a job worker
 * (not started: tests drain it), and a merchant's owner logged in — what the shop sync-back
 * tests share.
 */
export async function startShopifyStack(
  open: () => Promise<OpenDatabase>,
  options: { accessToken: string; webhookSecret: string; shops?: NonNullable<Parameters<typeof shopifySandbox>[0]>['shops']; baseBackoffMs?: number },
): Promise<ShopifyStack> {
  const shopify = shopifySandbox({
    accessToken: options.accessToken,
    webhookSecret: options.webhookSecret,
    bucket: { maximumAvailable: 20_000, restoreRate: 1_000 },
    ...(options.shops ? { shops: options.shops } : {}),
  });
  const sandbox = await startSandbox([shopify]);
  const database = await open();
  const services: ShopServices = { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors };
  const app = createApp({ db: database.db, shops: services });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const worker = createWorker(database.db, services, { baseBackoffMs: options.baseBackoffMs ?? 30 });
  const merchant = await makeMerchant(database.db, []);
  const agent = request.agent(url);
  const login = await agent.post('/api/session').send({ email: merchant.email, password: merchant.password });
  if (login.status !== 200) throw new Error(`Log-in answered ${login.status}`);
  return {
    database,
    sandbox,
    shopify,
    url,
    worker,
    agent,
    async connect(name) {
      const res = await agent
        .post('/api/integrations')
        .send({ platform: 'shopify', name, baseUrl: `${sandbox.baseUrl('shopify')}/demo-store`, credentials: { accessToken: options.accessToken, webhookSecret: options.webhookSecret } });
      if (res.status !== 201) throw new Error(`Connecting the shop answered ${res.status}: ${res.text}`);
      await worker.drain();
      return res.headers.location!.split('/').pop()!;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await sandbox.close();
      await database.close();
    },
  };
}

import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { createApp } from './app';
import { liveEvents } from './events/live-events';
import { logger } from './observability/logger';
import { openDatabase, type OpenDatabase } from './db/database';
import { seedDemo } from './db/seed';
import { startDemoSandbox, type DemoSandbox } from './demo';
import { defaultConnectors, type ConnectorFactory } from './integrations/connectors';
import type { ShopServices } from './integrations/shop-context';
import { createWorker } from './jobs/handlers';
import type { Worker, WorkerOptions } from './jobs/worker';
import { createSecretBox, loadSecretKey } from './security/secrets';
import { enqueueImport, importShopOrders } from './use-cases/import-shop-orders';
import { enqueueDueTracking } from './use-cases/track-shipment';

export interface ShipdeskOptions {
  port: number;
  host: string;
  databaseUrl?: string;
  /** Named prepared statements on PostgreSQL (SHIPDESK_PG_PREPARE); default true. */
  prepareStatements?: boolean;
  /** Folder of the embedded database; omit for an in-memory one (tests). */
  dataDir?: string;
  webDir?: string;
  secureCookies?: boolean;
  /** Run the sandbox shops and carriers on this port (0: any free one) and seed the demo merchant with them. */
  demo?: { sandboxPort: number } | false;
  secretKey?: Buffer;
  connectors?: ConnectorFactory;
  worker?: WorkerOptions & { start?: boolean };
  /** How often every active shop is polled for changed orders (the safety net behind webhooks). */
  pollShopsEveryMs?: number;
  /** How often parcels on their way are tracked with their carrier. */
  pollTrackingEveryMs?: number;
  /** How long a shutdown waits for requests in flight before cutting them off. Default 10 s. */
  shutdownGraceMs?: number;
  /** Where shops reach this Shipdesk from the internet, for webhook subscriptions. */
  publicUrl?: string;
}

export interface RunningShipdesk {
  url: string;
  database: OpenDatabase;
  services: ShopServices;
  worker: Worker;
  sandbox: DemoSandbox | null;
  close(): Promise<void>;
}

/** Opens the database, seeds the demo, and starts the HTTP server, the job worker and shop polling. */
export async function startShipdesk(options: ShipdeskOptions): Promise<RunningShipdesk> {
  const database = await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir, prepareStatements: options.prepareStatements });
  const db = database.db;
  const key = options.secretKey ?? loadSecretKey(process.env, join(dirname(options.dataDir ?? 'data/pglite'), 'secret.key'));
  const services: ShopServices = { secrets: createSecretBox(key), connectors: options.connectors ?? defaultConnectors, ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}) };

  const sandbox = options.demo ? await startDemoSandbox(options.demo.sandboxPort) : null;
  const demo = sandbox ? await seedDemo(db, services.secrets, sandbox.shops, sandbox.carriers) : null;

  let accepting = true;
  const app = createApp({ db, shops: services, webDir: options.webDir, secureCookies: options.secureCookies, isAccepting: () => accepting });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(options.port, options.host, () => resolve(s));
    s.on('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}`;

  if (sandbox && demo) {
    // The demo shops' orders come in through their connectors, as a real shop's would.
    for (const integration of demo.integrations) {
      await importShopOrders(db, services, { integrationId: integration.id });
      sandbox.setWebhookTarget(integration.platform, `${url}/api/webhooks/${integration.id}`);
    }
    const dhlAccount = await db.selectFrom('carrier_accounts').select('id').where('merchant_id', '=', demo.merchantId).where('carrier', '=', 'dhl').executeTakeFirst();
    if (dhlAccount) await sandbox.startDhlPush(`${url}/api/carrier-webhooks/${dhlAccount.id}`);
  }

  const worker = createWorker(db, services, options.worker);
  if (options.worker?.start !== false) worker.start();
  const pollEvery = options.pollShopsEveryMs ?? 5 * 60 * 1000;
  const poll = setInterval(() => {
    void (async () => {
      const shops = await db.selectFrom('integrations').select('id').where('status', '=', 'active').execute();
      for (const shop of shops) await enqueueImport(db, shop.id);
    })().catch((error: unknown) => logger.error({ err: error }, 'scheduling shop imports failed'));
  }, pollEvery);
  poll.unref();
  const tracking = setInterval(() => {
    enqueueDueTracking(db).catch((error: unknown) => logger.error({ err: error }, 'scheduling tracking polls failed'));
  }, options.pollTrackingEveryMs ?? 10 * 60 * 1000);
  tracking.unref();

  return {
    url,
    database,
    services,
    worker,
    sandbox,
    /**
     * Graceful shutdown: stop taking requests (readiness turns 503, the listener closes), let the
     * requests in flight and the job in hand finish, then close the database. Live event streams
     * are ended at once (browsers reconnect); requests still running after the grace period are cut.
     */
    async close() {
      accepting = false;
      clearInterval(poll);
      clearInterval(tracking);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      liveEvents.shutdown();
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? 10_000);
      await Promise.all([closed, worker.stop()]);
      clearTimeout(grace);
      await sandbox?.running.close();
      await database.close();
      logger.info('shipdesk stopped');
    },
  };
}

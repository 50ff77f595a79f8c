import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { createApp } from './app';
import { openDatabase, type OpenDatabase } from './db/database';
import { seedDemo } from './db/seed';
import { defaultConnectors, type ConnectorFactory } from './integrations/connectors';
import type { ShopServices } from './integrations/shop-context';
import { createWorker } from './jobs/handlers';
import type { Worker, WorkerOptions } from './jobs/worker';
import { createSecretBox, loadSecretKey } from './security/secrets';

export interface ShipdeskOptions {
  port: number;
  host: string;
  databaseUrl?: string;
  /** Folder of the embedded database; omit for an in-memory one (tests). */
  dataDir?: string;
  webDir?: string;
  secureCookies?: boolean;
  seedDemo?: boolean;
  secretKey?: Buffer;
  connectors?: ConnectorFactory;
  worker?: WorkerOptions & { start?: boolean };
}

export interface RunningShipdesk {
  url: string;
  database: OpenDatabase;
  services: ShopServices;
  worker: Worker;
  close(): Promise<void>;
}

/** Opens the database, seeds the demo, and starts the HTTP server and the job worker. */
export async function startShipdesk(options: ShipdeskOptions): Promise<RunningShipdesk> {
  const database = await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir });
  const key = options.secretKey ?? loadSecretKey(process.env, join(dirname(options.dataDir ?? 'data/pglite'), 'secret.key'));
  const services: ShopServices = { secrets: createSecretBox(key), connectors: options.connectors ?? defaultConnectors };
  if (options.seedDemo) await seedDemo(database.db);

  const app = createApp({ db: database.db, shops: services, webDir: options.webDir, secureCookies: options.secureCookies });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(options.port, options.host, () => resolve(s));
    s.on('error', reject);
  });
  const worker = createWorker(database.db, services, options.worker);
  if (options.worker?.start !== false) worker.start();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    database,
    services,
    worker,
    async close() {
      await worker.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}

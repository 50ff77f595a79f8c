import { loadConfig } from './config';
import { DEMO_LOGIN, SUPPORT_LOGIN } from './db/seed';
import { startShipdesk } from './server';

const config = loadConfig();
const shipdesk = await startShipdesk({
  port: config.port,
  host: config.host,
  databaseUrl: config.databaseUrl,
  prepareStatements: config.prepareStatements,
  dataDir: config.databaseUrl ? undefined : config.dataDir,
  webDir: config.webDir,
  secureCookies: config.secureCookies,
  publicUrl: config.publicUrl,
  demo: config.seedDemo ? { sandboxPort: config.sandboxPort } : false,
});
console.log(config.databaseUrl ? 'Database: PostgreSQL from DATABASE_URL' : `Database: embedded PGlite in ${config.dataDir}`);
console.log(`\nShipdesk is running on http://localhost:${config.port}`);
if (shipdesk.sandbox) {
  console.log(`Sandbox shops and carriers on ${shipdesk.sandbox.running.url} (Shopify, Magento 2, WooCommerce, Lightspeed, PostNL, DHL)`);
  console.log(`Log in as ${DEMO_LOGIN.email} with password ${DEMO_LOGIN.password}`);
  console.log(`Platform support (read-only, every look logged): ${SUPPORT_LOGIN.email} / ${SUPPORT_LOGIN.password}\n`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void shipdesk.close().then(() => process.exit(0));
  });
}

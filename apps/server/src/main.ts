import { createApp } from './app';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { DEMO_LOGIN, seedDemo } from './db/seed';

const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
console.log(config.databaseUrl ? 'Database: PostgreSQL from DATABASE_URL' : `Database: embedded PGlite in ${config.dataDir}`);
if (config.seedDemo) {
  const { created } = await seedDemo(database.db);
  console.log(created ? 'Seeded the demo merchant, its shops and orders.' : 'Demo data already present.');
}

const app = createApp({ db: database.db, webDir: config.webDir, secureCookies: config.secureCookies });
const server = app.listen(config.port, config.host, () => {
  console.log(`\nShipdesk is running on http://localhost:${config.port}`);
  if (config.seedDemo) console.log(`Log in as ${DEMO_LOGIN.email} with password ${DEMO_LOGIN.password}\n`);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(() => {
      void database.close().then(() => process.exit(0));
    });
  });
}

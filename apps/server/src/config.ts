import { resolve } from 'node:path';

/** Settings from the environment, with defaults that run the demo on a fresh machine. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}".`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    prepareStatements: env.SHIPDESK_PG_PREPARE !== 'false',
    dataDir: resolve(env.SHIPDESK_DATA_DIR ?? 'data/pglite'),
    webDir: resolve(env.SHIPDESK_WEB_DIR ?? 'dist/web'),
    seedDemo: env.SHIPDESK_SEED_DEMO !== 'false',
    sandboxPort: Number(env.SHIPDESK_SANDBOX_PORT ?? 4010),
    secureCookies: env.SHIPDESK_SECURE_COOKIES === 'true',
    publicUrl: env.SHIPDESK_PUBLIC_URL || undefined,
  };
}

import { resolve } from 'node:path';

/**
 * Flags the server's Node runs with (`npm start`, and the benchmarks' server). A larger young
 * generation: every request allocates its rows, its answer and their JSON, and with V8's default
 * semi-space (16 MiB) garbage collection took about 10 % of the server's CPU profile under load on
 * GET /api/orders; with 32 MiB about 7 %. Over ten runs each, taking turns, the server's CPU per
 * request was about 5 % lower on average (661 → 625 µs; a pair of runs from 2 % higher to 16 %
 * lower: the machine is noisy), for at most 32 MiB more memory. 64 and 128 MiB did no better.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'];

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

import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate';
import { kyselyPool } from './pg-pool';
import { logger } from '../observability/logger';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** A PostgreSQL connection string. When set, PGlite is not used. */
  url?: string;
  /** Folder for the embedded PGlite database; omit for an in-memory one. */
  dataDir?: string;
  /** Send statements with parameters as named prepared statements (PostgreSQL only; default true). */
  prepareStatements?: boolean;
}

export interface OpenDatabase {
  db: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/** Opens PostgreSQL (when a URL is given) or the embedded PGlite, and applies every migration. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the process:
    // the pool discards it and the next query opens a new one.
    pool.on('error', (error) => logger.warn(`PostgreSQL closed an idle connection: ${error.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: kyselyPool(pool, { prepare: options.prepareStatements ?? true }) }) });
    await migrateToLatest(db as Kysely<unknown>);
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const lite = await PGlite.create(options.dataDir);
  // PGlite through node-postgres, with PGlite's own stand-in for its connection: the same driver,
  // pool and prepared statements as a PostgreSQL server. PGlite is one connection, so the pool
  // holds one client, which a transaction keeps until it ends while other queries wait their turn;
  // it is never closed for being idle. (Kysely on PGlite's own query(), as before, sent six calls
  // into PGlite per statement and parsed and planned each anew: 1,000 labels took 20.5 s instead
  // of 17.2 s.)
  const pool = new pg.Pool({ ...(createPgConfig(lite) as unknown as pg.PoolConfig), max: 1, idleTimeoutMillis: 0 });
  // As for PostgreSQL: an error on the idle client is logged, not thrown out of the process.
  pool.on('error', (error) => logger.warn(`PGlite's connection reported an error: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: kyselyPool(pool) }) });
  await migrateToLatest(db as Kysely<unknown>);
  return {
    db,
    kind: 'pglite',
    async close() {
      await db.destroy();
      await lite.close();
    },
  };
}

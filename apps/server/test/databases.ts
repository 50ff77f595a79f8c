import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import './provided-context';
import { openDatabase, type OpenDatabase } from '../src/db/database';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<OpenDatabase>;
}

/** A fresh, empty database on the test PostgreSQL server: its URL, and how to drop it. */
export async function createPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `shipdesk_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

async function openPostgres(adminUrl: string): Promise<OpenDatabase> {
  const created = await createPostgresDatabase(adminUrl);
  const database = await openDatabase({ url: created.url });
  return {
    ...database,
    async close() {
      await database.close();
      await created.drop();
    },
  };
}

/** The databases every integration test runs against: embedded PGlite and a real PostgreSQL. */
export function testDatabases(): TestDatabase[] {
  const url = inject('postgresUrl');
  const list: TestDatabase[] = [{ name: 'pglite', open: () => openDatabase({}) }];
  if (url) list.push({ name: 'postgres', open: () => openPostgres(url) });
  return list;
}

import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import '../../test/provided-context';
import { createPostgresDatabase } from '../../test/databases';
import { kyselyPool, planEachTime } from './pg-pool';

const adminUrl = inject('postgresUrl');

/** What the connection has prepared, as PostgreSQL sees it (this statement has no parameters, so it is not one of them). */
async function prepared(db: Kysely<unknown>): Promise<{ name: string; statement: string }[]> {
  const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by name`.execute(db);
  return rows;
}

describe.skipIf(!adminUrl)('prepared statements on PostgreSQL', () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>;
  beforeAll(async () => {
    created = await createPostgresDatabase(adminUrl!);
  });
  afterAll(async () => {
    await created?.drop();
  });

  /** One connection, so every statement meets the same server session. */
  function open(options: { limit?: number; prepare?: boolean } = {}) {
    const pool = kyselyPool(new pg.Pool({ connectionString: created.url, max: 1 }), options);
    return { db: new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }), pool };
  }

  it('plans a statement marked to be planned each time for its values, unnamed', async () => {
    const { db, pool } = open();
    try {
      for (const n of [1, 2, 3, 4, 5, 6, 7]) {
        const rows = await db.selectNoFrom(sql<number>`${n}::int`.as('n')).modifyEnd(planEachTime).execute();
        expect(rows).toEqual([{ n }]);
      }
      expect(await prepared(db)).toEqual([]);
      expect(pool.named()).toBe(0);
    } finally {
      await db.destroy();
    }
  });

  it('sends every statement unnamed when preparing is turned off', async () => {
    const { db, pool } = open({ prepare: false });
    try {
      expect((await sql<{ n: number }>`select ${5}::int as n`.execute(db)).rows).toEqual([{ n: 5 }]);
      expect(await prepared(db)).toEqual([]);
      expect(pool.named()).toBe(0);
    } finally {
      await db.destroy();
    }
  });

  it('prepares a statement with parameters once per connection and runs it by name after', async () => {
    const { db, pool } = open();
    try {
      for (const n of [1, 2, 3]) {
        const { rows } = await sql<{ n: number }>`select ${n}::int + 1 as n`.execute(db);
        expect(rows).toEqual([{ n: n + 1 }]);
      }
      await sql`select 42`.execute(db);
      const list = await prepared(db);
      expect(list).toEqual([{ name: 'shipdesk_1', statement: 'select $1::int + 1 as n' }]);
      expect(pool.named()).toBe(1);
    } finally {
      await db.destroy();
    }
  });

  it('names no more than its limit of statement texts, and still runs the rest', async () => {
    const { db, pool } = open({ limit: 2 });
    try {
      expect((await sql<{ a: number }>`select ${1}::int as a`.execute(db)).rows).toEqual([{ a: 1 }]);
      expect((await sql<{ b: number }>`select ${2}::int as b`.execute(db)).rows).toEqual([{ b: 2 }]);
      expect((await sql<{ c: number }>`select ${3}::int as c`.execute(db)).rows).toEqual([{ c: 3 }]);
      expect((await prepared(db)).map((p) => p.name)).toEqual(['shipdesk_1', 'shipdesk_2']);
      expect(pool.named()).toBe(2);
    } finally {
      await db.destroy();
    }
  });

  it('prepares a statement again after its preparation failed', async () => {
    const { db } = open();
    try {
      const read = () => sql<{ id: number }>`select id from made_later where id = ${7}`.execute(db);
      await expect(read()).rejects.toThrow(/made_later/);
      await sql`create table made_later (id int primary key)`.execute(db);
      await sql`insert into made_later values (${7})`.execute(db);
      expect((await read()).rows).toEqual([{ id: 7 }]);
    } finally {
      await db.destroy();
    }
  });

  it('runs transactions and rolls them back through the same connection', async () => {
    const { db } = open();
    try {
      await sql`create table if not exists tx_check (id int primary key)`.execute(db);
      await expect(
        db.transaction().execute(async (trx) => {
          await sql`insert into tx_check values (${1})`.execute(trx);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      await db.transaction().execute(async (trx) => {
        await sql`insert into tx_check values (${2})`.execute(trx);
      });
      const { rows } = await sql<{ id: number }>`select id from tx_check where id > ${0} order by id`.execute(db);
      expect(rows).toEqual([{ id: 2 }]);
    } finally {
      await db.destroy();
    }
  });
});

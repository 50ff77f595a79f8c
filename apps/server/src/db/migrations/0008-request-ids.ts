import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The request that queued a job: its logs and outgoing calls carry the same X-Request-Id.
    alter table jobs add column request_id text;
  `.execute(db);
}

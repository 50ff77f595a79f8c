import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Asked for again while it ran: the change that asked may have come after the job read its
    -- data, so the job runs once more when it finishes.
    alter table jobs add column rerun boolean not null default false;
  `.execute(db);
}

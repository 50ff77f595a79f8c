import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The split as it was before the last change, for one step of undo.
    alter table orders add column undo_allocation jsonb;
    alter table orders add column undo_saved_at timestamptz;
  `.execute(db);
}

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- What happens to the rest of an order when part of it ships: ask, always backorder, or never.
    alter table integrations add column backorder_policy text not null default 'ask' check (backorder_policy in ('ask', 'always', 'never'));
  `.execute(db);
}

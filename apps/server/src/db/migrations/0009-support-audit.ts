import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Platform support inspects one merchant at a time, chosen per session.
    alter table sessions add column inspecting_merchant_id uuid references merchants(id) on delete set null;

    -- Every look by platform support at a merchant's data, for that merchant to see.
    create table audit_log (
      id uuid primary key default gen_random_uuid(),
      at timestamptz not null default now(),
      user_id uuid not null references users(id) on delete cascade,
      merchant_id uuid not null references merchants(id) on delete cascade,
      method text not null,
      path text not null,
      request_id text
    );
    create index audit_log_merchant_idx on audit_log (merchant_id, at desc);
  `.execute(db);
}

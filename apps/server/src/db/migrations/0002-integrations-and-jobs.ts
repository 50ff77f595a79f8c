import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table integrations add column status text not null default 'active' check (status in ('active', 'paused', 'disconnected'));
    alter table integrations add column import_cursor timestamptz;
    alter table integrations add column updated_at timestamptz not null default now();

    alter table shipments add column sync_status text not null default 'not_synced'
      check (sync_status in ('not_synced', 'pending', 'synced', 'failed'));
    alter table shipments add column sync_error text;
    alter table shipments add column synced_at timestamptz;
    alter table shipments add column carrier text;
    alter table shipments add column shipped_at timestamptz;
    create unique index shipments_external_idx on shipments (order_id, external_id) where external_id is not null;
    create index shipments_sync_idx on shipments (merchant_id, sync_status);

    -- Durable job queue and outbox in one: a row is written in the same transaction as the change
    -- it reports, and workers claim due rows with FOR UPDATE SKIP LOCKED.
    create table jobs (
      id uuid primary key default gen_random_uuid(),
      kind text not null,
      payload jsonb not null default '{}'::jsonb,
      -- At most one unfinished job per key (e.g. one sync of a shipment at a time).
      dedupe_key text,
      status text not null default 'pending' check (status in ('pending', 'running', 'done', 'failed')),
      run_at timestamptz not null default now(),
      attempts integer not null default 0,
      max_attempts integer not null default 8,
      locked_until timestamptz,
      last_error text,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index jobs_due_idx on jobs (run_at) where status in ('pending', 'running');
    create unique index jobs_dedupe_idx on jobs (dedupe_key) where dedupe_key is not null and status in ('pending', 'running');

    -- Webhook deliveries seen, so a replayed or duplicate delivery changes nothing.
    create table webhook_deliveries (
      integration_id uuid not null references integrations(id) on delete cascade,
      delivery_id text not null,
      topic text not null,
      received_at timestamptz not null default now(),
      primary key (integration_id, delivery_id)
    );
  `.execute(db);
}

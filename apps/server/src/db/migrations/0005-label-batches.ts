import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table label_batches (
      id uuid primary key default gen_random_uuid(),
      merchant_id uuid not null references merchants(id) on delete cascade,
      format text not null check (format in ('A6', 'A4')),
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now()
    );
    create table label_batch_items (
      batch_id uuid not null references label_batches(id) on delete cascade,
      shipment_id uuid not null references shipments(id) on delete cascade,
      position integer not null,
      status text not null default 'pending' check (status in ('pending', 'done', 'failed')),
      tracking_number text,
      error text,
      attempt integer not null default 1,
      primary key (batch_id, shipment_id)
    );
  `.execute(db);
}

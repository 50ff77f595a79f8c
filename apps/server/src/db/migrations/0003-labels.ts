import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table carrier_accounts (
      id uuid primary key default gen_random_uuid(),
      merchant_id uuid not null references merchants(id) on delete cascade,
      carrier text not null,
      name text not null,
      base_url text not null,
      credentials_encrypted text not null,
      sender jsonb not null,
      default_product text,
      created_at timestamptz not null default now()
    );
    create index carrier_accounts_merchant_idx on carrier_accounts (merchant_id);

    create table labels (
      id uuid primary key default gen_random_uuid(),
      merchant_id uuid not null references merchants(id) on delete cascade,
      shipment_id uuid not null references shipments(id) on delete cascade,
      carrier_account_id uuid not null references carrier_accounts(id),
      carrier text not null,
      status text not null check (status in ('pending', 'live', 'cancelled', 'failed')),
      idempotency_key text not null,
      format text not null check (format in ('A6', 'A4')),
      tracking_number text,
      pdf bytea,
      error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- At most one label being bought or in use per shipment: a double click, a retry or two
    -- people at once can never buy a second one.
    create unique index labels_one_live_per_shipment on labels (shipment_id) where status in ('pending', 'live');
    create unique index labels_idempotency_key on labels (merchant_id, idempotency_key);
    create index labels_shipment_idx on labels (shipment_id, created_at desc);
  `.execute(db);
}

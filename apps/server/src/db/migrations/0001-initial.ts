import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table merchants (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      created_at timestamptz not null default now()
    );

    create table users (
      id uuid primary key default gen_random_uuid(),
      merchant_id uuid not null references merchants(id) on delete cascade,
      email text not null,
      name text not null,
      role text not null check (role in ('owner', 'packer', 'support')),
      password_hash text not null,
      created_at timestamptz not null default now()
    );
    create unique index users_email_key on users (lower(email));

    create table sessions (
      id text primary key,
      user_id uuid not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index sessions_user_idx on sessions (user_id);

    create table integrations (
      id uuid primary key default gen_random_uuid(),
      merchant_id uuid not null references merchants(id) on delete cascade,
      platform text not null,
      name text not null,
      base_url text not null,
      processing_mode text not null check (processing_mode in ('shipment_level', 'order_level')),
      credentials_encrypted text,
      last_import_at timestamptz,
      last_error text,
      created_at timestamptz not null default now()
    );
    create index integrations_merchant_idx on integrations (merchant_id);

    create table orders (
      id uuid primary key default gen_random_uuid(),
      merchant_id uuid not null references merchants(id) on delete cascade,
      integration_id uuid not null references integrations(id) on delete cascade,
      external_id text not null,
      number text not null,
      customer_name text not null,
      customer_email text not null,
      shipping_address jsonb not null,
      country text not null,
      placed_at timestamptz not null,
      cancelled boolean not null default false,
      fulfilment_status text not null check (fulfilment_status in ('unfulfilled', 'partially_shipped', 'awaiting_stock', 'fulfilled', 'cancelled')),
      item_count integer not null check (item_count >= 0),
      shipment_count integer not null default 0 check (shipment_count >= 0),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (integration_id, external_id)
    );
    create index orders_list_idx on orders (merchant_id, placed_at desc, id desc);
    create index orders_status_idx on orders (merchant_id, fulfilment_status, placed_at desc, id desc);

    create table order_lines (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references orders(id) on delete cascade,
      external_id text not null,
      position integer not null,
      sku text not null,
      name text not null,
      quantity integer not null check (quantity >= 0),
      unit_price_cents integer not null default 0,
      unit_weight_grams integer not null default 0 check (unit_weight_grams >= 0),
      hs_code text,
      origin_country text,
      unique (order_id, external_id)
    );
    create index order_lines_order_idx on order_lines (order_id, position);

    create table shipments (
      id uuid primary key default gen_random_uuid(),
      merchant_id uuid not null references merchants(id) on delete cascade,
      order_id uuid not null references orders(id) on delete cascade,
      number integer not null,
      status text not null check (status in ('open', 'labelled', 'shipped', 'cancelled')),
      tracking_code text,
      external_id text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (order_id, number)
    );
    create index shipments_merchant_idx on shipments (merchant_id, created_at desc);

    create table shipment_lines (
      shipment_id uuid not null references shipments(id) on delete cascade,
      order_line_id uuid not null references order_lines(id) on delete cascade,
      quantity integer not null check (quantity > 0),
      primary key (shipment_id, order_line_id)
    );

    create table backorders (
      order_line_id uuid primary key references order_lines(id) on delete cascade,
      order_id uuid not null references orders(id) on delete cascade,
      quantity integer not null check (quantity > 0),
      created_at timestamptz not null default now()
    );
    create index backorders_order_idx on backorders (order_id);

    create table shipment_events (
      id uuid primary key default gen_random_uuid(),
      shipment_id uuid not null references shipments(id) on delete cascade,
      merchant_id uuid not null references merchants(id) on delete cascade,
      type text not null,
      message text not null,
      data jsonb not null default '{}'::jsonb,
      actor_user_id uuid references users(id) on delete set null,
      created_at timestamptz not null default now()
    );
    create index shipment_events_shipment_idx on shipment_events (shipment_id, created_at);
  `.execute(db);
}

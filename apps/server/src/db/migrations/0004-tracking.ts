import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table shipments add column tracking_status text
      check (tracking_status in ('announced', 'in_transit', 'out_for_delivery', 'delivered', 'delivery_failed', 'awaiting_pickup', 'returned_to_sender', 'cancelled', 'exception'));
    alter table shipments add column tracking_checked_at timestamptz;

    -- When it happened (a carrier's own timestamp for its scans), so the timeline sorts by that
    -- even when events arrive out of order; and a key that makes a repeated carrier event a no-op.
    alter table shipment_events add column occurred_at timestamptz not null default now();
    alter table shipment_events add column dedupe_key text;
    create unique index shipment_events_dedupe_idx on shipment_events (shipment_id, dedupe_key) where dedupe_key is not null;
    create index shipment_events_timeline_idx on shipment_events (shipment_id, occurred_at);
  `.execute(db);
}

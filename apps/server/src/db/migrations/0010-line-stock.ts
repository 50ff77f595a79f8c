import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Stock of a line's SKU as the shop last reported it (available to sell, net of the shop's
    -- unfulfilled orders, so negative while oversold), and when; null where the shop has no stock.
    alter table order_lines add column stock_available integer;
    alter table order_lines add column stock_checked_at timestamptz;
    -- The restock job looks up what waits for stock per shop and SKU.
    create index order_lines_sku_idx on order_lines (sku);
    -- Whether a backorder waits for stock the shop did not have when it was made. Only those are
    -- released automatically when stock arrives; an item held back for another reason stays put
    -- until someone releases it.
    alter table backorders add column awaiting_stock boolean not null default false;
  `.execute(db);
}

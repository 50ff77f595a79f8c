import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The status tabs under a date filter are counted now, over the orders placed in that range:
    -- with the status, shop and country in the list index, that count reads the index alone
    -- (about 3,000 entries for a month of the largest benchmark merchant: 0.6 ms instead of
    -- 6.8 ms through orders_status_idx, which had to skip through every status of the merchant).
    create index orders_list_covering_idx on orders (merchant_id, placed_at desc, id desc) include (fulfilment_status, integration_id, country);
    drop index orders_list_idx;
    alter index orders_list_covering_idx rename to orders_list_idx;
  `.execute(db);
}

/**
 * The data generator: N merchants' worth of orders, lines and shipments with realistic
 * distributions, loaded fast. Rows are generated inside the database with set-based
 * `INSERT … SELECT generate_series(…)` statements (one statement per table, no row travels over
 * the wire), which is faster than COPY or multi-row inserts from the client on both PGlite and
 * PostgreSQL; the same statements run on both.
 *
 * Shapes, all seeded:
 * - merchants: sizes follow Zipf (the largest holds about a third of the orders at 10 merchants);
 * - orders: placed over the last year, newest first by `placed_at`; countries mostly NL/DE/BE;
 *   2% cancelled;
 * - lines per order: 1 + a geometric number, averaging `lines / orders` (40% single-line at 2.5);
 * - shipments: 0 to 4 per order (never more than its lines), each line wholly in one shipment;
 *   orders older than the newest 10% are shipped, the newest are open, labelled or part shipped;
 * - fulfilment status, item and shipment counts are derived from the rows, as the server keeps them.
 */
import { sql } from 'kysely';
import type { Db } from '../apps/server/src/db/database';
import { hashPassword } from '../apps/server/src/security/passwords';
import { nowMs } from './lib';

export interface GenerateOptions {
  orders: number;
  /** Target number of order lines (the average per order is what is kept). */
  lines: number;
  /** Target number of shipments (approximate: at most one per line). */
  shipments: number;
  merchants: number;
  /** Seed of PostgreSQL's random(); the same seed gives the same data. */
  seed?: number;
}

export interface GeneratedMerchant {
  id: string;
  integrationId: string;
  email: string;
  password: string;
  orders: number;
}

export interface Generated {
  merchants: GeneratedMerchant[];
  counts: { orders: number; lines: number; shipments: number; shipmentLines: number };
  loadMs: number;
}

export const BENCH_PASSWORD = 'bench-password-1';
const NEWEST = '2026-11-20T12:00:00Z';

export const DEFAULT_SIZES = { orders: 100_000, lines: 250_000, shipments: 150_000 };

export async function generateData(db: Db, options: GenerateOptions): Promise<Generated> {
  const started = nowMs();
  const m = Math.max(1, Math.floor(options.merchants));
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const merchants: GeneratedMerchant[] = [];
  for (let i = 1; i <= m; i++) {
    const merchant = await db.insertInto('merchants').values({ name: `Bench merchant ${i}` }).returning('id').executeTakeFirstOrThrow();
    const email = `bench-owner-${i}-${merchant.id.slice(0, 8)}@shipdesk.test`;
    await db.insertInto('users').values({ merchant_id: merchant.id, email, name: `Bench owner ${i}`, role: 'owner', password_hash: passwordHash }).execute();
    const shop = await db
      .insertInto('integrations')
      .values({ merchant_id: merchant.id, platform: 'shopify', name: `Bench shop ${i}`, base_url: 'http://127.0.0.1:9/shopify/bench', processing_mode: 'shipment_level' })
      .returning('id')
      .executeTakeFirstOrThrow();
    merchants.push({ id: merchant.id, integrationId: shop.id, email, password: BENCH_PASSWORD, orders: 0 });
  }
  // Zipf shares, as cumulative thresholds in (0, 1].
  const weights = merchants.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  const thresholds = weights.map((w) => (acc += w / total));
  thresholds[thresholds.length - 1] = 1;

  const meanLines = Math.max(1, options.lines / Math.max(1, options.orders));
  // 1 + floor(Exp(k)) has mean 1 + 1/(e^(1/k) − 1): pick k for the wanted average.
  const k = meanLines > 1.0001 ? 1 / Math.log(1 + 1 / (meanLines - 1)) : 0.0001;
  // Shipments: 1 + floor(u · min(lines, 4)) for the orders that have any; expected ≈ 1.59 at 2.5 lines.
  const perOrderWithAny = expectedShipments(meanLines);
  // 2% of orders are cancelled and have none.
  const withAny = Math.min(1, options.shipments / Math.max(1, options.orders) / perOrderWithAny / 0.98);
  const seed = options.seed ?? 0.42;

  const tag = merchants[0]!.id.slice(0, 8);
  const plan = sql.table(`bench_plan_${tag}`);
  const mids = sql.raw(`array[${merchants.map((x) => `'${x.id}'::uuid`).join(',')}]`);
  const sids = sql.raw(`array[${merchants.map((x) => `'${x.integrationId}'::uuid`).join(',')}]`);
  const cuts = sql.raw(`array[${thresholds.map((t) => t.toFixed(6)).join(',')}]::float8[]`);

  await db.transaction().execute(async (trx) => {
    await sql`select setseed(${sql.lit(seed)})`.execute(trx);
    await sql`
      create unlogged table ${plan} as
      select g,
        overlay(overlay(md5('o' || g || ${sql.lit(tag)}) placing '4' from 13) placing 'a' from 17)::uuid as order_id,
        (select min(i) from unnest(${cuts}) with ordinality t(c, i) where c >= r.m)::int as mi,
        least(40, 1 + floor(-ln(1 - r.l) * ${sql.lit(k)}))::int as n_lines,
        r.s < ${sql.lit(withAny)} as has_shipments, r.s2 as s2, r.c as c, r.x as x,
        ${sql.lit(NEWEST)}::timestamptz - (g * (interval '365 days' / ${sql.lit(Math.floor(options.orders))})) - (r.j * interval '3 minutes') as placed_at
      from generate_series(1, ${sql.lit(Math.floor(options.orders))}) g,
        lateral (select random() as m, random() as l, random() as s, random() as s2, random() as c, random() as x, random() as j, g as gg) r`.execute(trx);
  });
  await sql`
    insert into orders (id, merchant_id, integration_id, external_id, number, customer_name, customer_email, shipping_address, country, placed_at, cancelled, fulfilment_status, item_count)
    select p.order_id, (${mids})[p.mi], (${sids})[p.mi], 'gid://shopify/Order/' || p.g, '#' || (100000 + p.g),
      n.first || ' ' || n.last, lower(n.first) || '.' || p.g || '@example.com',
      jsonb_build_object('name', n.first || ' ' || n.last, 'street', 'Keizersgracht ' || (1 + p.g % 300), 'postalCode', '1015 CR', 'city', n.city, 'country', n.country),
      n.country, p.placed_at, p.x < 0.02, 'unfulfilled', 0
    from ${plan} p,
      lateral (select
        (array['Sanne','Lukas','Emma','Noah','Olivia','Daan','Mia','Liam','Julia','Ethan','Fenna','Milan'])[1 + (p.g * 7) % 12] as first,
        (array['de Vries','Becker','Janssens','Martin','Smith','Bakker','Rossi','Murphy','Nowak','Brown','Visser','Jansen'])[1 + (p.g * 13) % 12] as last,
        case when p.c < 0.45 then 'NL' when p.c < 0.65 then 'DE' when p.c < 0.77 then 'BE' when p.c < 0.85 then 'FR' when p.c < 0.9 then 'GB' when p.c < 0.94 then 'US' when p.c < 0.97 then 'IT' else 'PL' end as country,
        (array['Amsterdam','Berlin','Antwerpen','Paris','London','Utrecht','Roma','Dublin','Kraków','New York'])[1 + (p.g * 3) % 10] as city) n`.execute(db);
  await sql`
    insert into order_lines (id, order_id, external_id, position, sku, name, quantity, unit_price_cents, unit_weight_grams, hs_code, origin_country)
    select overlay(overlay(md5('l' || p.g || '.' || i || ${tag}) placing '4' from 13) placing 'a' from 17)::uuid, p.order_id, 'gid://shopify/LineItem/' || p.g || '-' || i, i,
      'SKU-' || lpad(((p.g * 31 + i * 17) % 2000)::text, 4, '0'), 'Product ' || ((p.g * 31 + i * 17) % 2000),
      1 + ((p.g + i) % 7 = 0)::int + ((p.g * i) % 11 = 0)::int * 2,
      500 + ((p.g * 31 + i * 17) % 2000) * 3, 50 + ((p.g * 31 + i * 17) % 2000) % 900, '6109100010', 'PT'
    from ${plan} p, generate_series(1, p.n_lines) i`.execute(db);
  // Shipments: `n` per order; shipment j holds the lines whose position ≡ j (mod n).
  await sql`
    insert into shipments (id, merchant_id, order_id, number, status, tracking_code, carrier, shipped_at, sync_status, synced_at, created_at, updated_at)
    select overlay(overlay(md5('s' || p.g || '.' || j || ${tag}) placing '4' from 13) placing 'a' from 17)::uuid, (${mids})[p.mi], p.order_id, j, st.status,
      case when st.status in ('labelled', 'shipped') then '3SBNCH' || lpad((p.g * 10 + j)::text, 10, '0') end,
      case when st.status = 'open' then null when (p.g + j) % 5 < 3 then 'postnl' else 'dhl' end,
      case when st.status = 'shipped' then p.placed_at + interval '1 day' end,
      case when st.status <> 'shipped' then 'not_synced' when (p.g + j) % 50 = 0 then 'failed' when (p.g + j) % 40 = 1 then 'pending' else 'synced' end,
      case when st.status = 'shipped' then p.placed_at + interval '1 day' end,
      p.placed_at + (j * interval '1 hour'), p.placed_at + (j * interval '1 hour')
    from ${plan} p,
      generate_series(1, least(p.n_lines, 1 + floor(p.s2 * least(p.n_lines, 4))::int)) j,
      lateral (select case
        when p.g > ${Math.ceil(options.orders * 0.1)}::int then case when (p.g + j) % 33 = 0 then 'cancelled' else 'shipped' end
        when (p.g + j) % 10 < 5 then 'open' when (p.g + j) % 10 < 7 then 'labelled' else 'shipped' end as status) st
    where p.has_shipments and p.x >= 0.02`.execute(db);
  await sql`
    insert into shipment_lines (shipment_id, order_line_id, quantity)
    select s.id, l.id, l.quantity
    from shipments s
    join ${plan} p on p.order_id = s.order_id
    join order_lines l on l.order_id = s.order_id
      and (l.position - 1) % least(p.n_lines, 1 + floor(p.s2 * least(p.n_lines, 4))::int) = s.number - 1
    where s.merchant_id = any(${mids})`.execute(db);
  // Derived columns, as the server keeps them.
  await sql`
    update orders o set
      item_count = x.items,
      shipment_count = x.shipments,
      fulfilment_status = case
        when o.cancelled then 'cancelled'
        when x.shipments = 0 then 'unfulfilled'
        when x.shipped = x.shipments then 'fulfilled'
        when x.shipped > 0 then 'partially_shipped'
        else 'unfulfilled' end
    from (
      select p.order_id,
        (select coalesce(sum(quantity), 0) from order_lines l where l.order_id = p.order_id)::int as items,
        (select count(*) from shipments s where s.order_id = p.order_id and s.status <> 'cancelled')::int as shipments,
        (select count(*) from shipments s where s.order_id = p.order_id and s.status = 'shipped')::int as shipped
      from ${plan} p) x
    where o.id = x.order_id`.execute(db);
  const perMerchant = await sql<{ mi: number; n: number }>`select mi, count(*)::int as n from ${plan} group by mi`.execute(db);
  for (const row of perMerchant.rows) merchants[row.mi - 1]!.orders = Number(row.n);
  await sql`drop table ${plan}`.execute(db);
  // As autovacuum leaves a table some time after a bulk load: statistics, and a visibility map for index-only scans.
  await sql`vacuum analyze`.execute(db);
  // And the bulk load's pages written out now, not by a checkpoint in the middle of a measured run
  // (durability is on: a checkpoint's writes slow every commit's flush while it lasts).
  await sql`checkpoint`.execute(db);

  const count = async (table: 'orders' | 'order_lines' | 'shipments' | 'shipment_lines') =>
    Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
  return {
    merchants,
    counts: { orders: await count('orders'), lines: await count('order_lines'), shipments: await count('shipments'), shipmentLines: await count('shipment_lines') },
    loadMs: nowMs() - started,
  };
}

function expectedShipments(meanLines: number): number {
  // E[1 + floor(u · min(n, 4))] over the line-count distribution, estimated by simulation.
  const k = meanLines > 1.0001 ? 1 / Math.log(1 + 1 / (meanLines - 1)) : 0.0001;
  let sum = 0;
  const samples = 20_000;
  for (let i = 0; i < samples; i++) {
    const u = (i + 0.5) / samples;
    const n = Math.min(40, 1 + Math.floor(-Math.log(1 - u) * k));
    const cap = Math.min(n, 4);
    sum += (cap + 1) / 2; // the mean of 1 + floor(v · cap) for v uniform in [0, 1)
  }
  return sum / samples;
}

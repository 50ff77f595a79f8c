/**
 * Orders overview paging at N orders (the first benchmark, kept): one page through the BFF's
 * keyset (cursor) query deep in the list against the same page fetched with OFFSET, the deep page
 * against the first, and the status-tab counts against one plain count(*). In-process, medians.
 */
import { sql } from 'kysely';
import { openDatabase } from '../apps/server/src/db/database';
import { orderPage, statusCounts } from '../apps/server/src/use-cases/list-orders';
import { keptOrderCounts } from '../apps/server/src/use-cases/status-counts';
import { log, median, time, type DbKind, type Figure } from './lib';

export interface PagingOptions {
  db: DbKind;
  databaseUrl?: string;
  orders: number;
  rounds?: number;
}

const PAGE = 50;

export async function benchPaging(options: PagingOptions): Promise<Figure[]> {
  const rounds = options.rounds ?? 30;
  const { db, close } = await openDatabase({ url: options.databaseUrl });
  try {
    log(`paging/${options.db}: seeding ${options.orders.toLocaleString('en')} orders…`);
    const merchant = await db.insertInto('merchants').values({ name: 'Paging bench' }).returning('id').executeTakeFirstOrThrow();
    const shop = await db
      .insertInto('integrations')
      .values({ merchant_id: merchant.id, platform: 'shopify', name: 'Paging bench shop', base_url: 'http://127.0.0.1:9', processing_mode: 'shipment_level' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`
      insert into orders (merchant_id, integration_id, external_id, number, customer_name, customer_email, shipping_address, country, placed_at, fulfilment_status, item_count)
      select ${merchant.id}, ${shop.id}, 'o' || g, '#' || (100000 + g), 'Customer ' || g, 'c' || g || '@example.com',
        jsonb_build_object('name', 'Customer ' || g, 'street', 'Street 1', 'postalCode', '1000 AA', 'city', 'Amsterdam', 'country', 'NL'),
        'NL', timestamptz '2026-01-01' + (g * interval '5 minutes'),
        (array['unfulfilled','partially_shipped','awaiting_stock','fulfilled','cancelled'])[1 + g % 5], 1 + g % 4
      from generate_series(1, ${options.orders}::int) g`.execute(db);
    await sql`analyze orders`.execute(db);

    const depth = Math.floor(options.orders / 2);
    const anchor = await db
      .selectFrom('orders')
      .select(['placed_at', 'id'])
      .where('merchant_id', '=', merchant.id)
      .orderBy('placed_at', 'desc')
      .orderBy('id', 'desc')
      .offset(depth - 1)
      .limit(1)
      .executeTakeFirstOrThrow();
    const cursor = Buffer.from(JSON.stringify([anchor.placed_at.toISOString(), anchor.id])).toString('base64url');

    const countsTimes: number[] = [];
    const countAllTimes: number[] = [];
    const keptTimes: number[] = [];
    const keysetDeep: number[] = [];
    const keysetFirst: number[] = [];
    const offsetDeep: number[] = [];
    for (let i = 0; i < rounds; i++) {
      let check: string[] = [];
      let baseline: string[] = [];
      keysetFirst.push(await time(() => orderPage(db, merchant.id, { limit: PAGE, sort: 'newest' })));
      keysetDeep.push(
        await time(async () => {
          check = (await orderPage(db, merchant.id, { limit: PAGE, cursor, sort: 'newest' })).items.map((o) => o.id);
        }),
      );
      offsetDeep.push(
        await time(async () => {
          const rows = await db
            .selectFrom('orders')
            .innerJoin('integrations', 'integrations.id', 'orders.integration_id')
            .select(['orders.id', 'orders.number', 'orders.placed_at'])
            .where('orders.merchant_id', '=', merchant.id)
            .orderBy('orders.placed_at', 'desc')
            .orderBy('orders.id', 'desc')
            .offset(depth)
            .limit(PAGE)
            .execute();
          baseline = rows.map((r) => r.id);
        }),
      );
      let live: unknown;
      let kept: unknown;
      countsTimes.push(
        await time(async () => {
          live = await statusCounts(db, merchant.id);
        }),
      );
      keptTimes.push(
        await time(async () => {
          kept = await keptOrderCounts(db, merchant.id, {});
        }),
      );
      if (JSON.stringify(live) !== JSON.stringify(kept)) throw new Error(`The running counts ${JSON.stringify(kept)} differ from counting now ${JSON.stringify(live)}.`);
      countAllTimes.push(await time(() => db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).where('merchant_id', '=', merchant.id).execute()));
      if (JSON.stringify(baseline) !== JSON.stringify(check)) throw new Error('Keyset and OFFSET pages differ: the benchmark compares different work.');
    }
    const deep = median(keysetDeep);
    const first = median(keysetFirst);
    const offset = median(offsetDeep);
    const counts = median(countsTimes);
    const countAll = median(countAllTimes);
    const keptCounts = median(keptTimes);
    return [
      {
        bench: 'paging',
        db: options.db,
        what: `orders page of ${PAGE} at order ${depth.toLocaleString('en')} (keyset cursor)`,
        value: deep,
        unit: 'ms',
        baseline: { what: 'same page by OFFSET', value: offset, unit: 'ms' },
        ratio: deep / offset,
        target: null,
      },
      {
        bench: 'paging',
        db: options.db,
        what: 'deep page vs first page (keyset: depth should not matter)',
        value: deep,
        unit: 'ms',
        baseline: { what: 'first page', value: first, unit: 'ms' },
        ratio: deep / first,
        target: null,
      },
      {
        bench: 'paging',
        db: options.db,
        what: 'status tab counts (grouped count over the merchant’s orders)',
        value: counts,
        unit: 'ms',
        baseline: { what: 'one plain count(*)', value: countAll, unit: 'ms' },
        ratio: counts / countAll,
        target: null,
      },
      {
        bench: 'paging',
        db: options.db,
        what: 'status tab counts from the running counts (what a first page now reads)',
        value: keptCounts,
        unit: 'ms',
        baseline: { what: 'grouped count over the orders', value: counts, unit: 'ms' },
        ratio: keptCounts / counts,
        target: null,
      },
    ];
  } finally {
    await close();
  }
}

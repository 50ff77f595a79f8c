/**
 * Import: N orders from the sandbox Shopify through the real connector and import use case
 * (importShopOrders: page by page over the GraphQL Admin API, then into the database), against the
 * floor set by Shopify's pagination and rate limit: the requests the import had to send (as many
 * pages as the single-query cost limit allows), replayed through the leaky bucket with zero
 * latency and zero database time — the time the bucket alone makes it take.
 */
import { demoOrders, shopifySandbox, startSandbox } from '@shipdesk/sandbox';
import { openDatabase } from '../apps/server/src/db/database';
import { importShopOrders } from '../apps/server/src/use-cases/import-shop-orders';
import { log, nowMs, type DbKind, type Figure } from './lib';
import { benchMerchant, benchServices } from './setup';
import type { ShopifyPlan } from './sync-back';

export interface ImportOptions {
  db: DbKind;
  databaseUrl?: string;
  orders: number;
  plan: ShopifyPlan;
}

const TOKEN = 'shpat_bench';

/**
 * Seconds the requests take through a leaky bucket of `max` points restoring `rate` per second,
 * starting full: each needs its requested cost available before it runs, and is charged its
 * actual cost (the difference is refunded at once).
 */
export function bucketFloorSeconds(requests: { requested: number; actual: number }[], max: number, rate: number): number {
  let available = max;
  let t = 0;
  for (const r of requests) {
    if (available < r.requested) {
      const wait = (r.requested - available) / rate;
      t += wait;
      available = r.requested;
    }
    available -= r.actual;
  }
  return t;
}

export async function benchImport(options: ImportOptions): Promise<Figure[]> {
  const shopify = shopifySandbox({ accessToken: TOKEN, shops: { bench: demoOrders('SHP', options.orders, 7) }, bucket: { maximumAvailable: options.plan.maximumAvailable, restoreRate: options.plan.restoreRate } });
  const sandbox = await startSandbox([shopify]);
  const database = await openDatabase({ url: options.databaseUrl });
  const db = database.db;
  const services = benchServices();
  try {
    const { integrationId, merchantId } = await benchMerchant(db, services, {
      name: 'Import bench shop',
      baseUrl: `${sandbox.baseUrl('shopify')}/bench`,
      credentials: { accessToken: TOKEN, webhookSecret: 'shpss_bench' },
    });
    shopify.state.requests.length = 0;
    log(`import/${options.db}: importing ${options.orders.toLocaleString('en')} orders from sandbox Shopify (${options.plan.name} bucket)…`);
    const started = nowMs();
    const result = await importShopOrders(db, services, { integrationId });
    const elapsedS = (nowMs() - started) / 1000;
    const imported = Number(
      (await db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('merchant_id', '=', merchantId).executeTakeFirstOrThrow()).n,
    );
    const requests = shopify.state.requests.filter((r) => r.status === 200 && !r.throttled && r.requestedQueryCost !== null);
    const throttled = shopify.state.requests.filter((r) => r.throttled).length;
    const pages = requests.filter((r) => r.operationName === 'ShipdeskListOrders');
    const floorS = bucketFloorSeconds(
      requests.map((r) => ({ requested: r.requestedQueryCost ?? 0, actual: r.actualQueryCost ?? r.requestedQueryCost ?? 0 })),
      options.plan.maximumAvailable,
      options.plan.restoreRate,
    );
    const pageSize = Number(pages[0]?.variables.first ?? 0);
    const points = requests.reduce((n, r) => n + (r.actualQueryCost ?? 0), 0);
    log(
      `import/${options.db}: ${imported} orders (${result.created} created) in ${elapsedS.toFixed(1)} s; ${pages.length} pages of ${pageSize}, ${requests.length} requests, ${points} points, floor ${floorS.toFixed(1)} s, ${throttled} throttled`,
    );
    if (imported !== options.orders) throw new Error(`Imported ${imported} of ${options.orders} orders`);
    return [
      {
        bench: 'import',
        db: options.db,
        what: `import ${imported.toLocaleString('en')} orders from sandbox Shopify (${options.plan.name} bucket), wall time`,
        value: elapsedS,
        unit: 's',
        baseline: { what: 'floor: the same requests through the bucket alone', value: floorS, unit: 's' },
        ratio: floorS > 0 ? elapsedS / floorS : null,
        target: null,
        note: `${pages.length} pages of ${pageSize} orders (page size capped by the 1,000-point single-query limit at a requested ${pages[0]?.requestedQueryCost ?? '?'} points/page), ${points.toLocaleString('en')} points charged, ${throttled} throttled; ${((imported / elapsedS) || 0).toFixed(0)} orders/s`,
      },
    ];
  } finally {
    await sandbox.close();
    await database.close();
  }
}

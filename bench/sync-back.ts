/**
 * Sync-back: N tracking updates pushed to the sandbox Shopify through the real outbox (one
 * sync-shipment job per shipment, run by the server's job worker and the Shopify connector), with
 * the shop's cost bucket enforced. Each update is one `fulfillmentTrackingInfoUpdate` mutation.
 *
 * The bucket starts empty, so the whole run is paced by its restore rate: the ceiling is
 * restoreRate / cost-per-update updates per second (cost as the sandbox charged it). Figure:
 * the rate achieved as a fraction of that ceiling, and the number of THROTTLED answers.
 */
import { shopifyGid, shopifySandbox, startSandbox, type DemoOrder } from '@shipdesk/sandbox';
import { openDatabase } from '../apps/server/src/db/database';
import { createWorker } from '../apps/server/src/jobs/handlers';
import { SYNC_JOB } from '../apps/server/src/use-cases/sync-shipment';
import { log, nowMs, until, type DbKind, type Figure } from './lib';
import { benchMerchant, benchServices, insertChunked } from './setup';

export interface ShopifyPlan {
  name: string;
  maximumAvailable: number;
  restoreRate: number;
}

/** Shopify's GraphQL Admin API buckets per plan (points, points per second). */
export const SHOPIFY_PLANS: Record<string, ShopifyPlan> = {
  standard: { name: 'Standard', maximumAvailable: 2_000, restoreRate: 100 },
  advanced: { name: 'Advanced', maximumAvailable: 4_000, restoreRate: 200 },
  plus: { name: 'Plus', maximumAvailable: 20_000, restoreRate: 1_000 },
};

export interface SyncBackOptions {
  db: DbKind;
  databaseUrl?: string;
  updates: number;
  plan: ShopifyPlan;
}

const TOKEN = 'shpat_bench';

function shopOrders(count: number): DemoOrder[] {
  const placed = Date.parse('2026-11-01T00:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const externalId = `BN-${100000 + i}`;
    const lines = Array.from({ length: 1 + (i % 3) }, (_, l) => ({
      externalId: `${externalId}-L${l + 1}`,
      sku: `SKU-${(i * 7 + l) % 500}`,
      name: `Product ${(i * 7 + l) % 500}`,
      quantity: 1 + (l % 2),
      priceCents: 1500,
      weightGrams: 300,
      hsCode: '6109100010',
      originCountry: 'PT',
    }));
    return {
      externalId,
      number: `#${5001 + i}`,
      placedAt: new Date(placed + i * 60_000).toISOString(),
      customer: { name: 'Sanne de Vries', email: `sanne${i}@example.com` },
      shippingAddress: { name: 'Sanne de Vries', street: 'Keizersgracht 12', postalCode: '1015 CR', city: 'Amsterdam', country: 'NL' },
      lines,
      fulfillments: [{ externalId: `${externalId}-F1`, trackingCode: `OLD${String(i).padStart(9, '0')}`, lines: lines.map((l) => ({ lineExternalId: l.externalId, quantity: l.quantity })) }],
    };
  });
}

export async function benchSyncBack(options: SyncBackOptions): Promise<Figure[]> {
  const shopify = shopifySandbox({ accessToken: TOKEN, shops: { bench: shopOrders(options.updates) }, bucket: { maximumAvailable: options.plan.maximumAvailable, restoreRate: options.plan.restoreRate } });
  const sandbox = await startSandbox([shopify]);
  const database = await openDatabase({ url: options.databaseUrl });
  const db = database.db;
  const services = benchServices();
  const worker = createWorker(db, services, { pollMs: 20, batch: 50, baseBackoffMs: 200 });
  try {
    const { merchantId, integrationId } = await benchMerchant(db, services, {
      name: 'Sync-back bench shop',
      baseUrl: `${sandbox.baseUrl('shopify')}/bench`,
      credentials: { accessToken: TOKEN, webhookSecret: 'shpss_bench' },
    });
    // Shipdesk's side: every shop order imported, with its one shipment shipped under a new tracking code.
    const shop = shopify.state.shop('bench');
    const records = [...shop.orders.values()];
    const orderRows = records.map((o) => ({
      merchant_id: merchantId,
      integration_id: integrationId,
      external_id: shopifyGid('Order', o.id),
      number: o.name,
      customer_name: 'Sanne de Vries',
      customer_email: o.email,
      shipping_address: { name: 'Sanne de Vries', street: 'Keizersgracht 12', postalCode: '1015 CR', city: 'Amsterdam', country: 'NL' },
      country: 'NL',
      placed_at: new Date(o.createdAt),
      fulfilment_status: 'fulfilled' as const,
      item_count: o.lineItems.reduce((n, l) => n + l.quantity, 0),
      shipment_count: 1,
    }));
    await insertChunked(db, 'orders', orderRows);
    const orderIds = new Map((await db.selectFrom('orders').select(['id', 'external_id']).where('merchant_id', '=', merchantId).execute()).map((r) => [r.external_id, r.id]));
    await insertChunked(
      db,
      'order_lines',
      records.flatMap((o) =>
        o.lineItems.map((l, position) => ({
          order_id: orderIds.get(shopifyGid('Order', o.id))!,
          external_id: shopifyGid('LineItem', l.id),
          position: position + 1,
          sku: l.product.sku,
          name: l.name,
          quantity: l.quantity,
          unit_price_cents: l.priceCents,
          unit_weight_grams: 300,
        })),
      ),
    );
    await insertChunked(
      db,
      'shipments',
      records.map((o, i) => ({
        merchant_id: merchantId,
        order_id: orderIds.get(shopifyGid('Order', o.id))!,
        number: 1,
        status: 'shipped' as const,
        tracking_code: `3SBENCH${String(i).padStart(9, '0')}`,
        carrier: 'PostNL',
        external_id: shopifyGid('Fulfillment', o.fulfillmentIds[0]!),
        shipped_at: new Date(),
        sync_status: 'pending' as const,
      })),
    );
    const lines = await db.selectFrom('order_lines').innerJoin('orders', 'orders.id', 'order_lines.order_id').select(['order_lines.id', 'order_lines.order_id', 'order_lines.quantity']).where('orders.merchant_id', '=', merchantId).execute();
    const shipments = await db.selectFrom('shipments').select(['id', 'order_id']).where('merchant_id', '=', merchantId).execute();
    const shipmentOf = new Map(shipments.map((s) => [s.order_id, s.id]));
    await insertChunked(
      db,
      'shipment_lines',
      lines.map((l) => ({ shipment_id: shipmentOf.get(l.order_id)!, order_line_id: l.id, quantity: l.quantity })),
    );
    // The outbox: one sync job per shipment, as shipping a shipment writes it.
    await insertChunked(
      db,
      'jobs',
      shipments.map((s) => ({ kind: SYNC_JOB, payload: { shipmentId: s.id }, dedupe_key: `sync:${s.id}`, locked_until: null, last_error: null, finished_at: null })),
    );

    shopify.state.requests.length = 0;
    shopify.state.bucket('bench').set(0);
    log(`sync-back/${options.db}: pushing ${options.updates} tracking updates on a ${options.plan.name} bucket (${options.plan.restoreRate} points/s, starting empty)…`);
    const started = nowMs();
    worker.start();
    const pending = async () =>
      Number(
        (
          await db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('kind', '=', SYNC_JOB)
            .where('status', 'in', ['pending', 'running'])
            .executeTakeFirstOrThrow()
        ).n,
      );
    await until(async () => (await pending()) === 0, Math.max(120_000, (options.updates / (options.plan.restoreRate / 10)) * 4000), 'the sync jobs', 100);
    const elapsedMs = nowMs() - started;
    await worker.stop();

    const requests = shopify.state.requests;
    const throttled = requests.filter((r) => r.throttled).length;
    const mutations = requests.filter((r) => r.operationName === 'ShipdeskTrackingUpdate' && !r.throttled && r.status === 200);
    const costPerUpdate = mutations[0]?.requestedQueryCost ?? 10;
    const synced = Number(
      (await db.selectFrom('shipments').select((eb) => eb.fn.countAll<number>().as('n')).where('merchant_id', '=', merchantId).where('sync_status', '=', 'synced').executeTakeFirstOrThrow()).n,
    );
    const failedJobs = Number((await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', SYNC_JOB).where('status', '=', 'failed').executeTakeFirstOrThrow()).n);
    // Spot check that the shop has the new tracking numbers.
    const sample = records[Math.floor(records.length / 2)]!;
    const inShop = shop.fulfillments.get(sample.fulfillmentIds[0]!)!.tracking.map((t) => t.number);
    if (!inShop.some((n) => n?.startsWith('3SBENCH'))) throw new Error(`The sandbox shop did not get the new tracking number (it has ${inShop.join(', ')})`);

    const achieved = (synced / elapsedMs) * 1000;
    const ceiling = options.plan.restoreRate / costPerUpdate;
    const fraction = achieved / ceiling;
    log(`sync-back/${options.db}: ${synced} synced in ${(elapsedMs / 1000).toFixed(1)} s = ${achieved.toFixed(1)}/s of a ${ceiling.toFixed(1)}/s ceiling (${(fraction * 100).toFixed(1)}%), ${throttled} throttled, ${failedJobs} failed`);
    return [
      {
        bench: 'sync-back',
        db: options.db,
        what: `${synced.toLocaleString('en')} tracking updates to sandbox Shopify (${options.plan.name} bucket), rate`,
        value: achieved,
        unit: 'updates/s',
        baseline: { what: `bucket ceiling (${options.plan.restoreRate} pts/s ÷ ${costPerUpdate} pts)`, value: ceiling, unit: 'updates/s' },
        ratio: fraction,
        target: { text: '≥ 0.90 of ceiling', met: fraction >= 0.9 && synced === options.updates },
        note: `${(elapsedMs / 1000).toFixed(1)} s for ${synced}/${options.updates}; ${failedJobs} jobs failed`,
      },
      {
        bench: 'sync-back',
        db: options.db,
        what: 'THROTTLED answers during the sync-back',
        value: throttled,
        unit: 'requests',
        baseline: { what: 'requests sent', value: requests.length, unit: 'requests' },
        ratio: requests.length > 0 ? throttled / requests.length : null,
        target: { text: '0', met: throttled === 0 },
      },
    ];
  } finally {
    await worker.stop();
    await sandbox.close();
    await database.close();
  }
}

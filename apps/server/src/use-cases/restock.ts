import type { Kysely } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { connectorForIntegration, shopErrorMessage, type ShopServices } from '../integrations/shop-context';
import { enqueue } from '../jobs/queue';
import { releaseBackorder } from './backorders';

export const RESTOCK_JOB = 'restock';

/** How often a release is tried again when the order changed under it (someone saved a split). */
const STALE_RETRIES = 3;

/** Queues a stock check of one shop's backorders; one waits at a time per shop. */
export function enqueueRestock(db: Kysely<Database>, integrationId: string) {
  return enqueue(db, { kind: RESTOCK_JOB, payload: { integrationId }, dedupeKey: `restock:${integrationId}` });
}

/** Whether anything of a shop's (not cancelled) orders waits on backorder for stock. */
export async function hasBackorders(db: Kysely<Database>, integrationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('backorders')
    .innerJoin('orders', 'orders.id', 'backorders.order_id')
    .select('backorders.order_line_id')
    .where('orders.integration_id', '=', integrationId)
    .where('orders.cancelled', '=', false)
    .where('backorders.awaiting_stock', '=', true)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface RestockResult {
  /** SKUs whose stock was asked of the shop. */
  checked: string[];
  /** Orders with backordered lines released into a new shipment. */
  released: { orderId: string; merchantId: string; lineIds: string[] }[];
}

/**
 * Stock may have arrived in a shop: asks it for the stock of every SKU on backorder there for want
 * of stock, records it on the lines, and releases those backorders the stock now covers into a new
 * open shipment each — oldest backorder first, consuming the stock as it goes, whole lines only.
 * Items held back while the shop had them (someone's choice, not a shortage) stay until released by hand.
 *
 * The shop's number is its available quantity, which already has every unfulfilled order taken
 * off — the backordered ones included, since the shop holds them. So what the shop has for the
 * backorders of a SKU is that number plus everything of the SKU that waits on backorder here
 * (other open orders keep their claim). A backorder that does not fit stops the SKU, so younger
 * ones never overtake it. Running it again (a second webhook) releases nothing more: each release
 * takes its quantity off the backorder and so off what is left for the rest.
 */
export async function restock(db: Db, services: ShopServices, integrationId: string): Promise<RestockResult> {
  const none: RestockResult = { checked: [], released: [] };
  const found = await connectorForIntegration(db, services, integrationId);
  const connector = found?.connector;
  if (!found || !connector?.getStock || found.integration.status !== 'active') return none;

  const waiting = await db
    .selectFrom('backorders')
    .innerJoin('order_lines', 'order_lines.id', 'backorders.order_line_id')
    .innerJoin('orders', 'orders.id', 'backorders.order_id')
    .select(['orders.id as order_id', 'orders.merchant_id', 'order_lines.id as line_id', 'order_lines.sku', 'backorders.quantity'])
    .where('orders.integration_id', '=', integrationId)
    .where('orders.cancelled', '=', false)
    .where('backorders.awaiting_stock', '=', true)
    .where('order_lines.sku', '!=', '')
    .orderBy('backorders.created_at')
    .orderBy('orders.placed_at')
    .orderBy('order_lines.position')
    .execute();
  if (waiting.length === 0) return none;
  const skus = [...new Set(waiting.map((w) => w.sku))];

  let stock: Map<string, number>;
  try {
    stock = await connector.getStock(skus);
  } catch (error) {
    await db.updateTable('integrations').set({ last_error: `Stock check failed: ${shopErrorMessage(error)}`, updated_at: new Date() }).where('id', '=', integrationId).execute();
    throw error;
  }

  // Record it on the lines of the shop's orders that are still in progress.
  const checkedAt = new Date();
  for (const [sku, available] of stock) {
    await db
      .updateTable('order_lines')
      .set({ stock_available: available, stock_checked_at: checkedAt })
      .where('sku', '=', sku)
      .where('order_id', 'in', (eb) =>
        eb.selectFrom('orders').select('id').where('integration_id', '=', integrationId).where('fulfilment_status', 'not in', ['fulfilled', 'cancelled']),
      )
      .execute();
  }

  // What the shop has for the backorders, per SKU: its available quantity plus what waits here.
  const budget = new Map<string, number>();
  for (const w of waiting) if (stock.has(w.sku)) budget.set(w.sku, (budget.get(w.sku) ?? stock.get(w.sku)!) + w.quantity);
  const blocked = new Set<string>();
  const byOrder = new Map<string, { merchantId: string; quantities: Record<string, number> }>();
  for (const w of waiting) {
    if (!budget.has(w.sku) || blocked.has(w.sku)) continue;
    const left = budget.get(w.sku)!;
    if (w.quantity > left) {
      blocked.add(w.sku);
      continue;
    }
    budget.set(w.sku, left - w.quantity);
    const entry = byOrder.get(w.order_id) ?? { merchantId: w.merchant_id, quantities: {} };
    entry.quantities[w.line_id] = w.quantity;
    byOrder.set(w.order_id, entry);
  }

  const released: RestockResult['released'] = [];
  const reported = Object.fromEntries(stock);
  for (const [orderId, { merchantId, quantities }] of byOrder) {
    for (let attempt = 0; attempt <= STALE_RETRIES; attempt++) {
      const result = await releaseBackorder(db, {
        merchantId,
        userId: null,
        orderId,
        lineIds: Object.keys(quantities),
        quantities,
        stockArrived: { stock: reported },
      });
      if (result.kind === 'saved') released.push({ orderId, merchantId, lineIds: Object.keys(quantities) });
      if (result.kind !== 'stale') break;
    }
  }
  return { checked: skus, released };
}

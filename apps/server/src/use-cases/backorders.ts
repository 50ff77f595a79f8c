import type { Db } from '../db/database';
import { enqueue } from '../jobs/queue';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { connectorForIntegration, type ShopServices } from '../integrations/shop-context';
import { fulfilmentStatus, openQuantity } from '@shipdesk/domain';
import { loadOrder } from './get-order';
import { splitOrder, type SplitResult } from './split-order';

export const SHOP_BACKORDER_JOB = 'shop-backorder';

/** Queues bringing the shop's holds in line with the order's backorder (Shopify: fulfillment holds). */
export function enqueueShopBackorder(db: Kysely<Database>, orderId: string) {
  return enqueue(db, { kind: SHOP_BACKORDER_JOB, payload: { orderId }, dedupeKey: `backorder:${orderId}` });
}

export interface BackorderRow {
  orderId: string;
  orderNumber: string;
  shopName: string;
  customerName: string;
  lineId: string;
  sku: string;
  name: string;
  quantity: number;
  since: string;
}

/** What waits for stock: every backordered line of the merchant, oldest first. */
export async function listBackorders(db: Db, merchantId: string): Promise<BackorderRow[]> {
  const rows = await db
    .selectFrom('backorders')
    .innerJoin('order_lines', 'order_lines.id', 'backorders.order_line_id')
    .innerJoin('orders', 'orders.id', 'backorders.order_id')
    .innerJoin('integrations', 'integrations.id', 'orders.integration_id')
    .select([
      'orders.id as order_id',
      'orders.number',
      'orders.customer_name',
      'integrations.name as shop_name',
      'order_lines.id as line_id',
      'order_lines.sku',
      'order_lines.name',
      'backorders.quantity',
      'backorders.created_at',
    ])
    .where('orders.merchant_id', '=', merchantId)
    .orderBy('backorders.created_at')
    .orderBy('order_lines.sku')
    .execute();
  return rows.map((r) => ({
    orderId: r.order_id,
    orderNumber: r.number,
    shopName: r.shop_name,
    customerName: r.customer_name,
    lineId: r.line_id,
    sku: r.sku,
    name: r.name,
    quantity: r.quantity,
    since: r.created_at.toISOString(),
  }));
}

/**
 * Stock arrived: the backordered quantities (of the given lines, or all) leave the backorder and
 * become a new shipment, ready to pack. Saved as a split, with the same version guard.
 *
 * `quantities` (line id → units) releases a line only while exactly that much of it is on
 * backorder — for the restock job, which decided on those numbers. `stockArrived` records on the
 * new shipment's timeline that the shop's stock released it (and what the shop reported).
 */
export async function releaseBackorder(
  db: Db,
  input: {
    merchantId: string;
    /** Null when Shipdesk releases it by itself (the restock job). */
    userId: string | null;
    orderId: string;
    lineIds?: string[];
    quantities?: Record<string, number>;
    stockArrived?: { stock: Record<string, number> };
  },
): Promise<SplitResult | { kind: 'nothing' }> {
  const loaded = await loadOrder(db, input.merchantId, input.orderId);
  if (!loaded) return { kind: 'not_found' };
  const release = loaded.allocation.backorder.filter(
    (b) => (!input.lineIds || input.lineIds.includes(b.lineId)) && (!input.quantities || input.quantities[b.lineId] === b.quantity),
  );
  if (release.length === 0) return { kind: 'nothing' };
  const skus = [...new Set(release.map((b) => loaded.lines.find((l) => l.id === b.lineId)?.sku).filter((s): s is string => !!s))];
  return splitOrder(db, {
    merchantId: input.merchantId,
    userId: input.userId,
    orderId: input.orderId,
    expectedVersion: loaded.order.version,
    ...(input.stockArrived
      ? {
          createdEvent: {
            type: 'backorder_released',
            message: `Released from backorder: stock of ${skus.join(', ')} arrived in the shop`,
            data: { reason: 'stock_arrived', stock: Object.fromEntries(skus.map((sku) => [sku, input.stockArrived!.stock[sku] ?? null])) },
          },
        }
      : {}),
    request: {
      shipments: [
        ...loaded.allocation.shipments.filter((s) => s.status !== 'cancelled').map((s) => ({ key: s.key, lines: s.lines })),
        { key: `released-${Date.now().toString(36)}`, lines: release },
      ],
      backorder: loaded.allocation.backorder.filter((b) => !release.includes(b)),
    },
  });
}

/**
 * Brings the shop in line with the order's backorder, where the platform can hold items: the
 * holds Shipdesk placed are released, and what is on backorder now is held again (reason: out of
 * stock). Running it twice leaves the same holds.
 */
export async function syncShopBackorder(db: Db, services: ShopServices, orderId: string): Promise<void> {
  const order = await db.selectFrom('orders').select(['id', 'merchant_id', 'integration_id', 'external_id']).where('id', '=', orderId).executeTakeFirst();
  if (!order) return;
  const found = await connectorForIntegration(db, services, order.integration_id);
  const connector = found?.connector;
  if (!connector?.capabilities.holdsBackorder || !connector.holdForBackorder || !connector.releaseBackorder) return;
  const held = await db
    .selectFrom('backorders')
    .innerJoin('order_lines', 'order_lines.id', 'backorders.order_line_id')
    .select(['order_lines.external_id', 'backorders.quantity'])
    .where('backorders.order_id', '=', orderId)
    .execute();
  await connector.releaseBackorder({ orderExternalId: order.external_id });
  if (held.length > 0) {
    await connector.holdForBackorder({
      orderExternalId: order.external_id,
      lines: held.map((h) => ({ lineExternalId: h.external_id, quantity: h.quantity })),
      note: 'Out of stock: held by Shipdesk until it arrives',
    });
  }
}

/**
 * Applies the shop's backorder policy once part of an order has left (label bought or shipped):
 * "always" puts every unit not in a shipment on backorder (and the shop's hold follows); "ask"
 * and "never" leave it open — for "ask" the dashboard asks. Call inside the transaction of the
 * change. Pass the shop's policy when it is known already. Returns how many units went on backorder.
 */
export async function applyBackorderPolicy(trx: Kysely<Database>, merchantId: string, orderId: string, knownPolicy?: 'ask' | 'always' | 'never'): Promise<number> {
  const policy =
    knownPolicy ??
    (
      await trx
        .selectFrom('orders')
        .innerJoin('integrations', 'integrations.id', 'orders.integration_id')
        .select('integrations.backorder_policy')
        .where('orders.id', '=', orderId)
        .executeTakeFirst()
    )?.backorder_policy;
  if (policy !== 'always') return 0;
  const loaded = (await loadOrder(trx, merchantId, orderId, true))!;
  const open = loaded.lines
    .map((line) => ({ line, open: openQuantity(line, loaded.allocation) }))
    .filter((x) => x.open > 0);
  if (open.length === 0) return 0;
  const backorder = [...loaded.allocation.backorder];
  for (const { line, open: quantity } of open) {
    const existing = backorder.find((b) => b.lineId === line.id);
    if (existing) existing.quantity += quantity;
    else backorder.push({ lineId: line.id, quantity });
  }
  await trx.deleteFrom('backorders').where('order_id', '=', orderId).execute();
  await trx.insertInto('backorders').values(backorder.map((b) => ({ order_line_id: b.lineId, order_id: orderId, quantity: b.quantity }))).execute();
  const allocation = { ...loaded.allocation, backorder };
  await trx
    .updateTable('orders')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date(), fulfilment_status: fulfilmentStatus(loaded.lines, allocation, { cancelled: loaded.order.cancelled }) }))
    .where('id', '=', orderId)
    .execute();
  await enqueueShopBackorder(trx, orderId);
  return open.reduce((n, x) => n + x.open, 0);
}

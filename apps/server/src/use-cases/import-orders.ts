import { sql, type Kysely } from 'kysely';
import type { ShopOrder, ShopShipment } from '@shipdesk/shops';
import { fulfilmentStatus, validateAllocation, type Allocation } from '@shipdesk/domain';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import { loadOrder } from './get-order';

const CHUNK = 200;

export interface ImportResult {
  created: number;
  updated: number;
  /** Problems worth a person's attention (shown as the shop's last error). */
  warnings: string[];
}

function shopAllocation(order: ShopOrder): { lines: { id: string; sku: string; name: string; quantity: number }[]; allocation: Allocation } {
  return {
    lines: order.lines.map((l) => ({ id: l.externalId, sku: l.sku, name: l.name, quantity: l.quantity })),
    allocation: {
      shipments: order.shipments.map((s) => ({ key: s.externalId, status: 'shipped', lines: s.lines.map((l) => ({ lineId: l.lineExternalId, quantity: l.quantity })) })),
      backorder: [],
    },
  };
}

/**
 * Imports orders of one shop. Idempotent on (integration, external id): a new order is created
 * with its lines and the shipments the shop already has; an order that is already here gets the
 * shop's changes (customer, address, cancellation) and any shipment made in the shop since.
 * Importing the same page twice changes nothing.
 */
export async function importOrders(db: Db, merchantId: string, integrationId: string, orders: readonly ShopOrder[]): Promise<ImportResult> {
  const result: ImportResult = { created: 0, updated: 0, warnings: [] };
  const stockAt = new Date();
  for (let start = 0; start < orders.length; start += CHUNK) {
    const chunk = orders.slice(start, start + CHUNK);
    await db.transaction().execute(async (trx) => {
      const upserted = await trx
        .insertInto('orders')
        .values(
          chunk.map((o) => {
            const { lines, allocation } = shopAllocation(o);
            return {
              merchant_id: merchantId,
              integration_id: integrationId,
              external_id: o.externalId,
              number: o.number,
              customer_name: o.customer.name,
              customer_email: o.customer.email,
              shipping_address: o.shippingAddress,
              country: o.shippingAddress.country,
              placed_at: new Date(o.placedAt),
              cancelled: o.cancelled ?? false,
              fulfilment_status: fulfilmentStatus(lines, allocation, { cancelled: o.cancelled }),
              item_count: o.lines.reduce((sum, l) => sum + l.quantity, 0),
              shipment_count: o.shipments.length,
            };
          }),
        )
        .onConflict((oc) =>
          oc.columns(['integration_id', 'external_id']).doUpdateSet((eb) => ({
            customer_name: eb.ref('excluded.customer_name'),
            customer_email: eb.ref('excluded.customer_email'),
            shipping_address: eb.ref('excluded.shipping_address'),
            country: eb.ref('excluded.country'),
            cancelled: eb.ref('excluded.cancelled'),
            fulfilment_status: sql`case when excluded.cancelled then 'cancelled' else orders.fulfilment_status end`,
            version: sql`orders.version + case when orders.cancelled is distinct from excluded.cancelled then 1 else 0 end`,
            updated_at: sql`case when orders.cancelled is distinct from excluded.cancelled then now() else orders.updated_at end`,
          })),
        )
        .returning(['id', 'external_id', sql<boolean>`(xmax = 0)`.as('inserted')])
        .execute();
      const byExternal = new Map(chunk.map((o) => [o.externalId, o]));
      const fresh = upserted.filter((r) => r.inserted);
      const existing = upserted.filter((r) => !r.inserted);
      result.created += fresh.length;
      result.updated += existing.length;

      if (fresh.length > 0) {
        const orderIds = new Map(fresh.map((r) => [r.external_id, r.id]));
        const newOrders = fresh.map((r) => byExternal.get(r.external_id)!);
        const lineRows = await trx
          .insertInto('order_lines')
          .values(
            newOrders.flatMap((o) =>
              o.lines.map((l, position) => ({
                order_id: orderIds.get(o.externalId)!,
                external_id: l.externalId,
                position,
                sku: l.sku,
                name: l.name,
                quantity: l.quantity,
                unit_price_cents: l.priceCents,
                unit_weight_grams: l.weightGrams,
                hs_code: l.hsCode ?? null,
                origin_country: l.originCountry ?? null,
                stock_available: l.stock ?? null,
                stock_checked_at: l.stock === undefined ? null : stockAt,
              })),
            ),
          )
          .returning(['id', 'order_id', 'external_id'])
          .execute();
        const lineIds = new Map(lineRows.map((r) => [`${r.order_id}/${r.external_id}`, r.id]));
        await insertShopShipments(
          trx,
          merchantId,
          newOrders.flatMap((o) => o.shipments.map((shipment, index) => ({ orderId: orderIds.get(o.externalId)!, shipment, number: index + 1 }))),
          lineIds,
        );
      }

      // Orders already here: the stock their lines came with is the shop's latest word on it.
      await recordLineStock(
        trx,
        existing.flatMap((row) =>
          byExternal.get(row.external_id)!.lines.flatMap((l) => (l.stock === undefined ? [] : [{ orderId: row.id, lineExternalId: l.externalId, stock: l.stock }])),
        ),
        stockAt,
      );

      // Orders already here: take in shipments made in the shop since the last import.
      for (const row of existing) {
        const order = byExternal.get(row.external_id)!;
        if (order.shipments.length === 0) continue;
        const known = await trx.selectFrom('shipments').select('external_id').where('order_id', '=', row.id).where('external_id', 'is not', null).execute();
        const knownIds = new Set(known.map((k) => k.external_id));
        const added = order.shipments.filter((s) => !knownIds.has(s.externalId));
        if (added.length === 0) continue;
        const loaded = (await loadOrder(trx, merchantId, row.id, true))!;
        const lineRows = await trx.selectFrom('order_lines').select(['id', 'external_id']).where('order_id', '=', row.id).execute();
        const lineIds = new Map(lineRows.map((r) => [`${row.id}/${r.external_id}`, r.id]));
        const proposed: Allocation = {
          ...loaded.allocation,
          shipments: [
            ...loaded.allocation.shipments,
            ...added.map((s) => ({
              key: s.externalId,
              status: 'shipped' as const,
              lines: s.lines.map((l) => ({ lineId: lineIds.get(`${row.id}/${l.lineExternalId}`) ?? l.lineExternalId, quantity: l.quantity })),
            })),
          ],
        };
        const problems = validateAllocation(loaded.lines, proposed);
        if (problems.length > 0) {
          result.warnings.push(
            `Order ${loaded.order.number}: the shop has a shipment for items that Shipdesk holds elsewhere (${problems[0]!.message}) Adjust the split so it matches the shop.`,
          );
          continue;
        }
        let number = Math.max(0, ...loaded.shipments.map((s) => s.number));
        await insertShopShipments(
          trx,
          merchantId,
          added.map((shipment) => ({ orderId: row.id, shipment, number: ++number })),
          lineIds,
        );
        await trx
          .updateTable('orders')
          .set((eb) => ({
            version: eb('version', '+', 1),
            updated_at: new Date(),
            shipment_count: proposed.shipments.filter((s) => s.status !== 'cancelled').length,
            fulfilment_status: fulfilmentStatus(loaded.lines, proposed, { cancelled: loaded.order.cancelled }),
          }))
          .where('id', '=', row.id)
          .execute();
      }
    });
  }
  return result;
}

async function insertShopShipments(
  trx: Kysely<Database>,
  merchantId: string,
  shipments: { orderId: string; shipment: ShopShipment; number: number }[],
  lineIds: Map<string, string>,
): Promise<void> {
  if (shipments.length === 0) return;
  const rows = await trx
    .insertInto('shipments')
    .values(
      shipments.map(({ orderId, shipment, number }) => ({
        merchant_id: merchantId,
        order_id: orderId,
        number,
        status: 'shipped' as const,
        tracking_code: shipment.trackingCode,
        external_id: shipment.externalId,
        sync_status: 'synced' as const,
      })),
    )
    .returning(['id', 'order_id', 'number'])
    .execute();
  const ids = new Map(rows.map((r) => [`${r.order_id}/${r.number}`, r.id]));
  await trx
    .insertInto('shipment_lines')
    .values(
      shipments.flatMap(({ orderId, shipment, number }) =>
        shipment.lines.map((l) => ({ shipment_id: ids.get(`${orderId}/${number}`)!, order_line_id: lineIds.get(`${orderId}/${l.lineExternalId}`)!, quantity: l.quantity })),
      ),
    )
    .execute();
  await trx
    .insertInto('shipment_events')
    .values(rows.map((r) => ({ shipment_id: r.id, merchant_id: merchantId, type: 'imported', message: 'Imported from the shop, already shipped', data: {}, actor_user_id: null })))
    .execute();
}

/** Stores the stock that came with imported lines on the lines already here, a few thousand rows per statement. */
async function recordLineStock(trx: Kysely<Database>, rows: { orderId: string; lineExternalId: string; stock: number }[], at: Date): Promise<void> {
  for (let start = 0; start < rows.length; start += 5000) {
    const values = sql.join(rows.slice(start, start + 5000).map((r) => sql`(${r.orderId}::uuid, ${r.lineExternalId}::text, ${r.stock}::integer)`));
    await sql`
      update order_lines set stock_available = v.stock, stock_checked_at = ${at}
      from (values ${values}) as v(order_id, external_id, stock)
      where order_lines.order_id = v.order_id and order_lines.external_id = v.external_id`.execute(trx);
  }
}

import type { ShopOrder } from '@shipdesk/shops';
import { fulfilmentStatus, type Allocation } from '@shipdesk/domain';
import type { Db } from '../db/database';

const CHUNK = 200;

/**
 * Imports orders of one shop. Idempotent on (integration, external id): an order that is already
 * here is left as it is, so importing the same page twice changes nothing. Shipments the shop
 * already has come in as shipped shipments with their tracking codes.
 */
export async function importOrders(db: Db, merchantId: string, integrationId: string, orders: readonly ShopOrder[]): Promise<number> {
  let imported = 0;
  for (let start = 0; start < orders.length; start += CHUNK) {
    const chunk = orders.slice(start, start + CHUNK);
    imported += await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('orders')
        .values(
          chunk.map((o) => {
            const lines = o.lines.map((l) => ({ id: l.externalId, sku: l.sku, name: l.name, quantity: l.quantity }));
            const allocation: Allocation = {
              shipments: o.shipments.map((s) => ({ key: s.externalId, status: 'shipped', lines: s.lines.map((l) => ({ lineId: l.lineExternalId, quantity: l.quantity })) })),
              backorder: [],
            };
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
        .onConflict((oc) => oc.columns(['integration_id', 'external_id']).doNothing())
        .returning(['id', 'external_id'])
        .execute();
      if (inserted.length === 0) return 0;
      const orderIds = new Map(inserted.map((r) => [r.external_id, r.id]));
      const fresh = chunk.filter((o) => orderIds.has(o.externalId));

      const lineRows = await trx
        .insertInto('order_lines')
        .values(
          fresh.flatMap((o) =>
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
            })),
          ),
        )
        .returning(['id', 'order_id', 'external_id'])
        .execute();
      const lineIds = new Map(lineRows.map((r) => [`${r.order_id}/${r.external_id}`, r.id]));

      const shipments = fresh.flatMap((o) => o.shipments.map((s, index) => ({ order: o, shipment: s, number: index + 1 })));
      if (shipments.length > 0) {
        const shipmentRows = await trx
          .insertInto('shipments')
          .values(
            shipments.map(({ order, shipment, number }) => ({
              merchant_id: merchantId,
              order_id: orderIds.get(order.externalId)!,
              number,
              status: 'shipped' as const,
              tracking_code: shipment.trackingCode,
              external_id: shipment.externalId,
            })),
          )
          .returning(['id', 'order_id', 'number'])
          .execute();
        const shipmentIds = new Map(shipmentRows.map((r) => [`${r.order_id}/${r.number}`, r.id]));
        const linesOf = shipments.flatMap(({ order, shipment, number }) => {
          const orderId = orderIds.get(order.externalId)!;
          const shipmentId = shipmentIds.get(`${orderId}/${number}`)!;
          return shipment.lines.map((l) => ({ shipment_id: shipmentId, order_line_id: lineIds.get(`${orderId}/${l.lineExternalId}`)!, quantity: l.quantity }));
        });
        await trx.insertInto('shipment_lines').values(linesOf).execute();
        await trx
          .insertInto('shipment_events')
          .values(
            shipmentRows.map((r) => ({
              shipment_id: r.id,
              merchant_id: merchantId,
              type: 'imported',
              message: 'Imported from the shop, already shipped',
              data: {},
              actor_user_id: null,
            })),
          )
          .execute();
      }
      return inserted.length;
    });
  }
  await db.updateTable('integrations').set({ last_import_at: new Date(), last_error: null }).where('id', '=', integrationId).execute();
  return imported;
}

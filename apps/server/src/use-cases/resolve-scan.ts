import { sql } from 'kysely';
import type { Db } from '../db/database';

export type ScanTarget = { kind: 'order'; orderId: string; shipmentId: string | null } | { kind: 'unknown' };

/**
 * What a barcode scanned at the packing bench opens: a packing slip's reference (SD-<first 8 of
 * the shipment id>) opens that shipment's order with that shipment; an order number (with or
 * without #) opens the order. Only the merchant's own.
 */
export async function resolveScan(db: Db, merchantId: string, raw: string): Promise<ScanTarget> {
  const code = raw.trim();
  const slip = /^SD-([0-9a-f]{8})$/i.exec(code);
  if (slip) {
    const shipment = await db
      .selectFrom('shipments')
      .select(['id', 'order_id'])
      .where('merchant_id', '=', merchantId)
      .where(sql<boolean>`id::text like ${`${slip[1]!.toLowerCase()}%`}`)
      .executeTakeFirst();
    if (shipment) return { kind: 'order', orderId: shipment.order_id, shipmentId: shipment.id };
  }
  const number = code.replace(/^#/, '');
  const order = await db
    .selectFrom('orders')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('number', 'in', [code, `#${number}`])
    .orderBy('placed_at', 'desc')
    .executeTakeFirst();
  return order ? { kind: 'order', orderId: order.id, shipmentId: null } : { kind: 'unknown' };
}

import type { OrderDetail } from '@shipdesk/contract';
import {
  backorderQuantity,
  fulfilmentStatus,
  inShipments,
  openQuantity,
  shippedQuantity,
  type Allocation,
  type OrderLineRef,
} from '@shipdesk/domain';
import { sql, type Kysely, type Selectable } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Database, OrderRow, ShipmentsTable } from '../db/schema';
import { parcelProduct } from '@shipdesk/carriers';
import { carrierName } from '../integrations/carriers';
import { cachedStatement } from '../db/statement-cache';

export interface LoadedOrder {
  order: OrderRow & { shop_name: string; platform: string; processing_mode: 'shipment_level' | 'order_level'; backorder_policy: 'ask' | 'always' | 'never' };
  lines: (OrderLineRef & { unitPriceCents: number; unitWeightGrams: number; stock: number | null })[];
  shipments: {
    id: string;
    number: number;
    status: Allocation['shipments'][number]['status'];
    trackingCode: string | null;
    carrier: string | null;
    externalId: string | null;
    syncStatus: 'not_synced' | 'pending' | 'synced' | 'failed';
    syncError: string | null;
    label: OrderDetail['shipments'][number]['label'];
    createdAt: Date;
  }[];
  allocation: Allocation;
  /** The merchant's first carrier account: its parcels' weight limit drives the split suggestion. */
  carrier: { carrier: string; default_product: string | null } | null;
}

/** The columns of a shipment that {@link LoadedOrder} holds (a save reads them back from its insert). */
export const SHIPMENT_COLUMNS = ['id', 'number', 'status', 'tracking_code', 'carrier', 'external_id', 'sync_status', 'sync_error', 'created_at'] as const;

type ShipmentColumns = Pick<Selectable<ShipmentsTable>, (typeof SHIPMENT_COLUMNS)[number]>;

/** A shipment as {@link LoadedOrder} holds it, from its row (or the row as JSON, its timestamp as text). */
export function loadedShipment(
  row: Omit<ShipmentColumns, 'created_at'> & { created_at: Date | string },
  label: LoadedOrder['shipments'][number]['label'],
): LoadedOrder['shipments'][number] {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    trackingCode: row.tracking_code,
    carrier: row.carrier,
    externalId: row.external_id,
    syncStatus: row.sync_status,
    syncError: row.sync_error,
    label,
    createdAt: new Date(row.created_at),
  };
}

const lockStatement = cachedStatement((db, v: { orderId: string; merchantId: string }, _shape: null) =>
  db.selectFrom('orders').select('id').where('id', '=', v.orderId).where('merchant_id', '=', v.merchantId).forUpdate(),
);

/**
 * One round trip: the order row, with its lines, shipments, their items, the backorder, the labels
 * and the merchant's carrier as JSON arrays beside it. Built once (see cachedStatement): Kysely took
 * longer to build this statement than to run most others.
 */
const orderStatement = cachedStatement((db, v: { orderId: string; merchantId: string }, _shape: null) =>
  db
    .selectFrom('orders')
    .innerJoin('integrations', 'integrations.id', 'orders.integration_id')
    .selectAll('orders')
    .select((eb) => [
      'integrations.name as shop_name',
      'integrations.platform',
      'integrations.processing_mode',
      'integrations.backorder_policy',
      jsonArrayFrom(
        eb
          .selectFrom('order_lines')
          .select(['order_lines.id', 'order_lines.sku', 'order_lines.name', 'order_lines.quantity', 'order_lines.unit_price_cents', 'order_lines.unit_weight_grams', 'order_lines.stock_available'])
          .whereRef('order_lines.order_id', '=', 'orders.id')
          .orderBy('order_lines.position'),
      ).as('line_rows'),
      jsonArrayFrom(
        eb
          .selectFrom('shipments')
          .select(SHIPMENT_COLUMNS.map((column) => `shipments.${column}` as const))
          .whereRef('shipments.order_id', '=', 'orders.id')
          .orderBy('shipments.number'),
      ).as('shipment_rows'),
      jsonArrayFrom(
        eb
          .selectFrom('shipment_lines')
          .innerJoin('shipments', 'shipments.id', 'shipment_lines.shipment_id')
          .innerJoin('order_lines', 'order_lines.id', 'shipment_lines.order_line_id')
          .select(['shipment_lines.shipment_id', 'shipment_lines.order_line_id', 'shipment_lines.quantity'])
          .whereRef('shipments.order_id', '=', 'orders.id')
          .orderBy('order_lines.position'),
      ).as('shipment_line_rows'),
      jsonArrayFrom(
        eb
          .selectFrom('backorders')
          .innerJoin('order_lines', 'order_lines.id', 'backorders.order_line_id')
          .select(['backorders.order_line_id', 'backorders.quantity'])
          .whereRef('backorders.order_id', '=', 'orders.id')
          .orderBy('order_lines.position'),
      ).as('backorder_rows'),
      jsonArrayFrom(
        eb
          .selectFrom('labels')
          .innerJoin('shipments', 'shipments.id', 'labels.shipment_id')
          .select(['labels.id', 'labels.shipment_id', 'labels.status', 'labels.carrier', 'labels.tracking_number', 'labels.format', 'labels.error', 'labels.created_at'])
          .whereRef('shipments.order_id', '=', 'orders.id')
          .orderBy('labels.created_at', 'desc'),
      ).as('label_rows'),
      jsonObjectFrom(
        eb
          .selectFrom('carrier_accounts')
          .select(['carrier_accounts.carrier', 'carrier_accounts.default_product'])
          .whereRef('carrier_accounts.merchant_id', '=', 'orders.merchant_id')
          .orderBy('carrier_accounts.created_at')
          .limit(sql.lit(1)),
      ).as('carrier_row'),
    ])
    .where('orders.id', '=', v.orderId)
    .where('orders.merchant_id', '=', v.merchantId),
);

/**
 * Loads an order of one merchant with its lines, shipments and backorder, as the domain sees it.
 * Returns null for an order that does not exist or belongs to another merchant. Pass
 * `forUpdate` inside a transaction to lock the order row until it ends.
 */
export async function loadOrder(db: Kysely<Database>, merchantId: string, orderId: string, forUpdate = false): Promise<LoadedOrder | null> {
  const ids = { orderId, merchantId };
  if (forUpdate) {
    // The lock first, on its own: a statement that waited for a lock still reads with the snapshot
    // it started with, so the lines and shipments are read by the next statement, after the wait.
    const [locked] = await lockStatement(db, ids, null);
    if (!locked) return null;
  }
  const [found] = await orderStatement(db, ids, null);
  if (!found) return null;
  const { line_rows: lineRows, shipment_rows: shipmentRows, shipment_line_rows: shipmentLineRows, backorder_rows: backorderRows, label_rows: labelRows, carrier_row: carrierRow, ...order } = found;
  // Per shipment: the label in use or being bought, else the latest one (a failure to explain).
  const labelOf = (shipmentId: string) => {
    const mine = labelRows.filter((l) => l.shipment_id === shipmentId);
    const row = mine.find((l) => l.status === 'live' || l.status === 'pending') ?? mine.find((l) => l.status === 'failed' && l === mine[0]);
    return row
      ? { id: row.id, status: row.status, carrier: carrierName(row.carrier), trackingNumber: row.tracking_number, format: row.format, error: row.error, createdAt: new Date(row.created_at).toISOString() }
      : null;
  };

  return {
    order,
    lines: lineRows.map((l) => ({
      id: l.id,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      unitPriceCents: l.unit_price_cents,
      unitWeightGrams: l.unit_weight_grams,
      stock: l.stock_available,
    })),
    shipments: shipmentRows.map((s) => loadedShipment(s, labelOf(s.id))),
    carrier: carrierRow ?? null,
    allocation: {
      shipments: shipmentRows.map((s) => ({
        key: s.id,
        status: s.status,
        lines: shipmentLineRows.filter((sl) => sl.shipment_id === s.id).map((sl) => ({ lineId: sl.order_line_id, quantity: sl.quantity })),
      })),
      backorder: backorderRows.map((b) => ({ lineId: b.order_line_id, quantity: b.quantity })),
    },
  };
}

/** The order as the API shows it: per line ordered, open, in shipments, shipped and backorder. */
export function toOrderDetail(loaded: LoadedOrder): OrderDetail {
  const { order, lines, shipments, allocation } = loaded;
  const product = loaded.carrier ? parcelProduct(loaded.carrier.carrier, order.shipping_address.country, loaded.carrier.default_product) : null;
  return {
    id: order.id,
    number: order.number,
    version: order.version,
    shop: { id: order.integration_id, name: order.shop_name, platform: order.platform },
    processingMode: order.processing_mode,
    backorderPolicy: order.backorder_policy,
    customerName: order.customer_name,
    customerEmail: order.customer_email,
    shippingAddress: order.shipping_address,
    placedAt: order.placed_at.toISOString(),
    fulfilmentStatus: fulfilmentStatus(lines, allocation, { cancelled: order.cancelled }),
    parcelLimit: product ? { carrier: carrierName(product.carrier), product: product.code, productName: product.name, maxWeightGrams: product.maxWeightGrams } : null,
    canUndo: order.undo_allocation !== null && !shipments.some((s) => s.label?.status === 'live' && order.undo_saved_at !== null && new Date(s.label.createdAt) > order.undo_saved_at),
    lines: lines.map((line) => ({
      id: line.id,
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      open: openQuantity(line, allocation),
      inShipments: inShipments(allocation, line.id),
      shipped: shippedQuantity(allocation, line.id),
      backorder: backorderQuantity(allocation, line.id),
      unitPriceCents: line.unitPriceCents,
      unitWeightGrams: line.unitWeightGrams,
      stock: line.stock,
    })),
    shipments: shipments.map((s) => ({
      ...s,
      createdAt: s.createdAt.toISOString(),
      lines: allocation.shipments.find((a) => a.key === s.id)?.lines ?? [],
    })),
    backorder: allocation.backorder,
  };
}

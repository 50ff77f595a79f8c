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
import type { Kysely } from 'kysely';
import type { Database, OrderRow } from '../db/schema';
import { parcelProduct } from '@shipdesk/carriers';
import { carrierName } from '../integrations/carriers';

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

/**
 * Loads an order of one merchant with its lines, shipments and backorder, as the domain sees it.
 * Returns null for an order that does not exist or belongs to another merchant. Pass
 * `forUpdate` inside a transaction to lock the order row until it ends.
 */
export async function loadOrder(db: Kysely<Database>, merchantId: string, orderId: string, forUpdate = false): Promise<LoadedOrder | null> {
  let orderQuery = db
    .selectFrom('orders')
    .innerJoin('integrations', 'integrations.id', 'orders.integration_id')
    .selectAll('orders')
    .select(['integrations.name as shop_name', 'integrations.platform', 'integrations.processing_mode', 'integrations.backorder_policy'])
    .where('orders.id', '=', orderId)
    .where('orders.merchant_id', '=', merchantId);
  if (forUpdate) orderQuery = orderQuery.forUpdate('orders');
  const order = await orderQuery.executeTakeFirst();
  if (!order) return null;

  const [lineRows, shipmentRows, shipmentLineRows, backorderRows, labelRows, carrierRow] = await Promise.all([
    db.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('position').execute(),
    db.selectFrom('shipments').selectAll().where('order_id', '=', orderId).orderBy('number').execute(),
    db
      .selectFrom('shipment_lines')
      .innerJoin('shipments', 'shipments.id', 'shipment_lines.shipment_id')
      .innerJoin('order_lines', 'order_lines.id', 'shipment_lines.order_line_id')
      .select(['shipment_lines.shipment_id', 'shipment_lines.order_line_id', 'shipment_lines.quantity'])
      .where('shipments.order_id', '=', orderId)
      .orderBy('order_lines.position')
      .execute(),
    db
      .selectFrom('backorders')
      .innerJoin('order_lines', 'order_lines.id', 'backorders.order_line_id')
      .select(['backorders.order_line_id', 'backorders.quantity'])
      .where('backorders.order_id', '=', orderId)
      .orderBy('order_lines.position')
      .execute(),
    db
      .selectFrom('labels')
      .innerJoin('shipments', 'shipments.id', 'labels.shipment_id')
      .select(['labels.id', 'labels.shipment_id', 'labels.status', 'labels.carrier', 'labels.tracking_number', 'labels.format', 'labels.error', 'labels.created_at'])
      .where('shipments.order_id', '=', orderId)
      .orderBy('labels.created_at', 'desc')
      .execute(),
    db.selectFrom('carrier_accounts').select(['carrier', 'default_product']).where('merchant_id', '=', merchantId).orderBy('created_at').limit(1).executeTakeFirst(),
  ]);
  // Per shipment: the label in use or being bought, else the latest one (a failure to explain).
  const labelOf = (shipmentId: string) => {
    const mine = labelRows.filter((l) => l.shipment_id === shipmentId);
    const row = mine.find((l) => l.status === 'live' || l.status === 'pending') ?? mine.find((l) => l.status === 'failed' && l === mine[0]);
    return row
      ? { id: row.id, status: row.status, carrier: carrierName(row.carrier), trackingNumber: row.tracking_number, format: row.format, error: row.error, createdAt: row.created_at.toISOString() }
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
    shipments: shipmentRows.map((s) => ({
      id: s.id,
      number: s.number,
      status: s.status,
      trackingCode: s.tracking_code,
      carrier: s.carrier,
      externalId: s.external_id,
      syncStatus: s.sync_status,
      syncError: s.sync_error,
      label: labelOf(s.id),
      createdAt: s.created_at,
    })),
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

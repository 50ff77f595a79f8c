import type { Db } from '../db/database';
import { mergePdfs } from '../documents/merge-pdfs';
import { renderPackingSlip, type PackingSlipInput } from '../documents/packing-slip';
import { loadOrder } from './get-order';

/** The scannable reference printed on a packing slip, which opens the shipment at the packing bench. */
export const slipReference = (shipmentId: string) => `SD-${shipmentId.slice(0, 8)}`;

/**
 * The packing slip of one shipment (1:1): its items, and what of the order is still to come —
 * on backorder, in another shipment not sent yet, or not allocated yet.
 */
export async function packingSlip(db: Db, merchantId: string, shipmentId: string, format: 'A4' | 'A6'): Promise<Buffer | null> {
  const shipment = await db.selectFrom('shipments').select(['order_id']).where('id', '=', shipmentId).where('merchant_id', '=', merchantId).executeTakeFirst();
  if (!shipment) return null;
  const loaded = (await loadOrder(db, merchantId, shipment.order_id))!;
  const merchant = await db.selectFrom('merchants').select('name').where('id', '=', merchantId).executeTakeFirstOrThrow();
  const active = loaded.shipments.filter((s) => s.status !== 'cancelled');
  const mine = loaded.allocation.shipments.find((s) => s.key === shipmentId)!;
  const line = (id: string) => loaded.lines.find((l) => l.id === id)!;
  const stillToCome: PackingSlipInput['stillToCome'] = [];
  for (const b of loaded.allocation.backorder) stillToCome.push({ sku: line(b.lineId).sku, name: line(b.lineId).name, quantity: b.quantity, reason: 'backorder' });
  for (const other of loaded.allocation.shipments) {
    if (other.key === shipmentId || other.status === 'shipped' || other.status === 'cancelled') continue;
    for (const l of other.lines) stillToCome.push({ sku: line(l.lineId).sku, name: line(l.lineId).name, quantity: l.quantity, reason: 'later_shipment' });
  }
  for (const l of loaded.lines) {
    const allocated =
      loaded.allocation.shipments.filter((s) => s.status !== 'cancelled').reduce((sum, s) => sum + (s.lines.find((x) => x.lineId === l.id)?.quantity ?? 0), 0) +
      (loaded.allocation.backorder.find((b) => b.lineId === l.id)?.quantity ?? 0);
    if (l.quantity > allocated) stillToCome.push({ sku: l.sku, name: l.name, quantity: l.quantity - allocated, reason: 'later_shipment' });
  }
  const me = active.find((s) => s.id === shipmentId)!;
  return renderPackingSlip({
    merchantName: merchant.name,
    shopName: loaded.order.shop_name,
    orderNumber: loaded.order.number,
    shipmentNumber: active.indexOf(me) + 1,
    shipmentCount: active.length,
    createdAt: me.createdAt.toISOString(),
    reference: slipReference(shipmentId),
    shipTo: loaded.order.shipping_address,
    items: mine.lines.map((l) => ({ sku: line(l.lineId).sku, name: line(l.lineId).name, quantity: l.quantity, ordered: line(l.lineId).quantity })),
    stillToCome,
    format,
  });
}

/** The live labels, or the packing slips, of many shipments as one PDF to print at once. */
export async function mergedDocuments(db: Db, merchantId: string, shipmentIds: string[], kind: 'labels' | 'packing-slips', format: 'A4' | 'A6'): Promise<{ pdf: Buffer; missing: number } | null> {
  const pdfs: Uint8Array[] = [];
  if (kind === 'labels') {
    const rows = await db
      .selectFrom('labels')
      .select(['shipment_id', 'pdf'])
      .where('merchant_id', '=', merchantId)
      .where('shipment_id', 'in', shipmentIds)
      .where('status', '=', 'live')
      .execute();
    for (const id of shipmentIds) {
      const pdf = rows.find((r) => r.shipment_id === id)?.pdf;
      if (pdf) pdfs.push(pdf);
    }
  } else {
    for (const id of shipmentIds) {
      const pdf = await packingSlip(db, merchantId, id, format);
      if (pdf) pdfs.push(pdf);
    }
  }
  if (pdfs.length === 0) return null;
  return { pdf: await mergePdfs(pdfs), missing: shipmentIds.length - pdfs.length };
}

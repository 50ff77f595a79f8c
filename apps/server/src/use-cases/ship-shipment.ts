import type { OrderDetail, ShipShipmentRequest } from '@shipdesk/contract';
import { fulfilmentStatus } from '@shipdesk/domain';
import type { Db } from '../db/database';
import { enqueueSync } from './sync-shipment';
import { applyBackorderPolicy } from './backorders';
import { loadOrder, toOrderDetail } from './get-order';

export type ShipResult = { kind: 'shipped'; order: OrderDetail } | { kind: 'not_found' } | { kind: 'refused'; message: string };

/**
 * Marks a shipment as shipped with its tracking code (a label bought elsewhere, or by Shipdesk's
 * carrier step), and queues the sync-back to the shop in the same transaction, so the shop is
 * told exactly once even if the server stops right after.
 */
export async function shipShipment(db: Db, input: { merchantId: string; userId: string; shipmentId: string; request: ShipShipmentRequest }): Promise<ShipResult> {
  return db.transaction().execute(async (trx) => {
    const shipment = await trx
      .selectFrom('shipments')
      .select(['id', 'order_id', 'status', 'number'])
      .where('id', '=', input.shipmentId)
      .where('merchant_id', '=', input.merchantId)
      .executeTakeFirst();
    if (!shipment) return { kind: 'not_found' as const };
    const loaded = (await loadOrder(trx, input.merchantId, shipment.order_id, true))!;
    const current = loaded.shipments.find((s) => s.id === shipment.id)!;
    if (current.status === 'shipped' || current.status === 'cancelled') {
      return { kind: 'refused' as const, message: `Shipment ${current.number} is already ${current.status}.` };
    }
    const now = new Date();
    await trx
      .updateTable('shipments')
      .set({
        status: 'shipped',
        tracking_code: input.request.trackingCode,
        carrier: input.request.carrier,
        shipped_at: now,
        updated_at: now,
        sync_status: 'pending',
        sync_error: null,
      })
      .where('id', '=', shipment.id)
      .execute();
    await trx
      .insertInto('shipment_events')
      .values({
        shipment_id: shipment.id,
        merchant_id: input.merchantId,
        type: 'shipped',
        message: `Shipped with ${input.request.carrier}, tracking ${input.request.trackingCode}`,
        data: { trackingCode: input.request.trackingCode, carrier: input.request.carrier },
        actor_user_id: input.userId,
      })
      .execute();
    const allocation = {
      ...loaded.allocation,
      shipments: loaded.allocation.shipments.map((s) => (s.key === shipment.id ? { ...s, status: 'shipped' as const } : s)),
    };
    await trx
      .updateTable('orders')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: now, fulfilment_status: fulfilmentStatus(loaded.lines, allocation, { cancelled: loaded.order.cancelled }) }))
      .where('id', '=', shipment.order_id)
      .execute();
    await enqueueSync(trx, shipment.id);
    await applyBackorderPolicy(trx, input.merchantId, shipment.order_id);
    return { kind: 'shipped' as const, order: toOrderDetail((await loadOrder(trx, input.merchantId, shipment.order_id))!) };
  });
}

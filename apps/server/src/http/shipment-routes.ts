import { Router } from 'express';
import { CreateLabelRequestSchema, IdSchema, ShipmentsQuerySchema, ShipShipmentRequestSchema } from '@shipdesk/contract';
import type { ShopServices } from '../integrations/shop-context';
import { cancelLabel, createLabel } from '../use-cases/create-label';
import { mergedDocuments, packingSlip, slipReference } from '../use-cases/shipment-documents';
import { BadCursorError } from '../use-cases/list-orders';
import { getShipment, listShipments } from '../use-cases/list-shipments';
import type { Db } from '../db/database';
import { shipShipment } from '../use-cases/ship-shipment';
import { retrySync } from '../use-cases/sync-shipment';
import { liveEvents } from '../events/live-events';
import { HttpProblem } from './problem';
import { me, requireUser } from './session';

async function orderOf(db: Db, shipmentId: string): Promise<string> {
  const row = await db.selectFrom('shipments').select('order_id').where('id', '=', shipmentId).executeTakeFirst();
  return row?.order_id ?? '';
}

function shipmentId(raw: string): string {
  const parsed = IdSchema.safeParse(raw);
  if (!parsed.success) throw new HttpProblem(404, `There is no shipment with id "${raw}".`);
  return parsed.data;
}

export function shipmentRoutes(db: Db, services: ShopServices): Router {
  const router = Router();
  router.use('/shipments', requireUser(db));

  router.get('/shipments', async (req, res) => {
    const query = ShipmentsQuerySchema.parse(req.query);
    try {
      res.json(await listShipments(db, me(req).merchant.id, query));
    } catch (error) {
      if (error instanceof BadCursorError) throw new HttpProblem(400, error.message, {}, 'bad-cursor');
      throw error;
    }
  });

  router.get('/shipments/:id', async (req, res) => {
    const shipment = await getShipment(db, me(req).merchant.id, shipmentId(req.params.id));
    if (!shipment) throw new HttpProblem(404, `There is no shipment with id "${req.params.id}" in your shops.`);
    res.json(shipment);
  });

  router.post('/shipments/:id/ship', async (req, res) => {
    const user = me(req);
    const id = shipmentId(req.params.id);
    const request = ShipShipmentRequestSchema.parse(req.body);
    const result = await shipShipment(db, { merchantId: user.merchant.id, userId: user.id, shipmentId: id, request });
    if (result.kind === 'not_found') throw new HttpProblem(404, `There is no shipment with id "${id}" in your shops.`);
    if (result.kind === 'refused') throw new HttpProblem(409, result.message);
    liveEvents.publish(user.merchant.id, { type: 'shipment.updated', shipmentId: id, orderId: result.order.id });
    res.json(result.order);
  });

  router.post('/shipments/:id/label', async (req, res) => {
    const user = me(req);
    const id = shipmentId(req.params.id);
    const key = req.get('Idempotency-Key');
    if (!key || key.length > 200) {
      throw new HttpProblem(428, 'Send an Idempotency-Key header (a random id per label you mean to buy), so a retry never buys a second label.');
    }
    const request = CreateLabelRequestSchema.parse(req.body ?? {});
    const result = await createLabel(db, services.secrets, { merchantId: user.merchant.id, userId: user.id, shipmentId: id, idempotencyKey: key, ...request });
    switch (result.kind) {
      case 'not_found':
        throw new HttpProblem(404, `There is no shipment with id "${id}" in your shops.`);
      case 'no_carrier':
        throw new HttpProblem(422, 'Connect a carrier account first: Shipdesk has none to buy this label from.', {}, 'no-carrier');
      case 'refused':
        throw new HttpProblem(409, result.message);
      case 'invalid':
        throw new HttpProblem(422, result.message, {}, 'customs-data-missing');
      case 'in_progress':
        res.setHeader('Retry-After', '2');
        throw new HttpProblem(409, 'A label for this shipment is being bought right now; look again in a moment.', { current: result.label }, 'label-in-progress');
      case 'has_label':
        throw new HttpProblem(409, `This shipment has a label already (tracking ${result.label.trackingNumber}). Cancel it first to buy another.`, { current: result.label }, 'has-label');
      case 'carrier_error':
        throw new HttpProblem(result.retryable ? 502 : 422, `The carrier did not make the label: ${result.message}`, { current: result.label }, 'carrier-error');
      case 'created':
      case 'replayed':
        liveEvents.publish(user.merchant.id, { type: 'shipment.updated', shipmentId: id, orderId: await orderOf(db, id) });
        res.status(result.kind === 'created' ? 201 : 200).json(result.label);
    }
  });

  router.delete('/shipments/:id/label', async (req, res) => {
    const user = me(req);
    const id = shipmentId(req.params.id);
    const result = await cancelLabel(db, services.secrets, { merchantId: user.merchant.id, userId: user.id, shipmentId: id });
    if (result.kind === 'not_found') throw new HttpProblem(404, 'This shipment has no label to cancel.');
    if (result.kind === 'refused') throw new HttpProblem(409, result.message);
    liveEvents.publish(user.merchant.id, { type: 'shipment.updated', shipmentId: id, orderId: await orderOf(db, id) });
    res.status(204).end();
  });

  router.get('/shipments/:id/label.pdf', async (req, res) => {
    const id = shipmentId(req.params.id);
    const label = await db
      .selectFrom('labels')
      .select(['pdf', 'tracking_number'])
      .where('shipment_id', '=', id)
      .where('merchant_id', '=', me(req).merchant.id)
      .where('status', '=', 'live')
      .executeTakeFirst();
    if (!label?.pdf) throw new HttpProblem(404, 'This shipment has no label to print.');
    res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="label-${label.tracking_number}.pdf"`);
    res.send(Buffer.from(label.pdf));
  });

  router.get('/shipments/:id/packing-slip.pdf', async (req, res) => {
    const id = shipmentId(req.params.id);
    const format = req.query.format === 'A6' ? 'A6' : 'A4';
    const pdf = await packingSlip(db, me(req).merchant.id, id, format);
    if (!pdf) throw new HttpProblem(404, `There is no shipment with id "${id}" in your shops.`);
    res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="packing-slip-${slipReference(id)}.pdf"`);
    res.send(pdf);
  });

  // Bulk printing: GET /api/documents/labels.pdf?shipments=id,id,… (or packing-slips.pdf).
  router.get('/documents/:kind.pdf', requireUser(db), async (req, res) => {
    const kind = req.params.kind;
    if (kind !== 'labels' && kind !== 'packing-slips') throw new HttpProblem(404, 'Print labels.pdf or packing-slips.pdf.');
    const ids = String(req.query.shipments ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0 || ids.length > 500) throw new HttpProblem(400, 'Name 1 to 500 shipments: ?shipments=id,id,…');
    const bad = ids.find((id) => !IdSchema.safeParse(id).success);
    if (bad) throw new HttpProblem(400, `"${bad}" is not a shipment id.`);
    const merged = await mergedDocuments(db, me(req).merchant.id, ids, kind, req.query.format === 'A6' ? 'A6' : 'A4');
    if (!merged) throw new HttpProblem(404, kind === 'labels' ? 'None of these shipments has a label to print.' : 'None of these shipments is yours.');
    res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="${kind}.pdf"`);
    if (merged.missing > 0) res.setHeader('X-Shipdesk-Missing', String(merged.missing));
    res.send(merged.pdf);
  });

  router.post('/shipments/:id/sync', async (req, res) => {
    const user = me(req);
    const id = shipmentId(req.params.id);
    if (!(await retrySync(db, user.merchant.id, id))) {
      throw new HttpProblem(404, `There is no shipped shipment with id "${id}" in your shops to sync.`);
    }
    res.status(202).json({ ok: true, message: 'The sync with the shop is queued.' });
  });

  return router;
}

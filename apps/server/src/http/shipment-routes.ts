import { Router } from 'express';
import { IdSchema, ShipmentsQuerySchema, ShipShipmentRequestSchema } from '@shipdesk/contract';
import { BadCursorError } from '../use-cases/list-orders';
import { getShipment, listShipments } from '../use-cases/list-shipments';
import type { Db } from '../db/database';
import { shipShipment } from '../use-cases/ship-shipment';
import { retrySync } from '../use-cases/sync-shipment';
import { liveEvents } from '../events/live-events';
import { HttpProblem } from './problem';
import { me, requireUser } from './session';

function shipmentId(raw: string): string {
  const parsed = IdSchema.safeParse(raw);
  if (!parsed.success) throw new HttpProblem(404, `There is no shipment with id "${raw}".`);
  return parsed.data;
}

export function shipmentRoutes(db: Db): Router {
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
    if (user.role === 'support') throw new HttpProblem(403, 'Platform support can look at shipments but not change them.');
    const id = shipmentId(req.params.id);
    const request = ShipShipmentRequestSchema.parse(req.body);
    const result = await shipShipment(db, { merchantId: user.merchant.id, userId: user.id, shipmentId: id, request });
    if (result.kind === 'not_found') throw new HttpProblem(404, `There is no shipment with id "${id}" in your shops.`);
    if (result.kind === 'refused') throw new HttpProblem(409, result.message);
    liveEvents.publish(user.merchant.id, { type: 'shipment.updated', shipmentId: id, orderId: result.order.id });
    res.json(result.order);
  });

  router.post('/shipments/:id/sync', async (req, res) => {
    const user = me(req);
    if (user.role === 'support') throw new HttpProblem(403, 'Platform support can look at shipments but not change them.');
    const id = shipmentId(req.params.id);
    if (!(await retrySync(db, user.merchant.id, id))) {
      throw new HttpProblem(404, `There is no shipped shipment with id "${id}" in your shops to sync.`);
    }
    res.status(202).json({ ok: true, message: 'The sync with the shop is queued.' });
  });

  return router;
}

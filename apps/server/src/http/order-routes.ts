import { Router, type Response } from 'express';
import { AllocationRequestSchema, IdSchema, OrderCountsQuerySchema, OrdersQuerySchema, ReleaseBackorderRequestSchema } from '@shipdesk/contract';
import { listBackorders, releaseBackorder } from '../use-cases/backorders';
import type { Db } from '../db/database';
import { BadCursorError, listOrders, tabCounts } from '../use-cases/list-orders';
import { loadOrder, toOrderDetail } from '../use-cases/get-order';
import { splitOrder, undoSplit, type SplitResult } from '../use-cases/split-order';
import { resolveScan } from '../use-cases/resolve-scan';
import { liveEvents } from '../events/live-events';
import { HttpProblem } from './problem';
import { me, requireUser } from './session';

const etag = (version: number) => `"v${version}"`;

function parseOrderId(raw: string): string {
  const parsed = IdSchema.safeParse(raw);
  if (!parsed.success) throw new HttpProblem(404, `There is no order with id "${raw}".`);
  return parsed.data;
}

/** Reads the order version from `If-Match: "v7"` (or a bare `7`). */
function parseIfMatch(header: string | undefined): number {
  if (!header) {
    throw new HttpProblem(428, 'Send the version of the order you edited in the If-Match header (the ETag of GET /api/orders/:id), so a newer change is not overwritten.');
  }
  const match = /^(?:W\/)?"?v?(\d+)"?$/.exec(header.trim());
  if (!match) throw new HttpProblem(400, `If-Match must be the order's ETag, like "v3"; got ${header}.`);
  return Number(match[1]);
}

/**
 * Answers a saved split (allocation, undo, backorder release) the same way everywhere: the new
 * state with its ETag, 409 with the current state when it went stale, 422 with every problem.
 */
function answerSplit(res: Response, merchantId: string, orderId: string, result: SplitResult, expectedVersion?: number): void {
  switch (result.kind) {
    case 'not_found':
      throw new HttpProblem(404, `There is no order with id "${orderId}" in your shops.`);
    case 'stale':
      res.setHeader('ETag', etag(result.current.version));
      throw new HttpProblem(
        409,
        `Someone changed order ${result.current.number} since you opened it${expectedVersion !== undefined ? ` (you edited version ${expectedVersion}, it is now at ${result.current.version})` : ''}. Look at the current split and make your change again.`,
        { current: result.current },
      );
    case 'invalid':
      throw new HttpProblem(422, result.problems.map((p) => p.message).join(' '), { errors: result.problems, current: result.current }, 'invalid-allocation');
    case 'saved':
      liveEvents.publish(merchantId, { type: 'order.updated', orderId });
      res.setHeader('ETag', etag(result.order.version));
      res.json(result.order);
  }
}

export function orderRoutes(db: Db): Router {
  const router = Router();
  router.use('/orders', requireUser(db));

  router.get('/orders', async (req, res) => {
    const query = OrdersQuerySchema.parse(req.query);
    try {
      res.json(await listOrders(db, me(req).merchant.id, query));
    } catch (error) {
      if (error instanceof BadCursorError) throw new HttpProblem(400, error.message, {}, 'bad-cursor');
      throw error;
    }
  });

  // The status tabs' counts on their own, for a list whose first page (which carries them) is no
  // longer loaded.
  router.get('/orders/counts', async (req, res) => {
    const filters = OrderCountsQuerySchema.parse(req.query);
    res.json({ counts: await tabCounts(db, me(req).merchant.id, filters) });
  });

  // The packing bench's scanner: what does this code open?
  router.get('/scan/:code', requireUser(db), async (req, res) => {
    const code = String(req.params.code).slice(0, 100);
    const target = await resolveScan(db, me(req).merchant.id, code);
    if (target.kind === 'unknown') throw new HttpProblem(404, `Nothing matches "${code}": scan an order number or the barcode on a packing slip.`, {}, 'unknown-code');
    res.json(target);
  });

  router.get('/orders/:id', async (req, res) => {
    const loaded = await loadOrder(db, me(req).merchant.id, parseOrderId(req.params.id));
    if (!loaded) throw new HttpProblem(404, `There is no order with id "${req.params.id}" in your shops.`);
    res.setHeader('ETag', etag(loaded.order.version));
    res.json(toOrderDetail(loaded));
  });

  router.get('/backorders', requireUser(db), async (req, res) => {
    res.json({ items: await listBackorders(db, me(req).merchant.id) });
  });

  router.post('/orders/:id/backorder/release', async (req, res) => {
    const user = me(req);
    const orderId = parseOrderId(req.params.id);
    const { lineIds } = ReleaseBackorderRequestSchema.parse(req.body ?? {});
    const result = await releaseBackorder(db, { merchantId: user.merchant.id, userId: user.id, orderId, lineIds });
    if (result.kind === 'nothing') throw new HttpProblem(409, 'Nothing of this order is on backorder (any more).', {}, 'nothing-on-backorder');
    answerSplit(res, user.merchant.id, orderId, result);
  });

  router.post('/orders/:id/undo', async (req, res) => {
    const user = me(req);
    const orderId = parseOrderId(req.params.id);
    const expectedVersion = parseIfMatch(req.get('If-Match'));
    const result = await undoSplit(db, { merchantId: user.merchant.id, userId: user.id, orderId, expectedVersion });
    if (result.kind === 'nothing_to_undo') throw new HttpProblem(409, 'There is no split change to undo on this order.', {}, 'nothing-to-undo');
    if (result.kind === 'label_bought') {
      throw new HttpProblem(409, 'A label was bought since the last change, so it can no longer be undone. Cancel the label first if the parcel has not left.', {}, 'label-bought');
    }
    answerSplit(res, user.merchant.id, orderId, result, expectedVersion);
  });

  router.put('/orders/:id/allocation', async (req, res) => {
    const user = me(req);
    const orderId = parseOrderId(req.params.id);
    const expectedVersion = parseIfMatch(req.get('If-Match'));
    const request = AllocationRequestSchema.parse(req.body);
    const result = await splitOrder(db, { merchantId: user.merchant.id, userId: user.id, orderId, expectedVersion, request });
    answerSplit(res, user.merchant.id, orderId, result, expectedVersion);
  });

  return router;
}

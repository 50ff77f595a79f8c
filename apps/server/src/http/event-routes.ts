import { Router } from 'express';
import type { Db } from '../db/database';
import { liveEvents } from '../events/live-events';
import { me, requireUser } from './session';

/** GET /api/events: a Server-Sent Events stream of the merchant's changes. */
export function eventRoutes(db: Db, options: { heartbeatMs?: number } = {}): Router {
  const router = Router();
  router.get('/events', requireUser(db), (req, res) => {
    const merchantId = me(req).merchant.id;
    res.status(200).set({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    let id = 0;
    const unsubscribe = liveEvents.subscribe(merchantId, (event) => {
      res.write(`id: ${++id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs ?? 25_000);
    const offShutdown = liveEvents.onShutdown(() => res.end());
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      offShutdown();
    });
  });
  return router;
}

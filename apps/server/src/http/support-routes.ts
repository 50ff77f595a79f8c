import { Router } from 'express';
import { sql } from 'kysely';
import { InspectRequestSchema, type SupportMerchant } from '@shipdesk/contract';
import type { Db } from '../db/database';
import { listLooks } from '../use-cases/audit';
import { setInspecting, userForSession } from '../use-cases/log-in';
import { HttpProblem } from './problem';
import { me, readCookie, requireUser, SESSION_COOKIE } from './session';

/** Platform support picking a merchant to inspect, and each merchant's log of those looks. */
export function supportRoutes(db: Db): Router {
  const router = Router();

  router.get('/support/merchants', requireUser(db), async (req, res) => {
    if (me(req).role !== 'support') throw new HttpProblem(403, 'Only platform support can list merchants.');
    const rows = await db
      .selectFrom('merchants')
      .select((eb) => [
        'merchants.id',
        'merchants.name',
        eb.selectFrom('orders').select(eb.fn.countAll<string>().as('n')).whereRef('orders.merchant_id', '=', 'merchants.id').as('orders'),
        eb.selectFrom('shipments').select(eb.fn.countAll<string>().as('n')).whereRef('shipments.merchant_id', '=', 'merchants.id').as('shipments'),
        eb
          .selectFrom('shipments')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('shipments.merchant_id', '=', 'merchants.id')
          .where('shipments.sync_status', '=', 'failed')
          .as('failed'),
      ])
      .where(sql<boolean>`not exists (select 1 from users u where u.merchant_id = merchants.id and u.role = 'support')`)
      .orderBy('merchants.name')
      .execute();
    const items: SupportMerchant[] = rows.map((r) => ({ id: r.id, name: r.name, orders: Number(r.orders ?? 0), shipments: Number(r.shipments ?? 0), failedSyncs: Number(r.failed ?? 0) }));
    res.json({ items });
  });

  router.put('/support/inspecting', requireUser(db), async (req, res) => {
    if (me(req).role !== 'support') throw new HttpProblem(403, 'Only platform support can inspect other merchants.');
    const { merchantId } = InspectRequestSchema.parse(req.body);
    const token = readCookie(req, SESSION_COOKIE)!;
    if (!(await setInspecting(db, token, merchantId))) throw new HttpProblem(404, 'There is no merchant with this id.');
    res.json(await userForSession(db, token));
  });

  router.get('/audit', requireUser(db), async (req, res) => {
    const user = me(req);
    if (user.role !== 'owner') throw new HttpProblem(403, 'Only the merchant owner can read the access log.');
    res.json(await listLooks(db, user.merchant.id));
  });

  return router;
}

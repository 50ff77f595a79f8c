import { Router } from 'express';
import { IdSchema, StartLabelBatchRequestSchema } from '@shipdesk/contract';
import type { Db } from '../db/database';
import { getLabelBatch, retryFailedInBatch, startLabelBatch } from '../use-cases/label-batch';
import { HttpProblem } from './problem';
import { me, requireUser } from './session';

export function labelBatchRoutes(db: Db): Router {
  const router = Router();
  router.use('/label-batches', requireUser(db));

  const batchId = (raw: string) => {
    const parsed = IdSchema.safeParse(raw);
    if (!parsed.success) throw new HttpProblem(404, `There is no label batch with id "${raw}".`);
    return parsed.data;
  };

  router.post('/label-batches', async (req, res) => {
    const user = me(req);
    const request = StartLabelBatchRequestSchema.parse(req.body);
    const id = await startLabelBatch(db, { merchantId: user.merchant.id, userId: user.id, ...request });
    if (!id) throw new HttpProblem(404, 'None of these shipments is in your shops.');
    res.status(202).location(`/api/label-batches/${id}`).json(await getLabelBatch(db, user.merchant.id, id));
  });

  router.get('/label-batches/:id', async (req, res) => {
    const batch = await getLabelBatch(db, me(req).merchant.id, batchId(req.params.id));
    if (!batch) throw new HttpProblem(404, `There is no label batch with id "${req.params.id}".`);
    res.json(batch);
  });

  router.post('/label-batches/:id/retry', async (req, res) => {
    const user = me(req);
    const id = batchId(req.params.id);
    const count = await retryFailedInBatch(db, user.merchant.id, id);
    if (count < 0) throw new HttpProblem(404, `There is no label batch with id "${id}".`);
    res.status(202).json(await getLabelBatch(db, user.merchant.id, id));
  });

  return router;
}

import express, { Router } from 'express';
import { ConnectShopRequestSchema, IdSchema, UpdateShopRequestSchema } from '@shipdesk/contract';
import { type Platform } from '@shipdesk/shops';
import type { Db } from '../db/database';
import type { ShopServices } from '../integrations/shop-context';
import { connectShop, detectShopFeatures, processingModeProblem, tryShop } from '../use-cases/connect-shop';
import { enqueueImport } from '../use-cases/import-shop-orders';
import { listIntegrations } from '../use-cases/list-integrations';
import { receiveWebhook } from '../use-cases/receive-webhook';
import { receiveCarrierWebhook } from '../use-cases/receive-carrier-webhook';
import { HttpProblem } from './problem';
import { me, requireUser } from './session';

export function integrationRoutes(db: Db, services: ShopServices): Router {
  const router = Router();
  router.use('/integrations', requireUser(db));

  router.get('/integrations', async (req, res) => {
    res.json(await listIntegrations(db, me(req).merchant.id));
  });

  router.post('/integrations', async (req, res) => {
    const user = me(req);
    if (user.role !== 'owner') throw new HttpProblem(403, 'Only the merchant owner can connect shops.');
    const request = ConnectShopRequestSchema.parse(req.body);
    const result = await connectShop(db, services, user.merchant.id, request);
    if (result.kind === 'invalid') {
      throw new HttpProblem(422, result.problems.map((p) => p.message).join(' '), { errors: result.problems }, 'cannot-connect');
    }
    res.status(201).location(`/api/integrations/${result.id}`).json(await listIntegrations(db, user.merchant.id));
  });

  router.patch('/integrations/:id', async (req, res) => {
    const user = me(req);
    if (user.role !== 'owner') throw new HttpProblem(403, 'Only the merchant owner can change shop settings.');
    const id = IdSchema.safeParse(req.params.id);
    const request = UpdateShopRequestSchema.parse(req.body);
    const shop = id.success
      ? await db
          .selectFrom('integrations')
          .select(['id', 'platform', 'base_url', 'credentials_encrypted'])
          .where('id', '=', id.data)
          .where('merchant_id', '=', user.merchant.id)
          .executeTakeFirst()
      : undefined;
    if (!shop) throw new HttpProblem(404, `There is no shop with id "${req.params.id}".`);
    let reconnected: { base_url?: string; credentials_encrypted: string; status?: 'active'; last_error?: null } | undefined;
    const platform = shop.platform as Platform;
    const baseUrl = (request.baseUrl ?? shop.base_url).replace(/\/+$/, '');
    let credentials = { ...(shop.credentials_encrypted ? services.secrets.open(shop.credentials_encrypted) : {}), ...request.credentials };
    if (request.baseUrl || request.credentials) {
      // Reconnect: the new address or credentials must work before they replace the old ones.
      const problem = await tryShop(services, platform, baseUrl, credentials);
      if (problem) throw new HttpProblem(422, problem.message, { errors: [problem] }, 'cannot-connect');
    }
    if (request.baseUrl || request.credentials || request.processingMode === 'shipment_level') {
      // The shop may have switched a feature on or off since (WooCommerce order fulfillments).
      credentials = await detectShopFeatures(platform, baseUrl, credentials);
      reconnected = { credentials_encrypted: services.secrets.seal(credentials) };
      if (request.baseUrl || request.credentials) Object.assign(reconnected, { base_url: baseUrl, status: 'active', last_error: null });
    }
    const modeProblem = processingModeProblem(platform, request.processingMode, credentials);
    if (modeProblem) throw new HttpProblem(422, modeProblem.message, { errors: [modeProblem] });
    await db
      .updateTable('integrations')
      .set({
        ...(request.processingMode ? { processing_mode: request.processingMode } : {}),
        ...(request.backorderPolicy ? { backorder_policy: request.backorderPolicy } : {}),
        ...reconnected,
        updated_at: new Date(),
      })
      .where('id', '=', shop.id)
      .execute();
    res.json(await listIntegrations(db, user.merchant.id));
  });

  router.post('/integrations/:id/import', async (req, res) => {
    const user = me(req);
    const id = IdSchema.safeParse(req.params.id);
    const shop = id.success
      ? await db.selectFrom('integrations').select(['id', 'name']).where('id', '=', id.data).where('merchant_id', '=', user.merchant.id).executeTakeFirst()
      : undefined;
    if (!shop) throw new HttpProblem(404, `There is no shop with id "${req.params.id}".`);
    const jobId = await enqueueImport(db, shop.id);
    res.status(202).json({ jobId, message: jobId ? `Import of ${shop.name} queued.` : `An import of ${shop.name} is already waiting to run.` });
  });

  return router;
}

/** Shops post here; the raw body is kept for the signature check. */
export function webhookRoutes(db: Db, services: ShopServices): Router {
  const router = Router();
  router.post('/webhooks/:integrationId', express.raw({ type: () => true, limit: '2mb' }), async (req, res) => {
    const id = IdSchema.safeParse(req.params.integrationId);
    if (!id.success) throw new HttpProblem(404, 'There is no shop at this webhook address.');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v]));
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await receiveWebhook(db, services, id.data, body, headers);
    switch (result.kind) {
      case 'unknown_shop':
        throw new HttpProblem(404, 'There is no shop at this webhook address.');
      case 'bad_signature':
        throw new HttpProblem(401, 'The webhook signature does not match this shop’s secret.', {}, 'bad-signature');
      case 'duplicate':
        res.status(200).json({ ok: true, duplicate: true });
        return;
      case 'accepted':
        res.status(200).json({ ok: true });
    }
  });

  router.post('/carrier-webhooks/:accountId', express.raw({ type: () => true, limit: '2mb' }), async (req, res) => {
    const id = IdSchema.safeParse(req.params.accountId);
    if (!id.success) throw new HttpProblem(404, 'There is no carrier account at this webhook address.');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v]));
    const result = await receiveCarrierWebhook(db, services.secrets, id.data, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), headers);
    if (result.kind === 'unknown_account') throw new HttpProblem(404, 'There is no carrier account with webhooks at this address.');
    if (result.kind === 'bad_signature') throw new HttpProblem(401, 'The webhook signature does not match this carrier account’s secret.', {}, 'bad-signature');
    res.status(200).json({ ok: true, shipments: result.shipments });
  });
  return router;
}

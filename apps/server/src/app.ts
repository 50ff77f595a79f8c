import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { sql } from 'kysely';
import { openApiDocument } from '@shipdesk/contract';
import type { Db } from './db/database';
import { HttpProblem, problemHandler } from './http/problem';
import { LOGIN_LIMITS, sessionRoutes } from './http/session-routes';
import { apiSecurityHeaders, crossOriginProtection, pageSecurityHeaders } from './http/security';
import { requestContext } from './observability/request-context';
import { orderRoutes } from './http/order-routes';
import { integrationRoutes, webhookRoutes } from './http/integration-routes';
import { shipmentRoutes } from './http/shipment-routes';
import { eventRoutes } from './http/event-routes';
import { supportRoutes } from './http/support-routes';
import { labelBatchRoutes } from './http/label-batch-routes';
import type { ShopServices } from './integrations/shop-context';

export interface AppOptions {
  db: Db;
  shops: ShopServices;
  /** Folder with the built web app (index.html and assets); omit to serve the API only. */
  webDir?: string;
  secureCookies?: boolean;
  loginLimits?: typeof LOGIN_LIMITS;
  /** False while the server is shutting down: /readyz then says so, for the load balancer. */
  isAccepting?: () => boolean;
}

export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // No hash of every API answer for an ETag nobody may revalidate with (they are no-store); the
  // order's own ETag (its version, for If-Match) is set by its routes, and static files keep theirs.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.use(requestContext());

  // Liveness: the process answers. Readiness: it can reach its database and is not shutting down.
  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (options.isAccepting && !options.isAccepting()) throw new HttpProblem(503, 'Shipdesk is shutting down; send new requests to another instance.', {}, 'shutting-down');
    try {
      await sql`select 1`.execute(options.db);
    } catch (error) {
      throw new HttpProblem(503, `Shipdesk cannot reach its database: ${error instanceof Error ? error.message : String(error)}`, {}, 'database-unreachable');
    }
    res.json({ ok: true, database: 'reachable' });
  });

  const api = express.Router();
  api.use(apiSecurityHeaders());
  api.use((_req, res, next) => {
    // API answers change without their ETag changing (the ETag is the order's split version, for
    // If-Match): never let a browser revalidate them into a stale 304.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(webhookRoutes(options.db, options.shops));
  api.use(crossOriginProtection());
  api.use((req, _res, next) => {
    // Writes must be JSON: this also keeps plain HTML forms on other sites from posting here.
    if (['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is('application/json')) {
      throw new HttpProblem(415, 'Send the request body as JSON, with Content-Type: application/json.');
    }
    next();
  });
  api.use(express.json({ limit: '1mb' }));
  const openapi = openApiDocument();
  api.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  api.use(sessionRoutes(options.db, { secureCookies: options.secureCookies ?? false, ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}) }));
  api.use(orderRoutes(options.db));
  api.use(shipmentRoutes(options.db, options.shops));
  api.use(eventRoutes(options.db));
  api.use(labelBatchRoutes(options.db));
  api.use(integrationRoutes(options.db, options.shops));
  api.use(supportRoutes(options.db));
  api.use((req) => {
    throw new HttpProblem(404, `There is no API route ${req.method} ${req.originalUrl}.`);
  });
  app.use('/api', api);

  if (options.webDir && existsSync(join(options.webDir, 'index.html'))) {
    const webDir = options.webDir;
    app.use(pageSecurityHeaders());
    app.use(express.static(webDir, { index: false, maxAge: '1h' }));
    // The single-page app answers every other path; react-router takes it from there.
    app.get('/{*splat}', (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(webDir, 'index.html'));
    });
  }

  app.use(problemHandler);
  return app;
}

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import request from 'supertest';
import { sql } from 'kysely';
import type { Express } from 'express';
import { createApp } from '../app';
import { openDatabase, type OpenDatabase } from '../db/database';
import { defaultConnectors } from '../integrations/connectors';
import { createSecretBox } from '../security/secrets';
import { makeMerchant, sampleOrder } from '../../test/fixtures';
import { recordReliability } from '../../test/reliability-report';
import { routesOf } from '../../test/routes';
import { oneOfEach } from '../../test/api-helpers';

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 40);
/** Tables whose content a rejected request must leave exactly as it was. */
const WATCHED = ['merchants', 'users', 'integrations', 'orders', 'order_lines', 'shipments', 'shipment_lines', 'backorders', 'shipment_events', 'jobs', 'labels', 'label_batches', 'label_batch_items', 'webhook_deliveries', 'carrier_accounts'];

/** Values a careless or hostile client sends where an id, a code or a header goes. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', 'NaN', 'null', 'undefined', 'true', '[]', '{}', '../../etc/passwd', '%00', "' or 1=1 --", '<script>alert(1)</script>', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '"v1"', 'v-1', '*', 'W/"v1"'),
  fc.integer().map(String),
  fc.string({ minLength: 300, maxLength: 3000 }),
);

/** Bodies: any JSON value, near-misses of the real shapes, and things that are not JSON at all. */
const hostileBody = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        shipments: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.array(fc.record({ key: fc.oneof(hostileString, fc.integer()), lines: fc.array(fc.record({ lineId: hostileString, quantity: fc.oneof(fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER), fc.string()) }), { maxLength: 3 }) }), { maxLength: 3 })),
        backorder: fc.jsonValue({ maxDepth: 2 }),
        email: hostileString,
        password: hostileString,
        trackingCode: hostileString,
        carrier: hostileString,
        shipmentIds: fc.oneof(fc.array(hostileString, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
        platform: fc.oneof(hostileString, fc.constantFrom('shopify', 'magento2', 'woocommerce', 'lightspeed', 'bigcommerce')),
        baseUrl: fc.oneof(hostileString, fc.constantFrom('javascript:alert(1)', 'file:///etc/passwd', 'http://', 'ftp://x')),
        credentials: fc.jsonValue({ maxDepth: 2 }),
        backorderPolicy: hostileString,
        processingMode: hostileString,
        format: hostileString,
        lineIds: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('{"shipments": [', 'not json', '\u0000\u0001', '{"__proto__": {"admin": true}}', '[' .repeat(5000), '{"a":' + '1'.repeat(400) + '}') },
);

interface Tried {
  route: string;
  statuses: Map<number, number>;
}

describe('hostile input to every route: no 5xx, no stack trace, problem+json, nothing changed', () => {
  let database: OpenDatabase;
  let app: Express;
  let agent: ReturnType<typeof request.agent>;
  let login: { email: string; password: string };
  const ids: Record<string, string> = {};
  const tried: Tried[] = [];

  async function logIn() {
    agent = request.agent(app);
    expect((await agent.post('/api/session').send(login)).status).toBe(200);
  }

  beforeAll(async () => {
    database = await openDatabase({});
    app = createApp({
      db: database.db,
      shops: { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors },
      // The fuzzer fails many log-ins from one address on purpose.
      loginLimits: { perAccount: 1_000_000, perClient: 1_000_000, windowMs: 1000 },
    });
    const owner = await makeMerchant(database.db, [sampleOrder('fuzz-1'), sampleOrder('fuzz-2')]);
    login = { email: owner.email, password: owner.password };
    await logIn();
    const { order, shipmentId, batchId } = await oneOfEach(agent);
    Object.assign(ids, { id: order.id, shipment: shipmentId, batch: batchId, integration: owner.integrationId, code: order.number, kind: 'labels' });
  });
  afterAll(async () => {
    const total = tried.reduce((n, t) => n + [...t.statuses.values()].reduce((a, b) => a + b, 0), 0);
    const all = new Map<number, number>();
    for (const t of tried) for (const [status, n] of t.statuses) all.set(status, (all.get(status) ?? 0) + n);
    recordReliability({
      id: '4-fuzz',
      title: 'Hostile input (property-based fuzzing of every route)',
      lines: [
        `- ${total.toLocaleString('en')} generated requests over ${tried.filter((t) => !t.route.endsWith('(oversized)')).length} routes (every route of the app but the never-ending live event stream, webhooks included; ${RUNS_PER_ROUTE} per route, plus an oversized body to every write): malformed, wrong-typed, boundary, oversized and injection-shaped ids, headers, query strings and bodies.`,
        `- Answers: ${[...all.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s} × ${n}`).join(', ')}. No 5xx; every error was \`application/problem+json\` with a message and no stack trace; no rejected request changed a row of ${WATCHED.length} watched tables.`,
      ],
    });
    await database?.close();
  });

  /** A fingerprint of every watched table's content. */
  async function snapshot(): Promise<string> {
    const parts = WATCHED.map((t) => sql`(select coalesce(md5(string_agg(x::text, '|' order by x::text)), '') from ${sql.table(t)} x)`);
    const row = await sql<{ fp: string }>`select concat_ws(',', ${sql.join(parts)}) as fp`.execute(database.db);
    return row.rows[0]!.fp;
  }

  function check(route: string, res: request.Response) {
    const text = typeof res.text === 'string' ? res.text : Buffer.isBuffer(res.body) ? res.body.toString('latin1') : '';
    const what = `${route} → ${res.status} ${text.slice(0, 300)}`;
    expect(res.status, what).toBeLessThan(500);
    expect(text, what).not.toMatch(/\n\s+at [\w.<>]+ \(|node_modules|\.ts:\d+/);
    if (res.status >= 400) {
      expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
      const body = JSON.parse(text) as { detail?: unknown; status?: unknown };
      expect(typeof body.detail === 'string' && body.detail.length > 5, what).toBe(true);
      expect(body.status, what).toBe(res.status);
    }
  }

  it('every route takes generated garbage without a 5xx, a leak or a change', async () => {
    // The live event stream never ends by design; its input is only the session (tested in event-routes.test.ts).
    const routes = routesOf(app).filter((r) => r !== 'GET /api/events');
    expect(routes.length).toBeGreaterThan(25);
    for (const route of routes) {
      const [method, pattern] = route.split(' ') as [string, string];
      const entry: Tried = { route, statuses: new Map() };
      tried.push(entry);
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            params: fc.dictionary(fc.constantFrom('id', 'integrationId', 'accountId', 'code', 'kind'), fc.oneof(hostileString, fc.constant('VALID'))),
            query: fc.dictionary(fc.constantFrom('q', 'status', 'cursor', 'limit', 'sort', 'from', 'to', 'shop', 'country', 'carrier', 'sync', 'format', 'shipments', fc.string({ maxLength: 8 }) as unknown as string), hostileString, { maxKeys: 4 }),
            ifMatch: fc.option(hostileString),
            idempotencyKey: fc.option(hostileString),
            contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''),
            body: hostileBody,
          }),
          async (input) => {
            const path = pattern.replace(/:(\w+)/g, (_, name: string) => {
              const value = input.params[name];
              const valid = name === 'id' ? (pattern.includes('shipments') ? ids.shipment : pattern.includes('label-batches') ? ids.batch : pattern.includes('integrations') ? ids.integration : ids.id) : name === 'integrationId' ? ids.integration : ids[name] ?? 'x';
              return encodeURIComponent(value === undefined || value === 'VALID' ? valid! : value);
            });
            const before = await snapshot();
            let req = agent[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path).query(input.query);
            if (input.ifMatch !== null) req = req.set('If-Match', input.ifMatch.replace(/[^\x20-\x7e]/g, '?'));
            if (input.idempotencyKey !== null) req = req.set('Idempotency-Key', input.idempotencyKey.replace(/[^\x20-\x7e]/g, '?'));
            if (method !== 'GET') {
              if (input.contentType) req = req.set('Content-Type', input.contentType);
              req = req.send(typeof input.body === 'string' ? input.body : JSON.stringify(input.body));
            }
            const res = await req;
            entry.statuses.set(res.status, (entry.statuses.get(res.status) ?? 0) + 1);
            check(route, res);
            if (res.status >= 400) expect(await snapshot(), `${route} was refused with ${res.status} but changed data`).toBe(before);
            if (route === 'DELETE /api/session' && res.status === 204) await logIn();
          },
        ),
        { numRuns: RUNS_PER_ROUTE, seed: Number(process.env.FUZZ_SEED ?? 20261127) },
      );
    }
  }, 600_000);

  it('refuses an oversized body on every write route with 413, as problem+json', async () => {
    const big = JSON.stringify({ shipments: [], backorder: [], padding: 'x'.repeat(2.5 * 1024 * 1024) });
    const writes = routesOf(app).filter((r) => !r.startsWith('GET '));
    for (const route of writes) {
      const [method, pattern] = route.split(' ') as [string, string];
      const path = pattern.replace(/:(\w+)/g, () => ids.id!);
      const before = await snapshot();
      const res = await agent[method.toLowerCase() as 'post'](path).set('Content-Type', 'application/json').send(big);
      check(route, res);
      expect(res.status, route).toBe(413);
      expect(await snapshot()).toBe(before);
      tried.push({ route: `${route} (oversized)`, statuses: new Map([[res.status, 1]]) });
    }
  });
});

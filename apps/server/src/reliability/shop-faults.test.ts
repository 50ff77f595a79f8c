import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail, OrdersPage } from '@shipdesk/contract';
import type { RunningSandbox } from '@shipdesk/sandbox';
import type { OpenDatabase } from '../db/database';
import { breakers, configureOutbound } from '../integrations/outbound';
import type { Worker } from '../jobs/worker';
import { testDatabases } from '../../test/databases';
import { startShopifyStack, type ShopifyStack } from '../../test/shopify-stack';
import { recordReliability } from '../../test/reliability-report';
import { drainUntil as drainUntilDone } from '../../test/api-helpers';

const TOKEN = 'shpat_faults_token';
const SECRET = 'shpss_faults_secret';
const TIMEOUT_MS = 400;
const COOLDOWN_MS = 500;

describe.each(testDatabases())('sync-back through shop faults, on $name', ({ name, open }) => {
  let database: OpenDatabase;
  let sandbox: RunningSandbox;
  let shopify: ShopifyStack['shopify'];
  let worker: Worker;
  let agent: ShopifyStack['agent'];
  let integrationId: string;
  let stack: ShopifyStack;
  const report: string[] = [];

  beforeAll(async () => {
    configureOutbound({ timeoutMs: TIMEOUT_MS, threshold: 5, cooldownMs: COOLDOWN_MS });
    stack = await startShopifyStack(open, { accessToken: TOKEN, webhookSecret: SECRET, baseBackoffMs: 20 });
    ({ database, sandbox, shopify, worker, agent } = stack);
    integrationId = await stack.connect('Faulty store');
  });
  afterAll(async () => {
    configureOutbound({ timeoutMs: 30_000, threshold: 5, cooldownMs: 30_000 });
    recordReliability({ id: `3-shop-faults-${name}`, title: `Shop faults during sync-back (${name})`, lines: report });
    await stack?.close();
  });

  async function order(number: string): Promise<OrderDetail> {
    const page = (await agent.get('/api/orders').query({ q: number, limit: 5 })).body as OrdersPage;
    const found = page.items.find((o) => o.number === number);
    if (!found) throw new Error(`No order ${number}`);
    return (await agent.get(`/api/orders/${found.id}`)).body as OrderDetail;
  }

  /** Puts the whole order in one shipment and marks it shipped, which queues its sync to the shop. */
  async function shipWhole(number: string, trackingCode: string, requestId?: string) {
    const detail = await order(number);
    const split = await agent
      .put(`/api/orders/${detail.id}/allocation`)
      .set('If-Match', `"v${detail.version}"`)
      .send({ shipments: [{ key: 'all', lines: detail.lines.map((l) => ({ lineId: l.id, quantity: l.quantity })) }], backorder: [] });
    expect(split.status).toBe(200);
    const shipment = (split.body as OrderDetail).shipments[0]!;
    const shipped = agent.post(`/api/shipments/${shipment.id}/ship`);
    if (requestId) shipped.set('X-Request-Id', requestId);
    expect((await shipped.send({ trackingCode, carrier: 'PostNL' })).status).toBe(200);
    return shipment.id;
  }

  const syncOf = async (number: string) => (await order(number)).shipments[0]!;

  const drainUntil = (done: () => Promise<boolean>, what: string, maxMs?: number) => drainUntilDone(worker, done, what, maxMs);

  const fulfillmentsWith = (trackingCode: string) => {
    const shop = shopify.state.shops.get('demo-store')!;
    return [...shop.fulfillments.values()].filter((f) => f.status === 'SUCCESS' && f.tracking.some((t) => t.number === trackingCode));
  };

  const eventsOf = async (shipmentId: string) =>
    ((await agent.get(`/api/shipments/${shipmentId}`)).body as { events: { type: string; message: string }[] }).events;

  it('waits out a 429 for as long as Retry-After says, then syncs once', async () => {
    sandbox.faults.inject('shopify', { kind: 'status', status: 429, retryAfterSeconds: 1, body: '{"errors":"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."}' });
    const started = Date.now();
    const shipmentId = await shipWhole('#1011', 'FAULT-429');
    await worker.drain();
    const job = await database.db.selectFrom('jobs').select(['status', 'run_at', 'last_error']).where('dedupe_key', '=', `sync:${shipmentId}`).executeTakeFirstOrThrow();
    expect(job.status).toBe('pending');
    expect(job.run_at.getTime() - Date.now()).toBeGreaterThan(500);
    expect(job.last_error).toMatch(/429/);
    await drainUntil(async () => (await syncOf('#1011')).syncStatus === 'synced', 'the sync after the 429');
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(fulfillmentsWith('FAULT-429')).toHaveLength(1);
    report.push(`- 429 with \`Retry-After: 1\`: the sync waited ${waited} ms (at least the 1,000 ms asked), then created exactly 1 fulfillment.`);
  });

  it('retries through 5xx answers, a cut-off JSON answer and a timeout, and creates one fulfillment each time', async () => {
    const cases = [
      { number: '#1012', tracking: 'FAULT-5XX', faults: [{ kind: 'status' as const, status: 503, times: 2 }, { kind: 'status' as const, status: 500 }], what: '503, 503, 500' },
      { number: '#1013', tracking: 'FAULT-JSON', faults: [{ kind: 'malformed' as const, times: 2 }], what: 'two 200 answers with cut-off JSON' },
      { number: '#1014', tracking: 'FAULT-TIMEOUT', faults: [{ kind: 'timeout' as const, ms: TIMEOUT_MS * 5 }], what: `no answer within the ${TIMEOUT_MS} ms timeout` },
    ];
    for (const c of cases) {
      sandbox.faults.inject('shopify', ...c.faults);
      const shipmentId = await shipWhole(c.number, c.tracking);
      await drainUntil(async () => (await syncOf(c.number)).syncStatus === 'synced', `the sync of ${c.number}`);
      expect(fulfillmentsWith(c.tracking)).toHaveLength(1);
      const failures = (await eventsOf(shipmentId)).filter((e) => e.type === 'sync_failed');
      expect(failures.length).toBeGreaterThanOrEqual(1);
      report.push(`- ${c.what}: ${failures.length} failed attempt(s) on the shipment's timeline ("${failures[0]!.message}"), then exactly 1 fulfillment.`);
    }
  });

  it('opens the circuit after repeated failures, fails with the shop’s message when retries are spent, and syncs once on retry', async () => {
    sandbox.faults.inject('shopify', { kind: 'status', status: 503, times: 1000, body: '<html><head><title>Service Unavailable</title></head></html>' });
    const before = sandbox.faults.requests('shopify').length;
    const shipmentId = await shipWhole('#1015', 'FAULT-DOWN');
    await drainUntil(async () => (await syncOf('#1015')).syncStatus === 'failed', 'the sync to fail for good', 30_000);
    const job = await database.db.selectFrom('jobs').select(['attempts', 'status']).where('dedupe_key', '=', `sync:${shipmentId}`).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const reached = sandbox.faults.requests('shopify').length - before;
    expect(job.status).toBe('failed');
    // The breaker kept some attempts from reaching the shop at all.
    expect(reached).toBeLessThan(job.attempts);
    const failed = await syncOf('#1015');
    expect(failed.syncError).toMatch(/503/);
    expect(breakers.status(`shop:${integrationId}`)).not.toBe('closed');

    sandbox.faults.clear('shopify');
    await new Promise((r) => setTimeout(r, COOLDOWN_MS + 50));
    expect((await agent.post(`/api/shipments/${shipmentId}/sync`).send({})).status).toBeLessThan(300);
    await drainUntil(async () => (await syncOf('#1015')).syncStatus === 'synced', 'the retried sync');
    expect(fulfillmentsWith('FAULT-DOWN')).toHaveLength(1);
    expect(breakers.status(`shop:${integrationId}`)).toBe('closed');
    report.push(
      `- Shop down (503 on every call): ${job.attempts} attempts with backoff and jitter, of which ${reached} reached the shop — the circuit breaker (5 failures, ${COOLDOWN_MS} ms pause in this test, 30 s in production) refused the rest without calling; the shipment showed "failed" with the shop's answer ("${failed.syncError}"); after the shop came back, one retry created exactly 1 fulfillment.`,
    );
  });

  it('carries the request id of the click into the calls made to the shop', async () => {
    const before = sandbox.faults.requests('shopify').length;
    await shipWhole('#1016', 'TRACE-1', 'support-trace-1016');
    await drainUntil(async () => (await syncOf('#1016')).syncStatus === 'synced', 'the traced sync');
    const calls = sandbox.faults.requests('shopify').slice(before);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.requestId === 'support-trace-1016')).toBe(true);
    report.push(`- Request id: the ${calls.length} calls to the shop made for one "ship" click all carried its \`X-Request-Id\`.`);
  });
});

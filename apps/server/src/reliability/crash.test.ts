import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import request from 'supertest';
import type { LabelBatch, OrderDetail, OrdersPage } from '@shipdesk/contract';
import { postnlSandbox, shopifySandbox, startSandbox, type RunningSandbox } from '@shipdesk/sandbox';
import { openDatabase, type OpenDatabase } from '../db/database';
import { createSecretBox } from '../security/secrets';
import { createPostgresDatabase } from '../../test/databases';
import { addPostnlAccount, makeMerchant } from '../../test/fixtures';
import { recordReliability } from '../../test/reliability-report';
import '../../test/provided-context';

const TOKEN = 'shpat_crash_token';
const SECRET = 'shpss_crash_secret';
const POSTNL_KEY = 'postnl-crash-key';
const LABELS = 24;
const SYNCS = 16;
const child = fileURLToPath(new URL('../../test/crash-child.ts', import.meta.url));

/** A Shipdesk server process on the given database. */
async function startServer(env: Record<string, string>): Promise<{ url: string; process: ChildProcess }> {
  // One process (no tsx wrapper process in between), so that SIGKILL hits the server itself.
  const proc = spawn(process.execPath, ['--import', 'tsx', child], { env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`The server process exited early (${code}).`)));
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const started = JSON.parse(line) as { url: string; pid: number };
      if (started.pid !== proc.pid) reject(new Error('The server runs in another process than the one the test would kill.'));
      resolve(started.url);
    });
  });
  return { url, process: proc };
}

function kill(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | false>, maxMs = 60_000): Promise<T> {
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const postgresUrl = inject('postgresUrl');

describe.skipIf(!postgresUrl)('SIGKILL in the middle of a bulk label job and of an outbox drain (PostgreSQL)', () => {
  let sandbox: RunningSandbox;
  let shopify: ReturnType<typeof shopifySandbox>;
  let postnl: ReturnType<typeof postnlSandbox>;
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let database: OpenDatabase;
  let env: Record<string, string>;
  let server: { url: string; process: ChildProcess } | null = null;
  let agent: ReturnType<typeof request.agent>;
  let login: { email: string; password: string };
  const report: string[] = [];

  async function restart() {
    server = await startServer(env);
    agent = request.agent(server.url);
    expect((await agent.post('/api/session').send(login)).status).toBe(200);
  }

  beforeAll(async () => {
    shopify = shopifySandbox({ accessToken: TOKEN, webhookSecret: SECRET, bucket: { maximumAvailable: 100_000, restoreRate: 10_000 } });
    postnl = postnlSandbox({ apiKey: POSTNL_KEY });
    sandbox = await startSandbox([shopify, postnl]);
    created = await createPostgresDatabase(postgresUrl);
    database = await openDatabase({ url: created.url });
    const key = randomBytes(32);
    env = { DATABASE_URL: created.url, SHIPDESK_SECRET_KEY: key.toString('base64'), SHIPDESK_LABEL_STALE_MS: '1500', CRASH_LOCK_MS: '1500' };
    const merchant = await makeMerchant(database.db, []);
    login = { email: merchant.email, password: merchant.password };
    await addPostnlAccount(database.db, createSecretBox(key), merchant.merchantId, sandbox.baseUrl('postnl'), POSTNL_KEY);
    await restart();
    const connected = await agent
      .post('/api/integrations')
      .send({ platform: 'shopify', name: 'Crash store', baseUrl: `${sandbox.baseUrl('shopify')}/demo-store`, credentials: { accessToken: TOKEN, webhookSecret: SECRET } });
    expect(connected.status).toBe(201);
    const integrationId = connected.headers.location!.split('/').pop()!;
    await waitFor('the import', async () => {
      const shop = await database.db.selectFrom('integrations').select('last_import_at').where('id', '=', integrationId).executeTakeFirstOrThrow();
      const waiting = await database.db.selectFrom('jobs').select('id').where('status', 'in', ['pending', 'running']).execute();
      return shop.last_import_at !== null && waiting.length === 0;
    });
  }, 120_000);

  afterAll(async () => {
    if (server) await kill(server.process);
    recordReliability({ id: '2-crash', title: 'Crash safety (SIGKILL of the server process, PostgreSQL)', lines: report });
    await database?.close();
    await created?.drop();
    await sandbox?.close();
  });

  /** Puts each order's open items in one shipment; returns the shipment ids. */
  async function oneShipmentEach(orders: OrdersPage['items'], max: number): Promise<string[]> {
    const ids: string[] = [];
    for (const summary of orders) {
      if (ids.length === max) break;
      const order = (await agent.get(`/api/orders/${summary.id}`)).body as OrderDetail;
      const open = order.lines.map((l) => ({ lineId: l.id, quantity: l.open })).filter((l) => l.quantity > 0);
      if (open.length === 0) continue;
      const res = await agent
        .put(`/api/orders/${order.id}/allocation`)
        .set('If-Match', `"v${order.version}"`)
        .send({ shipments: [...order.shipments.map((s) => ({ key: s.id, lines: s.lines })), { key: 'crash', lines: open }], backorder: order.backorder });
      expect(res.status).toBe(200);
      ids.push((res.body as OrderDetail).shipments.at(-1)!.id);
    }
    return ids;
  }

  it('a bulk label job killed midway buys every label once after the restart', async () => {
    const orders = ((await agent.get('/api/orders').query({ limit: 100, status: 'unfulfilled' })).body as OrdersPage).items;
    const shipmentIds = await oneShipmentEach(orders, LABELS);
    expect(shipmentIds).toHaveLength(LABELS);
    const parcelsBefore = postnl.parcels().length;
    // A slow carrier, so that the kill lands while calls are in flight.
    sandbox.faults.inject('postnl', { kind: 'delay', ms: 60, times: 10_000 });
    const batch = (await agent.post('/api/label-batches').send({ shipmentIds, format: 'A6' })).body as LabelBatch;
    const liveCount = async () => (await database.db.selectFrom('labels').select((eb) => eb.fn.countAll<string>().as('n')).where('shipment_id', 'in', shipmentIds).where('status', '=', 'live').executeTakeFirstOrThrow()).n;
    await waitFor('a third of the labels', async () => Number(await liveCount()) >= LABELS / 3);
    await kill(server!.process);
    expect(server!.process.signalCode).toBe('SIGKILL');
    const atKill = Number(await liveCount());
    const inFlight = await database.db.selectFrom('labels').select('id').where('shipment_id', 'in', shipmentIds).where('status', '=', 'pending').execute();

    await restart();
    const done = await waitFor('the batch to finish', async () => {
      const b = (await agent.get(`/api/label-batches/${batch.id}`)).body as LabelBatch;
      return b.pending === 0 ? b : null;
    });
    sandbox.faults.clear('postnl');
    const labels = await database.db.selectFrom('labels').select(['shipment_id', 'status', 'tracking_number', 'error']).where('shipment_id', 'in', shipmentIds).execute();
    const live = labels.filter((l) => l.status === 'live');
    const interrupted = labels.filter((l) => l.status === 'failed');
    const carrierParcels = postnl.parcels().slice(parcelsBefore);
    // Never two labels for one shipment, in Shipdesk or at the carrier.
    expect(new Set(live.map((l) => l.shipment_id)).size).toBe(live.length);
    expect(new Set(carrierParcels.map((p) => p.reference)).size).toBe(carrierParcels.length);
    // Every label Shipdesk shows is one the carrier made.
    const barcodes = new Set(carrierParcels.map((p) => p.barcode));
    expect(live.every((l) => barcodes.has(l.tracking_number!))).toBe(true);
    // A purchase the kill cut off is finished under the barcode it reserved when PostNL has no
    // parcel for it; only one the carrier did make (but whose PDF never arrived) is left to a person,
    // naming the parcel. So every shipment ends with exactly one parcel at the carrier.
    expect(interrupted.length).toBeLessThanOrEqual(inFlight.length);
    for (const l of interrupted) expect(l.error).toMatch(/after the carrier made parcel/);
    expect(live.length + interrupted.length).toBe(LABELS);
    expect(done.done + done.failed).toBe(LABELS);
    expect(carrierParcels.length).toBe(LABELS);
    report.push(
      `- Bulk labels: ${LABELS} labels, the server SIGKILLed after ${atKill} (with ${inFlight.length} purchase(s) in flight), restarted on the same database: the carrier made exactly ${carrierParcels.length} parcels, one per shipment; ${live.length} labels live in Shipdesk, ${interrupted.length} made by the carrier but cut off before their PDF arrived (named for a person to print from the carrier portal, never bought twice). Purchases cut off before PostNL made the parcel were finished under the barcode they had reserved.`,
    );
  }, 180_000);

  it('an outbox drain killed midway writes every shipment to the shop exactly once after the restart', async () => {
    const orders = ((await agent.get('/api/orders').query({ limit: 100 })).body as OrdersPage).items;
    const shipmentIds = await oneShipmentEach(orders, SYNCS);
    expect(shipmentIds.length).toBe(SYNCS);
    sandbox.faults.inject('shopify', { kind: 'delay', ms: 40, times: 10_000 });
    const tracking = shipmentIds.map((_, i) => `CRASH${String(i).padStart(6, '0')}`);
    for (const [i, id] of shipmentIds.entries()) {
      expect((await agent.post(`/api/shipments/${id}/ship`).send({ trackingCode: tracking[i], carrier: 'PostNL' })).status).toBe(200);
    }
    const syncedCount = async () => Number((await database.db.selectFrom('shipments').select((eb) => eb.fn.countAll<string>().as('n')).where('id', 'in', shipmentIds).where('sync_status', '=', 'synced').executeTakeFirstOrThrow()).n);
    await waitFor('a third of the syncs', async () => (await syncedCount()) >= SYNCS / 3);
    await kill(server!.process);
    const atKill = await syncedCount();

    await restart();
    await waitFor('every sync', async () => (await syncedCount()) === SYNCS, 90_000);
    sandbox.faults.clear('shopify');
    const shop = shopify.state.shops.get('demo-store')!;
    const fulfillments = [...shop.fulfillments.values()].filter((f) => f.status === 'SUCCESS' && f.tracking.some((t) => t.number?.startsWith('CRASH')));
    const perCode = new Map<string, number>();
    for (const f of fulfillments) for (const t of f.tracking) perCode.set(t.number!, (perCode.get(t.number!) ?? 0) + 1);
    expect([...perCode.keys()].sort()).toEqual([...tracking].sort());
    expect([...perCode.values()].every((n) => n === 1)).toBe(true);
    report.push(
      `- Sync-back: ${SYNCS} shipments written to the Shopify sandbox through the outbox, the server SIGKILLed after ${atKill} had synced, restarted: ${fulfillments.length} fulfillments in the shop, exactly one per shipment (a write cut off mid-call is found again by its tracking number instead of being repeated).`,
    );
  }, 180_000);
});

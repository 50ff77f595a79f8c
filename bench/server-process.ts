/**
 * The server side of the API and web benchmarks, run as a child process (`fork` with tsx) so the
 * load generator is a second process: opens the database (PGlite in this process, or PostgreSQL),
 * fills it with the generator, serves Shipdesk's app on a loopback port, and on request runs the
 * raw-SQL baselines in this same process through the same driver (Kysely over PGlite or `pg`).
 *
 * Talks to its parent over IPC: { id, cmd, ... } in, { id, ok, result | error } out.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql, type CompiledQuery } from 'kysely';
import type { OrdersQuery, ShipmentsQuery } from '@shipdesk/contract';
import { createApp } from '../apps/server/src/app';
import { openDatabase, type Db, type OpenDatabase } from '../apps/server/src/db/database';
import { defaultConnectors } from '../apps/server/src/integrations/connectors';
import { createSecretBox } from '../apps/server/src/security/secrets';
import { listOrders } from '../apps/server/src/use-cases/list-orders';
import { listShipments } from '../apps/server/src/use-cases/list-shipments';
import { loadOrder } from '../apps/server/src/use-cases/get-order';
import { insertShipment, SPLIT_CREATED_EVENT } from '../apps/server/src/use-cases/split-order';
import { recordingDb } from '../apps/server/test/recording-db';
import { generateData, type Generated, type GenerateOptions } from './generate';
import { nowMs, summarizeLoad, type LoadSummary } from './lib';

export interface InitRequest {
  databaseUrl?: string;
  generate: GenerateOptions;
  webDir?: string;
}

export interface InitResult {
  url: string;
  kind: 'pglite' | 'postgres';
  generated: Generated;
}

export interface PoolOrder {
  orderId: string;
  version: number;
  lines: { lineId: string; quantity: number }[];
}

export type RawTarget = { kind: 'orders'; variants: OrdersQuery[] } | { kind: 'shipments'; variants: ShipmentsQuery[] } | { kind: 'allocation'; pool: PoolOrder[] };

let database: OpenDatabase | null = null;
let merchantId = '';
let userId = '';
let closeServer: (() => Promise<void>) | null = null;
/** Which of the raw baseline's orders have a shipment now: kept across runs, as the database keeps them. */
const hasShipment = new Map<string, boolean>();

/**
 * The SQL statements a use case sends, compiled, by running it once on a database that records
 * each statement it executes and passes it on to `db`. (A plugin would not do: it sees only the
 * statements compiled during the run, and the list use cases send statements compiled before.)
 */
async function capture(db: Db, run: (db: Db) => Promise<unknown>): Promise<CompiledQuery[]> {
  const recording = recordingDb((query) => db.executeQuery(query));
  await run(recording.db);
  return recording.sent;
}

/** Runs `op` from `concurrency` loops for `durationMs`; latencies of each op in ms. */
async function closedLoop(concurrency: number, durationMs: number, op: (i: number) => Promise<boolean>): Promise<LoadSummary> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = nowMs();
  const end = start + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (nowMs() < end) {
        const i = next++;
        const t = nowMs();
        let ok = false;
        try {
          ok = await op(i);
        } catch (error) {
          ok = false;
          if (errors === 0) console.error(`bench raw baseline: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (ok) latencies.push(nowMs() - t);
        else errors++;
      }
    }),
  );
  return summarizeLoad(latencies, errors, nowMs() - start);
}

async function init(request: InitRequest): Promise<InitResult> {
  database = await openDatabase({ url: request.databaseUrl });
  const generated = await generateData(database.db, request.generate);
  merchantId = generated.merchants[0]!.id;
  userId = (await database.db.selectFrom('users').select('id').where('merchant_id', '=', merchantId).executeTakeFirstOrThrow()).id;
  const services = { secrets: createSecretBox(randomBytes(32)), connectors: defaultConnectors };
  const app = createApp({ db: database.db, shops: services, webDir: request.webDir });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  server.keepAliveTimeout = 60_000;
  closeServer = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, kind: database.kind, generated };
}

/** Orders of the benchmark merchant with no shipment yet, to split back and forth. */
async function allocationPool(size: number): Promise<PoolOrder[]> {
  const db = database!.db;
  const orders = await db
    .selectFrom('orders')
    .select(['id', 'version'])
    .where('merchant_id', '=', merchantId)
    .where('cancelled', '=', false)
    .where('shipment_count', '=', 0)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('shipments').select('shipments.id').whereRef('shipments.order_id', '=', 'orders.id'))))
    .orderBy('placed_at', 'desc')
    .limit(size)
    .execute();
  if (orders.length === 0) return [];
  const lines = await db
    .selectFrom('order_lines')
    .select(['id', 'order_id', 'quantity'])
    .where(
      'order_id',
      'in',
      orders.map((o) => o.id),
    )
    .orderBy('position')
    .execute();
  return orders.map((o) => ({ orderId: o.id, version: o.version, lines: lines.filter((l) => l.order_id === o.id).map((l) => ({ lineId: l.id, quantity: l.quantity })) }));
}

/** An order with `lines` lines and no shipment, for the drag in the browser. */
async function bigOrder(lineCount: number): Promise<{ orderId: string; skus: string[] }> {
  const db = database!.db;
  const shop = await db.selectFrom('integrations').select('id').where('merchant_id', '=', merchantId).executeTakeFirstOrThrow();
  const order = await db
    .insertInto('orders')
    .values({
      merchant_id: merchantId,
      integration_id: shop.id,
      external_id: `gid://shopify/Order/big-${lineCount}`,
      number: `#BIG${lineCount}`,
      customer_name: 'Groothandel De Grote Order',
      customer_email: 'inkoop@example.com',
      shipping_address: { name: 'Groothandel De Grote Order', street: 'Industrieweg 1', postalCode: '3542 AD', city: 'Utrecht', country: 'NL' },
      country: 'NL',
      placed_at: new Date(),
      fulfilment_status: 'unfulfilled',
      item_count: lineCount * 2,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const skus = Array.from({ length: lineCount }, (_, i) => `BIG-${String(i + 1).padStart(3, '0')}`);
  await db
    .insertInto('order_lines')
    .values(
      skus.map((sku, i) => ({
        order_id: order.id,
        external_id: `big-${i + 1}`,
        position: i + 1,
        sku,
        name: `Wholesale item ${i + 1}`,
        quantity: 2,
        unit_price_cents: 995,
        unit_weight_grams: 120,
        hs_code: '6109100010',
        origin_country: 'PT',
      })),
    )
    .execute();
  return { orderId: order.id, skus };
}

/**
 * The raw-SQL baseline of PUT /api/orders/:id/allocation: the statements splitOrder sends, in one
 * transaction. The order is locked and read by the use case's own loadOrder, so the reads stay the
 * very statements the API sends; the writes are written out. The use case answers the saved order
 * from what it loaded and wrote, so neither reads the order again.
 */
async function rawAllocation(db: Db, order: PoolOrder, create: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await loadOrder(trx, merchantId, order.orderId, true);
    const now = new Date();
    if (create) {
      // The use case's own statement: the shipment, its items and its event in one.
      await insertShipment(trx, {
        merchantId,
        orderId: order.orderId,
        number: 1,
        lines: order.lines,
        event: { ...SPLIT_CREATED_EVENT, data: { lines: order.lines } },
        actorUserId: userId,
      });
    } else {
      await sql`delete from shipments where order_id = ${order.orderId} and status = 'open'`.execute(trx);
    }
    await sql`update orders set version = version + 1, updated_at = ${now}, shipment_count = ${create ? 1 : 0}, fulfilment_status = 'unfulfilled', undo_allocation = ${JSON.stringify({ shipments: [], backorder: [] })}, undo_saved_at = ${now} where id = ${order.orderId}`.execute(trx);
  });
}

async function raw(target: RawTarget, concurrency: number, durationMs: number): Promise<LoadSummary> {
  const db = database!.db;
  if (target.kind === 'allocation') {
    const busy = new Set<string>();
    let cursor = 0;
    return closedLoop(concurrency, durationMs, async () => {
      let order: PoolOrder | undefined;
      for (let tries = 0; tries < target.pool.length && !order; tries++) {
        const candidate = target.pool[cursor++ % target.pool.length]!;
        if (!busy.has(candidate.orderId)) order = candidate;
      }
      if (!order) return false;
      busy.add(order.orderId);
      try {
        const create = !hasShipment.get(order.orderId);
        await rawAllocation(db, order, create);
        hasShipment.set(order.orderId, create);
        return true;
      } finally {
        busy.delete(order.orderId);
      }
    });
  }
  // The GET endpoints: the very statements the use case sends (captured once per variant), replayed
  // the way it sends them (in parallel).
  const compiled: CompiledQuery[][] = [];
  if (target.kind === 'orders') for (const q of target.variants) compiled.push(await capture(db, (d) => listOrders(d, merchantId, q)));
  else for (const q of target.variants) compiled.push(await capture(db, (d) => listShipments(d, merchantId, q)));
  return closedLoop(concurrency, durationMs, async (i) => {
    const queries = compiled[i % compiled.length]!;
    await Promise.all(queries.map((q) => db.executeQuery(q)));
    return true;
  });
}

type Command =
  | { cmd: 'init'; request: InitRequest }
  | { cmd: 'pool'; size: number }
  | { cmd: 'bigOrder'; lines: number }
  | { cmd: 'raw'; target: RawTarget; concurrency: number; durationMs: number }
  | { cmd: 'sql'; text: string }
  | { cmd: 'cpu' }
  | { cmd: 'close' };

async function handle(message: Command): Promise<unknown> {
  switch (message.cmd) {
    case 'init':
      return init(message.request);
    case 'pool':
      return allocationPool(message.size);
    case 'bigOrder':
      return bigOrder(message.lines);
    case 'raw':
      return raw(message.target, message.concurrency, message.durationMs);
    case 'sql':
      return (await sql.raw(message.text).execute(database!.db)).rows;
    case 'cpu': {
      // CPU time this process has used so far (ms), user and system: what a run cost it is the difference.
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    }
    case 'close':
      await closeServer?.();
      await database?.close();
      setTimeout(() => process.exit(0), 10);
      return null;
  }
}

process.on('message', (message: { id: number } & Command) => {
  handle(message).then(
    (result) => process.send!({ id: message.id, ok: true, result }),
    (error: unknown) => process.send!({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));

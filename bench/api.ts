/**
 * API under load: GET /api/orders and GET /api/shipments with filters, and
 * PUT /api/orders/:id/allocation, driven by autocannon from this process against Shipdesk served
 * by a second process (bench/server-process.ts), at several concurrencies. Baseline: the same SQL
 * the use case sends, run in the server process through the same driver at the same concurrency
 * for the same time (for the GETs the very statements, captured from the use case; for the PUT the
 * statements splitOrder sends, in one transaction).
 *
 * Latency percentiles are computed from autocannon's own per-response timings (sub-millisecond;
 * its histogram rounds to whole ms) over 2xx responses.
 */
import autocannon from 'autocannon';
import { OrdersQuerySchema, ShipmentsQuerySchema } from '@shipdesk/contract';
import { startServerProcess, type ServerProcess } from './child';
import type { Generated, GenerateOptions } from './generate';
import { log, poolLoads, ratioOf, summarizeLoad, type DbKind, type Figure, type LoadSummary } from './lib';
import type { PoolOrder, RawTarget } from './server-process';

/** The endpoints under load, by the kind of their raw baseline. */
export const API_ENDPOINTS = ['orders', 'shipments', 'allocation'] as const;
export type ApiEndpoint = (typeof API_ENDPOINTS)[number];

export interface ApiOptions {
  db: DbKind;
  databaseUrl?: string;
  generate: GenerateOptions;
  concurrencies: number[];
  durationMs: number;
  /** Concurrency at which the targets apply. */
  targetConcurrency?: number;
  /**
   * Runs of API and raw SQL, taking turns, at the highest concurrency (default 3), where the
   * targets apply and the machine is busiest: its percentiles are over all of them, so one noisy
   * moment of a shared machine weighs less on one side.
   */
  rounds?: number;
  /** Which endpoints to load (default: all). */
  endpoints?: readonly ApiEndpoint[];
}

export interface ApiResult {
  figures: Figure[];
  generated: Generated;
  rows: { endpoint: string; concurrency: number; api: LoadSummary; raw: LoadSummary }[];
}

const ORDER_FILTERS = ['limit=50', 'status=unfulfilled&limit=50', 'status=fulfilled&country=DE&limit=50', 'from=2026-05-01&to=2026-05-31&limit=50'];
const SHIPMENT_FILTERS = ['limit=50', 'status=shipped&carrier=postnl&limit=50', 'syncStatus=failed&limit=50', 'status=open&limit=50'];

async function logIn(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`Log-in for the benchmark failed: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('Log-in answered no session cookie');
  return cookie.split(';')[0]!;
}

interface CannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
}

/**
 * What a load run sends: fixed requests, which autocannon builds once and each connection sends in
 * turn (the cheapest for the load generator, which shares the machine's cores with the server), or
 * a request set up anew each time from what the earlier answers said.
 */
type Load =
  | { requests: CannonRequest[]; settle?: undefined }
  | {
      setup: (context: Record<string, unknown>) => CannonRequest;
      onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => void;
      /** Brings the load's state up to date after a run. */
      settle?: () => Promise<void>;
    };

/** One autocannon run; latencies from its per-response timings. */
async function cannon(url: string, connections: number, durationMs: number, headers: Record<string, string>, load: Load): Promise<LoadSummary & { non2xx: number }> {
  const latencies: number[] = [];
  let non2xx = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const instance = autocannon({
    url,
    connections,
    duration: durationMs / 1000,
    headers,
    requests:
      'requests' in load
        ? load.requests.map((r) => ({ ...r, headers: { ...headers, ...r.headers } }) as autocannon.Request)
        : [
            {
              setupRequest: (req: CannonRequest, context: Record<string, unknown>) => {
                const r = load.setup(context);
                return { ...req, ...r, headers: { ...headers, ...r.headers } };
              },
              ...(load.onResponse ? { onResponse: load.onResponse } : {}),
            } as unknown as autocannon.Request,
          ],
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    if (status >= 200 && status < 300) latencies.push(responseTime);
    else non2xx++;
  });
  const result = await instance;
  const cpu = process.cpuUsage(cpuBefore);
  return { ...summarizeLoad(latencies, result.errors + result.timeouts + non2xx, performance.now() - started), non2xx, clientCpuMs: (cpu.user + cpu.system) / 1000 };
}

function allocationLoad(url: string, pool: PoolOrder[], cookie: string) {
  const state = pool.map((o) => ({ ...o, hasShipment: false, busy: false }));
  let cursor = 0;
  const setup = (context: Record<string, unknown>): CannonRequest => {
    let order = state[cursor++ % state.length]!;
    for (let tries = 0; order.busy && tries < state.length; tries++) order = state[cursor++ % state.length]!;
    order.busy = true;
    context.order = order;
    const body = order.hasShipment ? { shipments: [], backorder: [] } : { shipments: [{ key: 'bench-new', lines: order.lines }], backorder: [] };
    return {
      method: 'PUT',
      path: `/api/orders/${order.orderId}/allocation`,
      body: JSON.stringify(body),
      // Sec-Fetch-Site as a browser sends it on the app's own writes (the server's CSRF check reads it).
      headers: { 'content-type': 'application/json', 'if-match': `"v${order.version}"`, 'sec-fetch-site': 'same-origin', cookie },
    };
  };
  const onResponse = (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => {
    const order = context.order as (typeof state)[number] | undefined;
    if (!order) return;
    order.busy = false;
    const etag = String(headers.etag ?? headers.ETag ?? '');
    const version = /v(\d+)/.exec(etag)?.[1];
    if (version) order.version = Number(version);
    if (status === 200) order.hasShipment = !order.hasShipment;
    else if (status === 409) {
      try {
        const current = (JSON.parse(body) as { current?: { version?: number; shipments?: unknown[] } }).current;
        if (current?.version) order.version = current.version;
        order.hasShipment = (current?.shipments?.length ?? 0) > 0;
      } catch {
        // keep what we had
      }
    }
  };
  /**
   * After a run: autocannon stops without waiting for the answers still on their way, so the orders
   * they were for may have a version this side never saw. Ask the server for those before the next
   * run, rather than send it stale versions and count the 409s as the API's errors.
   */
  const settle = async () => {
    for (const order of state.filter((o) => o.busy)) {
      const res = await fetch(`${url}/api/orders/${order.orderId}`, { headers: { cookie, accept: 'application/json' } });
      if (!res.ok) throw new Error(`Reading back order ${order.orderId} after a load run failed: HTTP ${res.status}`);
      const version = /v(\d+)/.exec(res.headers.get('etag') ?? '')?.[1];
      if (version) order.version = Number(version);
      order.hasShipment = ((await res.json()) as { shipments: unknown[] }).shipments.length > 0;
      order.busy = false;
    }
  };
  return { setup, onResponse, settle };
}

/** With BENCH_PG_STATEMENTS=1: where the database time of one load run went, statement by statement. */
async function logStatements(child: ServerProcess, label: string): Promise<void> {
  const rows = (await child.sql(
    `select calls, round(total_plan_time::numeric / greatest(calls, 1), 3) as plan_ms, round(total_exec_time::numeric / greatest(calls, 1), 3) as exec_ms,
            round((total_plan_time + total_exec_time)::numeric, 0) as total_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query
       from pg_stat_statements where calls > 10 order by total_plan_time + total_exec_time desc limit 12`,
  )) as { calls: string; plan_ms: string; exec_ms: string; total_ms: string; query: string }[];
  log(`statements during ${label}:`);
  for (const r of rows) log(`  ${r.calls.padStart(6)} calls  plan ${r.plan_ms} ms  exec ${r.exec_ms} ms  total ${r.total_ms} ms  ${r.query}`);
}

export async function benchApi(options: ApiOptions): Promise<ApiResult> {
  const child: ServerProcess = startServerProcess();
  try {
    log(`api/${options.db}: generating ${options.generate.orders.toLocaleString('en')} orders in the server process…`);
    const init = await child.init({ databaseUrl: options.databaseUrl, generate: options.generate });
    const { generated, url } = init;
    const merchant = generated.merchants[0]!;
    log(`api/${options.db}: loaded ${JSON.stringify(generated.counts)} in ${(generated.loadMs / 1000).toFixed(1)} s; merchant under load has ${merchant.orders.toLocaleString('en')} orders`);
    const cookie = await logIn(url, merchant.email, merchant.password);
    const headers = { cookie, accept: 'application/json' };

    const orderVariants = ORDER_FILTERS.map((q) => OrdersQuerySchema.parse(Object.fromEntries(new URLSearchParams(q))));
    const shipmentVariants = SHIPMENT_FILTERS.map((q) => ShipmentsQuerySchema.parse(Object.fromEntries(new URLSearchParams(q))));
    const maxConcurrency = Math.max(...options.concurrencies);
    const pool = await child.pool(Math.max(8, maxConcurrency * 8));
    if (pool.length < 4) throw new Error(`Only ${pool.length} orders without shipments to split: generate more orders.`);
    const half = Math.floor(pool.length / 2);
    const apiPool = pool.slice(0, half);
    const rawPool = pool.slice(half, half * 2);
    const allocation = allocationLoad(url, apiPool, cookie);

    const endpoints: { name: string; api: () => Load; raw: RawTarget }[] = [
      {
        name: 'GET /api/orders (filters)',
        api: () => ({ requests: ORDER_FILTERS.map((q) => ({ method: 'GET', path: `/api/orders?${q}` })) }),
        raw: { kind: 'orders', variants: orderVariants },
      },
      {
        name: 'GET /api/shipments (filters)',
        api: () => ({ requests: SHIPMENT_FILTERS.map((q) => ({ method: 'GET', path: `/api/shipments?${q}` })) }),
        raw: { kind: 'shipments', variants: shipmentVariants },
      },
      { name: 'PUT /api/orders/:id/allocation', api: () => allocation, raw: { kind: 'allocation', pool: rawPool } },
    ];

    const statementStats = options.db === 'postgres' && process.env.BENCH_PG_STATEMENTS === '1';
    if (statementStats) await child.sql('create extension if not exists pg_stat_statements');
    const rows: ApiResult['rows'] = [];
    const figures: Figure[] = [];
    const targetAt = options.targetConcurrency ?? 32;
    for (const endpoint of endpoints.filter((e) => (options.endpoints ?? API_ENDPOINTS).includes(e.raw.kind))) {
      // Warm both paths up (JIT, plans, caches) before measuring, at the highest concurrency: so the
      // pool has opened all its connections and each has prepared its statements, as on a server
      // that has been running, instead of the first measured run paying for it in its p99.
      const warm = Math.min(2000, options.durationMs);
      const w = endpoint.api();
      await cannon(url, maxConcurrency, warm, headers, w);
      await w.settle?.();
      await child.raw(endpoint.raw, maxConcurrency, warm);
      for (const c of options.concurrencies) {
        const rounds = c === maxConcurrency ? Math.max(1, options.rounds ?? 3) : 1;
        const apiRuns: LoadSummary[] = [];
        const rawRuns: LoadSummary[] = [];
        for (let round = 0; round < rounds; round++) {
          const runApi = async () => {
            const load = endpoint.api();
            if (statementStats) await child.sql('select pg_stat_statements_reset()');
            const cpuBefore = await child.cpuMs();
            const run = await cannon(url, c, options.durationMs, headers, load);
            apiRuns.push({ ...run, cpuMs: (await child.cpuMs()) - cpuBefore });
            await load.settle?.();
            if (statementStats) await logStatements(child, `${endpoint.name} @${c}`);
          };
          const runRaw = async () => {
            const cpuBefore = await child.cpuMs();
            const run = await child.raw(endpoint.raw, c, options.durationMs);
            rawRuns.push({ ...run, cpuMs: (await child.cpuMs()) - cpuBefore });
          };
          // Taking turns at going first, so a drift of the machine over the rounds evens out.
          if (round % 2 === 0) {
            await runApi();
            await runRaw();
          } else {
            await runRaw();
            await runApi();
          }
        }
        const api = poolLoads(apiRuns);
        const raw = poolLoads(rawRuns);
        // What each answer cost the server process, whatever the machine's load: the HTTP layer's
        // share without the waiting that the latencies carry.
        const perRequest = (ms: number | undefined, s: LoadSummary) => ((ms ?? Number.NaN) * 1000) / Math.max(1, s.requests + s.errors);
        const cpuPerRequest = (s: LoadSummary) => perRequest(s.cpuMs, s);
        const loadGeneratorPerRequest = (s: LoadSummary) => perRequest(s.clientCpuMs, s);
        rows.push({ endpoint: endpoint.name, concurrency: c, api, raw });
        log(
          `api/${options.db}: ${endpoint.name} @${c}${api.cpuMs !== undefined ? ` [server CPU ${cpuPerRequest(api).toFixed(0)} µs/request, raw ${cpuPerRequest(raw).toFixed(0)} µs/op; load generator ${loadGeneratorPerRequest(api).toFixed(0)} µs/request]` : ''}${rounds > 1 ? ` (${rounds} rounds: API p99 ${apiRuns.map((r) => r.p99.toFixed(1)).join(' / ')} ms, p50 ratio ${apiRuns.map((r, i) => (r.p50 / rawRuns[i]!.p50).toFixed(2)).join(' / ')})` : ''}: ${api.perSecond.toFixed(0)} req/s p50 ${api.p50.toFixed(2)} p99 ${api.p99.toFixed(2)} ms (${api.errors} errors) | raw ${raw.perSecond.toFixed(0)}/s p50 ${raw.p50.toFixed(2)} p99 ${raw.p99.toFixed(2)} ms (${raw.errors} errors)`,
        );
        const targeted = c === targetAt && options.db === 'postgres';
        const errorsNote =
          [api.errors > 0 ? `API: ${api.errors} non-2xx/errors of ${api.requests + api.errors} requests` : '', raw.errors > 0 ? `raw: ${raw.errors} failed of ${raw.requests + raw.errors}` : '']
            .filter(Boolean)
            .join('; ') || undefined;
        figures.push({
          bench: 'api',
          db: options.db,
          what: `${endpoint.name}, ${c} conn, p50`,
          value: api.p50,
          unit: 'ms',
          baseline: { what: 'raw SQL p50', value: raw.p50, unit: 'ms' },
          ratio: ratioOf(api.p50, raw.p50),
          target: targeted ? { text: '≤ 2× raw', met: api.p50 <= 2 * raw.p50 } : null,
          ...(errorsNote ? { note: errorsNote } : {}),
        });
        figures.push({
          bench: 'api',
          db: options.db,
          what: `${endpoint.name}, ${c} conn, p99`,
          value: api.p99,
          unit: 'ms',
          baseline: { what: 'raw SQL p99', value: raw.p99, unit: 'ms' },
          ratio: ratioOf(api.p99, raw.p99),
          target: targeted ? { text: '< 50 ms', met: api.p99 < 50 } : null,
        });
        figures.push({
          bench: 'api',
          db: options.db,
          what: `${endpoint.name}, ${c} conn, throughput`,
          value: api.perSecond,
          unit: 'req/s',
          baseline: { what: 'raw SQL', value: raw.perSecond, unit: 'ops/s' },
          ratio: ratioOf(api.perSecond, raw.perSecond),
          target: null,
        });
        if (c === maxConcurrency) {
          figures.push({
            bench: 'api',
            db: options.db,
            what: `${endpoint.name}, ${c} conn, server CPU per request`,
            value: cpuPerRequest(api),
            unit: 'µs',
            baseline: { what: 'raw SQL, per operation', value: cpuPerRequest(raw), unit: 'µs' },
            ratio: ratioOf(cpuPerRequest(api), cpuPerRequest(raw)),
            target: null,
          });
          // The load generator shares the machine's cores with the server and the database: what it
          // takes is not there for the API, and the raw baseline has no such cost.
          figures.push({
            bench: 'api',
            db: options.db,
            what: `${endpoint.name}, ${c} conn, load generator CPU per request`,
            value: loadGeneratorPerRequest(api),
            unit: 'µs',
            baseline: null,
            ratio: null,
            target: null,
          });
        }
      }
    }
    return { figures, generated, rows };
  } finally {
    await child.close();
  }
}

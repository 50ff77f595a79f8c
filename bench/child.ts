/** Starts bench/server-process.ts as a second process and talks to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS } from '../apps/server/src/config';
import type { LoadSummary } from './lib';
import type { InitRequest, InitResult, PoolOrder, RawTarget } from './server-process';

export interface ServerProcess {
  pid: number;
  init(request: InitRequest): Promise<InitResult>;
  pool(size: number): Promise<PoolOrder[]>;
  bigOrder(lines: number): Promise<{ orderId: string; skus: string[] }>;
  raw(target: RawTarget, concurrency: number, durationMs: number): Promise<LoadSummary>;
  sql<T = Record<string, unknown>>(text: string): Promise<T[]>;
  /** CPU time the server process has used so far, ms. */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

export function startServerProcess(env: Record<string, string> = {}): ServerProcess {
  const child: ChildProcess = fork(fileURLToPath(new URL('./server-process.ts', import.meta.url)), [], {
    // BENCH_SERVER_PROF=<folder> writes a V8 CPU profile of the server process there, to see where its time goes.
    execArgv: [...SERVER_NODE_FLAGS, '--import', 'tsx', ...(process.env.BENCH_SERVER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : [])],
    // The request log goes nowhere (as to a log shipper), so the terminal stays readable; BENCH_SERVER_LOG=1 shows it.
    stdio: ['ignore', process.env.BENCH_SERVER_LOG === '1' ? 'inherit' : 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (message: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    const w = waiting.get(message.id);
    if (!w) return;
    waiting.delete(message.id);
    if (message.ok) w.resolve(message.result);
    else w.reject(new Error(`bench server process: ${message.error}`));
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`bench server process exited with ${code}`));
    waiting.clear();
  });
  const call = <T>(message: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, ...message });
    });
  return {
    pid: child.pid ?? -1,
    init: (request) => call({ cmd: 'init', request }),
    pool: (size) => call({ cmd: 'pool', size }),
    bigOrder: (lines) => call({ cmd: 'bigOrder', lines }),
    raw: (target, concurrency, durationMs) => call({ cmd: 'raw', target, concurrency, durationMs }),
    sql: (text) => call({ cmd: 'sql', text }),
    cpuMs: () => call({ cmd: 'cpu' }),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await call({ cmd: 'close' }).catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

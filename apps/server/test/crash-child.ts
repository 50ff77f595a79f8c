// A Shipdesk server in its own process, for the crash tests to kill with SIGKILL and start again.
// Settings come from the environment; the URL it listens on is printed as one JSON line.
import { startShipdesk } from '../src/server';

const shipdesk = await startShipdesk({
  port: 0,
  host: '127.0.0.1',
  databaseUrl: process.env.DATABASE_URL,
  demo: false,
  worker: { pollMs: 20, baseBackoffMs: 50, batch: 2, lockMs: Number(process.env.CRASH_LOCK_MS ?? 1500) },
});
process.stdout.write(`${JSON.stringify({ url: shipdesk.url, pid: process.pid })}\n`);

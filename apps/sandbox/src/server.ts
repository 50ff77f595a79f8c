import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import { SandboxFaults } from './faults';

/**
 * One platform's stand-in: an Express router mounted at `/<name>` on the sandbox server, so the
 * platform's base URL is `http://127.0.0.1:<port>/<name>`. Each is written from the platform's
 * public API documentation, never from Shipdesk's connectors.
 */
export interface SandboxPlatform {
  name: string;
  router: Router;
  /** Called when the sandbox stops (timers for webhooks, tracking progress…). */
  close?(): void;
}

export interface RunningSandbox {
  url: string;
  port: number;
  /** Faults to put in front of a platform's answers, and the requests each platform received. */
  faults: SandboxFaults;
  baseUrl(name: string): string;
  close(): Promise<void>;
}

/** Starts the sandbox HTTP server on loopback with the given platforms. Port 0 picks a free one. */
export async function startSandbox(platforms: SandboxPlatform[], options: { port?: number; host?: string } = {}): Promise<RunningSandbox> {
  const app = express();
  app.disable('x-powered-by');
  const faults = new SandboxFaults();
  app.use(faults.controlRouter());
  for (const platform of platforms) app.use(`/${platform.name}`, faults.middleware(platform.name), platform.router);
  app.use((req, res) => {
    res.status(404).json({ error: `The sandbox has no ${req.method} ${req.originalUrl}` });
  });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, host, () => resolve(s));
    s.on('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  return {
    url,
    port,
    faults,
    baseUrl: (name) => `${url}/${name}`,
    async close() {
      for (const platform of platforms) platform.close?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

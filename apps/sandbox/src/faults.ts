import express, { type NextFunction, type Request, type Response, type Router } from 'express';

/**
 * Faults the sandbox can put in front of a platform's answers, to prove that Shipdesk survives
 * what real shops and carriers do on a bad day: no answer in time, 429 with Retry-After, 5xx,
 * or a 200 whose body is not valid JSON. Each fault answers the next `times` requests to that
 * platform (default 1) and is then used up.
 */
export type Fault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; body?: string; times?: number }
  | { kind: 'timeout'; ms: number; times?: number }
  | { kind: 'malformed'; times?: number }
  /** Answers normally, but only after `ms`: a slow upstream, which does its work even if the caller has gone. */
  | { kind: 'delay'; ms: number; times?: number };

export interface SeenRequest {
  method: string;
  path: string;
  requestId: string | null;
  at: number;
}

export class SandboxFaults {
  private readonly queued = new Map<string, (Fault & { left: number })[]>();
  private readonly seen = new Map<string, SeenRequest[]>();
  /** Faults served so far, per platform and kind, for reports. */
  readonly served = new Map<string, number>();

  inject(platform: string, ...faults: Fault[]): void {
    const list = this.queued.get(platform) ?? [];
    for (const fault of faults) list.push({ ...fault, left: fault.times ?? 1 });
    this.queued.set(platform, list);
  }

  clear(platform?: string): void {
    if (platform) this.queued.delete(platform);
    else this.queued.clear();
  }

  /** The requests a platform received (newest last), with the X-Request-Id each carried. */
  requests(platform: string): SeenRequest[] {
    return this.seen.get(platform) ?? [];
  }

  private take(platform: string): Fault | null {
    const list = this.queued.get(platform);
    const next = list?.[0];
    if (!list || !next) return null;
    next.left--;
    if (next.left <= 0) list.shift();
    return next;
  }

  /** Middleware in front of one platform's router. Test hooks under `/__sandbox` are never faulted. */
  middleware(platform: string) {
    return (req: Request, res: Response, next: NextFunction) => {
      if (req.path.startsWith('/__sandbox')) return next();
      const seen = this.seen.get(platform) ?? [];
      seen.push({ method: req.method, path: req.path, requestId: req.get('x-request-id') ?? null, at: Date.now() });
      if (seen.length > 10_000) seen.shift();
      this.seen.set(platform, seen);
      const fault = this.take(platform);
      if (!fault) return next();
      const key = `${platform}:${fault.kind === 'status' ? fault.status : fault.kind}`;
      this.served.set(key, (this.served.get(key) ?? 0) + 1);
      switch (fault.kind) {
        case 'status':
          if (fault.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSeconds));
          res.status(fault.status).type(fault.body?.trimStart().startsWith('{') ? 'application/json' : 'text/html').send(fault.body ?? `<html><body><h1>${fault.status}</h1></body></html>`);
          return;
        case 'delay':
          setTimeout(next, fault.ms);
          return;
        case 'malformed':
          res.status(200).type('application/json').send('{"data": {"order": {"id": ');
          return;
        case 'timeout': {
          // Hold the request without answering, as an overloaded upstream does; then drop it.
          const timer = setTimeout(() => res.socket?.destroy(), fault.ms);
          res.on('close', () => clearTimeout(timer));
          return;
        }
      }
    };
  }

  /** `POST /__faults/<platform>` with a Fault (or a list) as JSON; `DELETE` clears them. */
  controlRouter(): Router {
    const router = express.Router();
    router.post('/__faults/:platform', express.json(), (req, res) => {
      const body = req.body as Fault | Fault[];
      this.inject(String(req.params.platform), ...(Array.isArray(body) ? body : [body]));
      res.status(204).end();
    });
    router.delete('/__faults/:platform', (req, res) => {
      this.clear(String(req.params.platform));
      res.status(204).end();
    });
    return router;
  }
}

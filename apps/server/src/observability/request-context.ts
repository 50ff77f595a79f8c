import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { logger } from './logger';

/** What is known about the piece of work in progress: the request or job it serves. */
interface WorkContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** An incoming id is kept only when it is short and plain; anything else gets a fresh one. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The id of the request or job being served, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs `work` with this request id, so logs and outgoing calls made inside it carry it. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

declare module 'express-serve-static-core' {
  interface Request {
    id?: string;
  }
}

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is a sane one), sends it back,
 * runs the rest of the request under it and logs one line when the answer is sent.
 */
export function requestContext() {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get(REQUEST_ID_HEADER);
    const id = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : 'info';
      logger[level]({ reqId: id, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    storage.run({ requestId: id }, next);
  };
}

/**
 * A fetch for calls to shops and carriers that carries the current request id in
 * `X-Request-Id`, so a support engineer can follow one click through to the platform's logs.
 */
export function tracedFetch(base: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const requestId = currentRequestId();
    if (!requestId) return base(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has(REQUEST_ID_HEADER)) headers.set(REQUEST_ID_HEADER, requestId);
    return base(input, { ...init, headers });
  };
}

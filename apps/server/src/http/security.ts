import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { HttpProblem } from './problem';

/**
 * The Content-Security-Policy the built web app runs under: only its own scripts and styles (no
 * inline script, no eval), data: images for the favicon and barcodes, API calls and the live
 * event stream to the same origin, and no framing by other sites.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  upgradeInsecureRequests: null,
};

/** Security headers for the web app's pages and assets, with the strict CSP. */
export const pageSecurityHeaders = (): RequestHandler =>
  helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY }, hsts: false });

/**
 * Security headers for API answers. No CSP here: the answers are JSON and PDFs (a CSP on a PDF
 * keeps some browsers' viewers from showing it); nosniff keeps JSON from being run as anything else.
 */
export const apiSecurityHeaders = (): RequestHandler =>
  helmet({ contentSecurityPolicy: false, hsts: false, crossOriginResourcePolicy: { policy: 'same-origin' } });

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for every state-changing request, from what browsers say about where a request
 * comes from (the approach of Go's http.CrossOriginProtection and OWASP's Fetch Metadata advice):
 * a write is refused when `Sec-Fetch-Site` says another site made it, or, from browsers that do
 * not send that header, when `Origin` names another host. Requests without either (curl, server
 * to server) carry no ambient browser credentials to abuse and pass. Session cookies are also
 * SameSite=Lax, and writes must be JSON, which another site cannot send without a CORS preflight
 * that this server never grants.
 */
export function crossOriginProtection(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get('Sec-Fetch-Site');
    if (site) {
      if (site === 'same-origin' || site === 'none') return next();
      throw new HttpProblem(403, 'This request came from another web site, so Shipdesk refused it. Use Shipdesk itself to make changes.', {}, 'cross-origin-request');
    }
    const origin = req.get('Origin');
    if (!origin || origin === 'null') {
      if (origin === 'null') throw new HttpProblem(403, 'This request came from an opaque origin, so Shipdesk refused it.', {}, 'cross-origin-request');
      return next();
    }
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw new HttpProblem(403, 'The Origin header of this request is not a valid origin.', {}, 'cross-origin-request');
    }
    if (host === req.get('Host')) return next();
    throw new HttpProblem(403, `This request came from ${origin}, another web site, so Shipdesk refused it.`, {}, 'cross-origin-request');
  };
}

/**
 * Counts failures per key in a sliding window, to slow down password guessing: after `max`
 * failed log-ins for one e-mail address or from one address within `windowMs`, further attempts
 * are refused until the oldest failure leaves the window.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((at) => at > cutoff);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  blockedFor(key: string): number {
    const list = this.recent(key);
    if (list.length < this.max) return 0;
    return list[list.length - this.max]! + this.windowMs - this.now();
  }

  fail(key: string): void {
    const list = this.recent(key);
    list.push(this.now());
    this.failures.set(key, list);
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value!);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}

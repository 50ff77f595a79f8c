import { ShopError } from '../connector';
import { readShopBody } from '../http-body';

/**
 * Calls to the Lightspeed eCom API with its rate limits respected. Every answer says, per window
 * (5 minutes, hour, day — slash-separated), how many calls are allowed (X-RateLimit-Limit), left
 * (X-RateLimit-Remaining) and how many seconds until the window starts afresh (X-RateLimit-Reset).
 * When a window is used up, the next call waits until it resets; a 429 waits the same way and is
 * tried again. No rate is assumed: the waits come from the headers the shop sends.
 */

export interface LightspeedHttp {
  /** The cluster: https://api.webshopapp.com (eu1), https://api.shoplightspeed.com (us1), or the sandbox. */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  language: string;
  fetch?: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  timeoutMs?: number;
  /** How many times a 429 is waited out before giving up. Default 3. */
  maxRateLimitRetries?: number;
}

export interface RateLimitState {
  limits: number[];
  remaining: number[];
  resetSeconds: number[];
  /** Date.now() when the headers arrived. */
  receivedAt: number;
}

const list = (value: string | null): number[] =>
  value === null ? [] : value.split('/').map((v) => Number(v.trim())).filter((n) => Number.isFinite(n));

export function readRateLimit(headers: Headers): RateLimitState | null {
  const remaining = list(headers.get('x-ratelimit-remaining'));
  const resetSeconds = list(headers.get('x-ratelimit-reset'));
  if (remaining.length === 0 || resetSeconds.length === 0) return null;
  return { limits: list(headers.get('x-ratelimit-limit')), remaining, resetSeconds, receivedAt: Date.now() };
}

/** Milliseconds until every used-up window has reset; 0 when calls are left in all of them. */
export function waitForRateLimit(state: RateLimitState | null): number {
  if (!state) return 0;
  let waitMs = 0;
  state.remaining.forEach((left, i) => {
    if (left <= 0) waitMs = Math.max(waitMs, (state.resetSeconds[i] ?? 0) * 1000);
  });
  return Math.max(0, waitMs - (Date.now() - state.receivedAt));
}

export class LightspeedClient {
  private rateLimit: RateLimitState | null = null;

  constructor(private readonly http: LightspeedHttp) {}

  /** The last rate-limit headers seen (for support screens and tests). */
  get lastRateLimit(): RateLimitState | null {
    return this.rateLimit;
  }

  async request<T>(method: 'GET' | 'PUT', resource: string, options: { query?: Record<string, string | number | undefined>; body?: unknown } = {}): Promise<T> {
    const url = new URL(`${this.http.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(this.http.language)}/${resource}.json`);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const what = `${method} /${this.http.language}/${resource}.json`;
    const maxRetries = this.http.maxRateLimitRetries ?? 3;

    for (let attempt = 0; ; attempt++) {
      const wait = waitForRateLimit(this.rateLimit);
      if (wait > 0) await this.http.sleep(wait);

      let response: Response;
      try {
        response = await (this.http.fetch ?? fetch)(url, {
          method,
          headers: {
            accept: 'application/json',
            authorization: `Basic ${Buffer.from(`${this.http.apiKey}:${this.http.apiSecret}`).toString('base64')}`,
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          signal: AbortSignal.timeout(this.http.timeoutMs ?? 30_000),
        });
      } catch (error) {
        throw new ShopError('lightspeed', `Lightspeed eCom at ${url.origin} could not be reached (${what}): ${error instanceof Error ? error.message : String(error)}`, {
          status: 0,
          retryable: true,
        });
      }
      const limits = readRateLimit(response.headers);
      if (limits) this.rateLimit = limits;
      const { body } = await readShopBody(response);
      if (response.ok) return body as T;

      if (response.status === 429) {
        const retryAfter = Number(response.headers.get('retry-after'));
        const waitMs = Math.max(waitForRateLimit(limits), Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0);
        if (attempt < maxRetries && waitMs > 0) {
          // The headers said which window is empty and when it resets: wait for it, then try again.
          this.rateLimit = limits ?? { limits: [], remaining: [0], resetSeconds: [waitMs / 1000], receivedAt: Date.now() };
          continue;
        }
        throw new ShopError('lightspeed', `Lightspeed eCom rate limit reached (${what}); try again in ${Math.ceil(waitMs / 1000)} s`, {
          status: 429,
          retryable: true,
          retryAfterMs: waitMs,
          body,
        });
      }

      const message = body !== null && typeof body === 'object' ? (body as { error?: { message?: unknown } }).error?.message : undefined;
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new ShopError(
        'lightspeed',
        `Lightspeed eCom refused ${what}: ${typeof message === 'string' ? message : response.status >= 500 ? 'the API is unavailable' : `HTTP ${response.status}`} (HTTP ${response.status})`,
        {
          status: response.status,
          retryable: response.status >= 500,
          ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
          body,
        },
      );
    }
  }
}

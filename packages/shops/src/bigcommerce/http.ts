import { ShopError } from '../connector';
import { readShopBody } from '../http-body';

/**
 * Calls to one BigCommerce store's REST Management API: `X-Auth-Token` with the API account's
 * access token, JSON in and out, against `{baseUrl}/v2/…` and `{baseUrl}/v3/…` where the base URL
 * is `https://api.bigcommerce.com/stores/{store_hash}` (or the sandbox).
 *
 * Rate limits ("API rate limits"): every answer says how many requests are left in the current
 * window (X-Rate-Limit-Requests-Left) and when it is refreshed (X-Rate-Limit-Time-Reset-Ms). When
 * none are left, the next call waits for the reset first; a 429 waits the same way and is tried
 * again (up to maxRateLimitRetries), after which a retryable ShopError carries the wait.
 *
 * Errors: V2 answers `[{"status": 400, "message": "…"}]`, V3 `{"status", "title", "errors": {…}}`;
 * both become a ShopError with the store's message. 4xx is not retryable; 5xx, 429 and network
 * failures are.
 */

export interface BigCommerceHttpOptions {
  /** `https://api.bigcommerce.com/stores/{store_hash}`, or the sandbox's equivalent. */
  baseUrl: string;
  accessToken: string;
  fetch?: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  timeoutMs?: number;
  maxRateLimitRetries?: number;
}

export interface BigCommerceRateLimitState {
  left: number;
  quota: number | null;
  resetMs: number;
  receivedAt: number;
}

export function readBigCommerceRateLimit(headers: Headers): BigCommerceRateLimitState | null {
  const left = headers.get('x-rate-limit-requests-left');
  const reset = headers.get('x-rate-limit-time-reset-ms');
  if (left === null || reset === null || !Number.isFinite(Number(left)) || !Number.isFinite(Number(reset))) return null;
  const quota = headers.get('x-rate-limit-requests-quota');
  return { left: Number(left), quota: quota !== null && Number.isFinite(Number(quota)) ? Number(quota) : null, resetMs: Math.max(0, Number(reset)), receivedAt: Date.now() };
}

/** A little slack on top of the store's reset time, for the clocks of the store and of Shipdesk. */
const RESET_MARGIN_MS = 50;

/** Milliseconds to wait before the next call: the rest of the window (and a margin) when no requests are left. */
export function bigCommerceWaitMs(state: BigCommerceRateLimitState | null): number {
  if (!state || state.left > 0) return 0;
  return Math.max(0, state.resetMs - (Date.now() - state.receivedAt)) + RESET_MARGIN_MS;
}

/** The store's message from a V2 (array) or V3 (object) error body. */
export function bigCommerceErrorMessage(body: unknown): string | null {
  if (Array.isArray(body)) {
    const messages = body
      .map((e: unknown) => (e !== null && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string' ? (e as { message: string }).message : null))
      .filter((m): m is string => m !== null);
    return messages.length ? messages.join('; ') : null;
  }
  if (body !== null && typeof body === 'object') {
    const { title, detail, errors } = body as { title?: unknown; detail?: unknown; errors?: unknown };
    const parts: string[] = [];
    if (typeof title === 'string') parts.push(title);
    if (typeof detail === 'string' && detail !== title) parts.push(detail);
    if (errors !== null && typeof errors === 'object' && !Array.isArray(errors)) {
      for (const [field, why] of Object.entries(errors)) if (typeof why === 'string') parts.push(`${field}: ${why}`);
    }
    return parts.length ? parts.join('; ') : null;
  }
  return null;
}

export type BigCommerceQuery = Record<string, string | number | undefined>;

export class BigCommerceClient {
  private rateLimit: BigCommerceRateLimitState | null = null;
  private readonly root: string;

  constructor(private readonly options: BigCommerceHttpOptions) {
    this.root = options.baseUrl.replace(/\/+$/, '');
  }

  /** The last rate-limit headers seen (for support screens and tests). */
  get lastRateLimit(): BigCommerceRateLimitState | null {
    return this.rateLimit;
  }

  /** A request; a 204 No Content (an empty V2 collection) answers null. */
  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: { query?: BigCommerceQuery; body?: unknown } = {}): Promise<T | null> {
    const url = new URL(`${this.root}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const what = `${method} ${path}`;
    if (!this.options.accessToken) {
      throw new ShopError(
        'bigcommerce',
        'The BigCommerce connection has no access token (credentials.accessToken): create a store-level API account (Settings › API › Store-level API accounts) with the Orders modify scope and copy its access token.',
        { status: 401, retryable: false },
      );
    }
    const maxRetries = this.options.maxRateLimitRetries ?? 3;

    for (let attempt = 0; ; attempt++) {
      const wait = bigCommerceWaitMs(this.rateLimit);
      if (wait > 0) {
        await this.options.sleep(wait);
        this.rateLimit = null;
      }
      let response: Response;
      try {
        response = await (this.options.fetch ?? fetch)(url, {
          method,
          headers: {
            accept: 'application/json',
            'x-auth-token': this.options.accessToken,
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        throw new ShopError('bigcommerce', `BigCommerce could not be reached (${what}): ${reason}`, { status: 0, retryable: true });
      }
      const limits = readBigCommerceRateLimit(response.headers);
      if (limits) this.rateLimit = limits;
      const { text, body } = await readShopBody(response);
      if (response.status === 204) return null;
      if (response.ok) {
        if (typeof body === 'string') {
          throw new ShopError('bigcommerce', `BigCommerce answered ${what} with something that is not JSON (HTTP ${response.status}).`, { status: response.status, retryable: true, body: text.slice(0, 500) });
        }
        return body as T;
      }

      if (response.status === 429) {
        const retryAfter = Number(response.headers.get('retry-after'));
        const waitMs = Math.max(limits?.resetMs ?? 0, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0) || 1000;
        if (attempt < maxRetries) {
          // Wait out the window the headers name, then try again.
          this.rateLimit = { left: 0, quota: limits?.quota ?? null, resetMs: waitMs, receivedAt: Date.now() };
          continue;
        }
        throw new ShopError('bigcommerce', `BigCommerce rate limit reached (${what}); try again in ${Math.ceil(waitMs / 1000)} s`, { status: 429, retryable: true, retryAfterMs: waitMs, body });
      }

      const shopMessage = bigCommerceErrorMessage(body);
      const retryable = response.status >= 500 || response.status === 408;
      const message = shopMessage
        ? `BigCommerce refused ${what}: ${shopMessage} (HTTP ${response.status})`
        : retryable
          ? `BigCommerce is unavailable (${what}, HTTP ${response.status}); try again later.`
          : `BigCommerce refused ${what} (HTTP ${response.status}).`;
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new ShopError('bigcommerce', message, {
        status: response.status,
        retryable,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
        body: typeof body === 'string' ? body.slice(0, 500) : body,
      });
    }
  }

  /** Every row of a paged V2 collection (page / limit, 204 past the end). */
  async all<T>(path: string, limit = 250): Promise<T[]> {
    const rows: T[] = [];
    for (let page = 1; ; page++) {
      const batch = await this.request<T[]>('GET', path, { query: { page, limit } });
      if (!batch || batch.length === 0) return rows;
      rows.push(...batch);
      if (batch.length < limit) return rows;
    }
  }
}

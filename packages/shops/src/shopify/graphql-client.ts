import { ShopError } from '../connector';
import { SHOPIFY_API_VERSION } from './api-version';

/** `extensions.cost.throttleStatus` of a GraphQL Admin API response. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface GraphqlError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
  path?: (string | number)[];
}

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: GraphqlError[] | string | Record<string, unknown>;
  extensions?: { cost?: { requestedQueryCost?: number; actualQueryCost?: number | null; throttleStatus?: ThrottleStatus } };
}

/** How often a THROTTLED answer is waited out and retried before giving up with a retryable error. */
const MAX_THROTTLED_RETRIES = 5;
/** How long one call may take before it counts as failed (and is retried). */
const REQUEST_TIMEOUT_MS = 30_000;
/** A little slack on top of the computed wait, for clock skew between us and Shopify. */
const WAIT_MARGIN_MS = 50;

/**
 * The transport to one shop's GraphQL Admin API. It keeps the leaky bucket as Shopify last
 * reported it (`extensions.cost.throttleStatus`) and, before each call, waits until the bucket
 * has restored enough for what that kind of query requested last time; a THROTTLED answer is waited
 * out and retried. Rates are never assumed: they come from the shop's own answers.
 */
export class ShopifyGraphqlClient {
  readonly endpoint: string;
  private throttle: { status: ThrottleStatus; at: number } | null = null;
  /** Requested cost last seen per operation name, to know how much to wait for before sending it again. */
  private readonly expectedCost = new Map<string, number>();

  constructor(
    baseUrl: string,
    private readonly accessToken: string,
    private readonly fetchImpl: typeof fetch,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {
    this.endpoint = `${baseUrl.replace(/\/+$/, '')}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
  }

  /** The bucket as last reported, for diagnostics. */
  get throttleStatus(): ThrottleStatus | null {
    return this.throttle?.status ?? null;
  }

  /** Points available now, estimated from the last report and the restore rate. */
  private availableNow(): number | null {
    if (!this.throttle) return null;
    const { status, at } = this.throttle;
    return Math.min(status.maximumAvailable, status.currentlyAvailable + ((this.now() - at) / 1000) * status.restoreRate);
  }

  /** How long until the bucket holds `cost` points, by the last report; 0 when it already does. */
  private msUntilAvailable(cost: number): number {
    const available = this.availableNow();
    if (available === null || !this.throttle) return 0;
    const { maximumAvailable, restoreRate } = this.throttle.status;
    // More than the bucket can ever hold: waiting will not help, Shopify will say so.
    if (available >= cost || cost > maximumAvailable || restoreRate <= 0) return 0;
    return Math.ceil(((cost - available) / restoreRate) * 1000) + WAIT_MARGIN_MS;
  }

  private observe(body: GraphqlResponse<unknown> | null) {
    const status = body?.extensions?.cost?.throttleStatus;
    if (status && typeof status.currentlyAvailable === 'number' && typeof status.restoreRate === 'number') {
      this.throttle = { status, at: this.now() };
    }
  }

  /** Runs one named operation; returns its data or throws a ShopError saying whether a retry can help. */
  async request<T>(operationName: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const expected = this.expectedCost.get(operationName);
      if (expected !== undefined) {
        const wait = this.msUntilAvailable(expected);
        if (wait > 0) await this.sleep(wait);
      }
      const { status, body, retryAfterMs } = await this.post<T>(operationName, query, variables);
      this.observe(body);
      const requested = body?.extensions?.cost?.requestedQueryCost;
      if (typeof requested === 'number') this.expectedCost.set(operationName, requested);

      if (status === 401 || status === 403) {
        throw new ShopError('shopify', `Shopify refused the access token (HTTP ${status}): ${describeErrors(body?.errors) ?? 'no details'}`, { status, retryable: false, body });
      }
      if (status === 404) {
        throw new ShopError('shopify', `Shopify answered 404 for ${this.endpoint}: check the shop address and API version ${SHOPIFY_API_VERSION}`, { status, retryable: false, body });
      }
      if (status === 429 || status >= 500) {
        throw new ShopError('shopify', `Shopify is unavailable (HTTP ${status}); try again later`, { status, retryable: true, retryAfterMs, body });
      }
      if (status === 200 && body === null) {
        // A cut-off or garbled answer: the call may or may not have been carried out. Trying again
        // is safe, because every write Shipdesk makes is first looked up (by tracking number).
        throw new ShopError('shopify', `Shopify answered ${operationName} with something that is not JSON; trying again later`, { status, retryable: true });
      }
      if (status !== 200 || body === null) {
        throw new ShopError('shopify', `Shopify answered HTTP ${status} to ${operationName}: ${describeErrors(body?.errors) ?? 'unexpected response'}`, { status, retryable: false, body });
      }

      const errors = Array.isArray(body.errors) ? body.errors : body.errors ? [{ message: describeErrors(body.errors) ?? 'error' }] : [];
      if (errors.length > 0) {
        const codes = errors.map((e) => e.extensions?.code);
        if (codes.includes('THROTTLED')) {
          const wait = Math.max(this.msUntilAvailable(requested ?? 0), WAIT_MARGIN_MS);
          if (attempt < MAX_THROTTLED_RETRIES) {
            await this.sleep(wait);
            continue;
          }
          throw new ShopError('shopify', `Shopify kept throttling ${operationName} after ${attempt + 1} attempts`, { status, retryable: true, retryAfterMs: wait, body });
        }
        const retryable = codes.includes('INTERNAL_SERVER_ERROR') || codes.includes('SERVICE_UNAVAILABLE');
        throw new ShopError('shopify', `Shopify refused ${operationName}: ${errors.map((e) => (e.extensions?.code ? `${e.message} (${e.extensions.code})` : e.message)).join('; ')}`, {
          status,
          retryable,
          body,
        });
      }
      if (body.data == null) throw new ShopError('shopify', `Shopify returned no data for ${operationName}`, { status, retryable: true, body });
      return body.data;
    }
  }

  private async post<T>(operationName: string, query: string, variables: Record<string, unknown>) {
    let res: Response;
    try {
      res = await this.fetchImpl(this.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Shopify-Access-Token': this.accessToken },
        body: JSON.stringify({ query, variables, operationName }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new ShopError('shopify', `Shopify could not be reached at ${this.endpoint}: ${err instanceof Error ? err.message : String(err)}`, { status: 0, retryable: true });
    }
    const text = await res.text().catch(() => '');
    let body: GraphqlResponse<T> | null = null;
    try {
      body = text ? (JSON.parse(text) as GraphqlResponse<T>) : null;
    } catch {
      body = null;
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    return { status: res.status, body, retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined };
  }
}

function describeErrors(errors: unknown): string | null {
  if (errors == null) return null;
  if (typeof errors === 'string') return errors;
  if (Array.isArray(errors)) return errors.map((e) => (typeof e === 'object' && e && 'message' in e ? String((e as { message: unknown }).message) : String(e))).join('; ');
  return JSON.stringify(errors);
}

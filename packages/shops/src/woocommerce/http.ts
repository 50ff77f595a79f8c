import { ShopError } from '../connector';
import { readShopBody } from '../http-body';

/**
 * One call to a WooCommerce store's REST API (wp-json). Auth is a REST API key sent as HTTP Basic
 * (consumer key : consumer secret), which is what WooCommerce takes over HTTPS. Non-2xx answers
 * become a ShopError carrying WordPress's own {code, message}; 429, 5xx and network failures are
 * retryable, everything else is not.
 */

export interface WooHttp {
  /** The site URL (https://shop.example.com, or the sandbox's http://127.0.0.1:<port>/woocommerce). */
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface WooResponse<T> {
  body: T;
  headers: Headers;
  status: number;
}

export async function wooRequest<T>(
  http: WooHttp,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { query?: Record<string, string | number | boolean | undefined>; body?: unknown } = {},
): Promise<WooResponse<T>> {
  const url = new URL(http.baseUrl.replace(/\/+$/, '') + path);
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Basic ${Buffer.from(`${http.consumerKey}:${http.consumerSecret}`).toString('base64')}`,
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const what = `${method} ${url.pathname}`;

  let response: Response;
  try {
    response = await (http.fetch ?? fetch)(url, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(http.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new ShopError('woocommerce', `WooCommerce store at ${url.origin} could not be reached (${what}): ${error instanceof Error ? error.message : String(error)}`, {
      status: 0,
      retryable: true,
    });
  }

  const { body } = await readShopBody(response);

  if (!response.ok) {
    const wpError = body !== null && typeof body === 'object' ? (body as { code?: unknown; message?: unknown }) : undefined;
    const retryable = response.status === 429 || response.status >= 500;
    const retryAfter = Number(response.headers.get('retry-after'));
    const detail =
      typeof wpError?.message === 'string'
        ? `${wpError.message}${typeof wpError.code === 'string' ? ` (${wpError.code})` : ''}`
        : response.status === 503
          ? 'the store is unavailable (maintenance mode or overloaded)'
          : `HTTP ${response.status}`;
    throw new ShopError('woocommerce', `WooCommerce refused ${what}: ${detail}`, {
      status: response.status,
      retryable,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      body,
    });
  }
  return { body: body as T, headers: response.headers, status: response.status };
}

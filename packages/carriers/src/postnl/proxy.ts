import { CarrierError } from '../connector';
import { postnlError } from './response';

/**
 * The HTTP call: PostNL's REST APIs take the API key in the `apikey` header and speak JSON.
 * Non-2xx answers become a CarrierError carrying PostNL's own message.
 */

export interface PostnlHttp {
  /** https://api.postnl.nl, https://api-sandbox.postnl.nl, or the Shipdesk sandbox's /postnl. */
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}

export interface PostnlCall {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

export async function postnlCall(http: PostnlHttp, call: PostnlCall): Promise<unknown> {
  const url = new URL(http.baseUrl.replace(/\/+$/, '') + call.path);
  for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
  const headers: Record<string, string> = { apikey: http.apiKey, accept: 'application/json' };
  if (call.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await (http.fetch ?? fetch)(url, {
      method: call.method,
      headers,
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      signal: AbortSignal.timeout(http.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new CarrierError({
      carrier: 'PostNL',
      carrierMessage: timedOut
        ? `no answer from ${url.origin} within ${http.timeoutMs ?? 30_000} ms (${call.method} ${call.path})`
        : `could not reach ${url.origin} (${call.method} ${call.path}): ${error instanceof Error ? error.message : String(error)}`,
      retryable: true,
      code: timedOut ? 'timeout' : 'network',
      cause: error,
    });
  }

  const text = await response.text();
  let body: unknown = undefined;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) throw postnlError(response.status, body, `${call.method} ${call.path}`);
  if (typeof body !== 'object' || body === null) {
    throw new CarrierError({
      carrier: 'PostNL',
      carrierMessage: `expected JSON from ${call.method} ${call.path}, got: ${text.slice(0, 200) || '(empty body)'}`,
      httpStatus: response.status,
      retryable: false,
      code: 'invalid_response',
    });
  }
  return body;
}

import { callCarrierJson } from '../http';
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

  const what = `${call.method} ${call.path}`;
  const { body } = await callCarrierJson({
    carrier: 'PostNL',
    url,
    init: { method: call.method, headers, ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}) },
    timeoutMs: http.timeoutMs ?? 30_000,
    what,
    fetch: http.fetch,
    toError: (status, errorBody) => postnlError(status, errorBody, what),
  });
  return body;
}

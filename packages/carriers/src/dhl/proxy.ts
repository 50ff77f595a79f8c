import { CarrierError } from '../connector';
import { callCarrierJson } from '../http';
import { dhlError } from './response';

/**
 * The HTTP call. Parcel DE Shipping v2 wants the `dhl-api-key` header plus HTTP Basic with the
 * business customer portal user; the Shipment Tracking – Unified API only the `DHL-API-Key`
 * header. Both speak JSON (errors as application/problem+json). Non-2xx → CarrierError with DHL's words.
 */

export interface DhlHttp {
  /** https://api-eu.dhl.com, https://api-sandbox.dhl.com, or the Shipdesk sandbox's /dhl. */
  baseUrl: string;
  /** Host of the tracking API; default `baseUrl` (DHL has no tracking sandbox: use https://api-eu.dhl.com). */
  trackingBaseUrl?: string;
  apiKey: string;
  /** The key of the app subscribed to Shipment Tracking – Unified, when it is another one. */
  trackingApiKey?: string;
  /** Business customer portal (GKP) user and password, for HTTP Basic on the shipping API. */
  username: string;
  password: string;
  fetch?: typeof fetch;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}

export interface DhlCall {
  api: 'shipping' | 'tracking';
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

export const SHIPPING_PATH = '/parcel/de/shipping/v2';

export async function dhlCall(http: DhlHttp, call: DhlCall): Promise<{ status: number; body: unknown }> {
  const host = (call.api === 'tracking' ? (http.trackingBaseUrl ?? http.baseUrl) : http.baseUrl).replace(/\/+$/, '');
  const url = new URL(host + (call.api === 'shipping' ? SHIPPING_PATH : '') + call.path);
  for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (call.api === 'shipping') {
    headers['dhl-api-key'] = http.apiKey;
    headers.authorization = `Basic ${Buffer.from(`${http.username}:${http.password}`).toString('base64')}`;
    headers['accept-language'] = 'en-US';
  } else {
    headers['DHL-API-Key'] = http.trackingApiKey ?? http.apiKey;
  }
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const what = `${call.method} ${url.pathname}`;
  const timeoutMs = http.timeoutMs ?? 30_000;

  return callCarrierJson({
    carrier: 'DHL',
    url,
    init: { method: call.method, headers, ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}) },
    timeoutMs,
    what,
    fetch: http.fetch,
    toError: (status, errorBody) => dhlError(status, errorBody, what),
  });
}

/** Downloads a label by its URL (includeDocs=URL answers; no auth: the token is the key). */
export async function dhlDownload(http: DhlHttp, url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await (http.fetch ?? fetch)(url, { signal: AbortSignal.timeout(http.timeoutMs ?? 30_000) });
  } catch (error) {
    throw new CarrierError({
      carrier: 'DHL',
      carrierMessage: `could not download the label: ${error instanceof Error ? error.message : String(error)}`,
      retryable: true,
      code: 'network',
      cause: error,
    });
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw dhlError(response.status, bytes.toString('utf8'), 'GET label');
  return bytes;
}

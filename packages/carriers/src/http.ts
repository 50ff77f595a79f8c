import { CarrierError } from './connector';

/**
 * One call to a carrier's API: the request with a timeout, network failures and timeouts as
 * retryable CarrierErrors, and the answer read as JSON. Each carrier's proxy builds the request
 * and turns a non-2xx answer into its own error with `toError`.
 */
export async function callCarrierJson(input: {
  carrier: string;
  url: URL;
  init: RequestInit;
  timeoutMs: number;
  /** What is being asked, for messages: "POST /orders". */
  what: string;
  fetch?: typeof fetch;
  toError(status: number, body: unknown): CarrierError;
}): Promise<{ status: number; body: object }> {
  const doFetch = input.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(input.url, { ...input.init, signal: AbortSignal.timeout(input.timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new CarrierError({
      carrier: input.carrier,
      carrierMessage: timedOut
        ? `no answer from ${input.url.origin} within ${input.timeoutMs} ms (${input.what})`
        : `could not reach ${input.url.origin} (${input.what}): ${error instanceof Error ? error.message : String(error)}`,
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
  if (!response.ok) throw input.toError(response.status, body);
  if (typeof body !== 'object' || body === null) {
    throw new CarrierError({
      carrier: input.carrier,
      carrierMessage: `expected JSON from ${input.what}, got: ${text.slice(0, 200) || '(empty body)'}`,
      httpStatus: response.status,
      retryable: false,
      code: 'invalid_response',
    });
  }
  return { status: response.status, body };
}

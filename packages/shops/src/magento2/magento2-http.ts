import { ShopError, type ShopConnection } from '../connector';

/** Magento's REST error body: a raw phrase and the values of its placeholders. */
interface MagentoErrorBody {
  message?: unknown;
  parameters?: unknown;
  errors?: unknown;
}

/**
 * Renders a Magento phrase: `%1`, `%2`… take the values of an indexed `parameters` array, `%name`
 * the value of `parameters.name` (Magento\Framework\Phrase\Renderer\Placeholder). Unknown
 * placeholders stay as they are.
 */
export function renderMagentoMessage(message: string, parameters: unknown): string {
  if (parameters === null || typeof parameters !== 'object') return message;
  return message.replace(/%(\w+)/g, (whole, key: string) => {
    const value = Array.isArray(parameters)
      ? /^\d+$/.test(key)
        ? (parameters as unknown[])[Number(key) - 1]
        : undefined
      : (parameters as Record<string, unknown>)[key];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** The message of a Magento error body, placeholders filled in, nested `errors` appended. */
export function magentoErrorMessage(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null;
  const { message, parameters, errors } = body as MagentoErrorBody;
  if (typeof message !== 'string') return null;
  let text = renderMagentoMessage(message, parameters);
  if (Array.isArray(errors) && errors.length) {
    const details = errors
      .map((e) => magentoErrorMessage(e))
      .filter((m): m is string => m !== null)
      .join('; ');
    if (details) text = `${text} ${details}`;
  }
  return text;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export type Query = [string, string | number][];

/**
 * The REST client of one Magento store: `Authorization: Bearer <integration access token>`, JSON
 * in and out, Magento's error bodies turned into ShopErrors (4xx: not retryable, Magento's own
 * message; 5xx, 429 and network failures: retryable).
 */
export class MagentoHttp {
  private readonly root: string;
  private readonly token: string;
  private readonly fetch: typeof fetch;

  constructor(connection: ShopConnection) {
    const token = connection.credentials.accessToken;
    if (!token) {
      throw new ShopError(
        'magento2',
        'The Magento 2 connection has no access token (credentials.accessToken): create an integration in System > Extensions > Integrations and copy its access token.',
        {
          status: 401,
          retryable: false,
        },
      );
    }
    this.token = token;
    const storeCode = connection.credentials.storeCode;
    this.root = `${connection.baseUrl.replace(/\/+$/, '')}/rest${storeCode ? `/${encodeURIComponent(storeCode)}` : ''}/V1`;
    this.fetch = connection.fetch ?? globalThis.fetch;
  }

  get<T>(path: string, query: Query = []): Promise<T> {
    return this.request<T>('GET', path, query, undefined);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, [], body);
  }

  private async request<T>(method: string, path: string, query: Query, body: unknown): Promise<T> {
    const search = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
    const url = `${this.root}${path}${search ? `?${search}` : ''}`;
    let res: Response;
    try {
      res = await this.fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const reason =
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new ShopError('magento2', `Magento 2 is unreachable (${method} ${path}): ${reason}`, { status: 0, retryable: true });
    }
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (res.ok) {
      if (json === undefined) {
        throw new ShopError(
          'magento2',
          `Magento 2 answered ${method} ${path} with something that is not JSON (HTTP ${res.status}).`,
          {
            status: res.status,
            retryable: true,
            body: text.slice(0, 500),
          },
        );
      }
      return json as T;
    }
    const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
    const shopMessage = magentoErrorMessage(json);
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    const message =
      shopMessage ??
      (retryable
        ? `Magento 2 is unavailable (HTTP ${res.status}${title ? ` ${title}` : res.statusText ? ` ${res.statusText}` : ''}); try again later.`
        : `Magento 2 refused ${method} ${path} (HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}).`);
    throw new ShopError('magento2', message, {
      status: res.status,
      retryable,
      retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
      body: json ?? text.slice(0, 500),
    });
  }
}

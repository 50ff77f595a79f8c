import { PROBLEM_CONTENT_TYPE, ProblemSchema, type Problem } from '@shipdesk/contract';
import type { z } from 'zod';
import { i18n } from '../i18n';

/** An error answer of the BFF, with its problem details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail);
  }
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function toApiError(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith(PROBLEM_CONTENT_TYPE) || type.startsWith('application/json')) {
    const parsed = ProblemSchema.safeParse(await res.json().catch(() => null));
    if (parsed.success) return new ApiError(res.status, parsed.data);
  }
  return new ApiError(res.status, {
    type: 'about:blank',
    title: res.statusText || 'Error',
    status: res.status,
    detail:
      res.status >= 500 || res.status === 0 ? i18n.t('common.errors.server') : i18n.t('common.errors.failed', { status: res.status }),
  });
}

/** Calls the BFF and parses the answer with the contract's schema. */
export async function apiRequest<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<{ data: z.infer<S>; etag: string | null }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { type: 'about:blank', title: 'Offline', status: 0, detail: i18n.t('common.errors.offline') });
  }
  if (!res.ok) throw await toApiError(res);
  const data = res.status === 204 ? undefined : await res.json();
  return { data: schema.parse(data), etag: res.headers.get('etag') };
}

/**
 * The only place that calls the API on behalf of the signed-in person. Requests go to
 * `/api/v1/...` through `event.fetch`; `handleFetch` (hooks.server.ts) sends them to the API
 * process with the browser's cookies. The access token travels as a Bearer header.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { TProblem } from '@pilot/contracts';
import { getLocale } from '#paraglide/runtime.js';
import { m } from '#paraglide/messages.js';
import { clearSessionCookies, loginUrl, relaySetCookies } from './session.ts';

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; problem: TProblem };

export type Query = Record<string, string | number | null | undefined>;

interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** Extra request headers (e.g. `idempotency-key` on a form that creates). */
  headers?: Record<string, string>;
  /**
   * What a 401 means. `session` (default): the person's session ended mid-way, so the cookies
   * are cleared and they are sent to the login page. `result`: the caller handles it (login,
   * refresh, the session check in hooks).
   */
  on401?: 'session' | 'result';
}

/** The problem we show when the API cannot be reached or answers something that isn't JSON. */
function unavailable(status: number): TProblem {
  return { type: 'about:blank', title: 'API unavailable', status, code: 'api_unavailable' };
}

export function apiPath(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  return `/api/v1${path}${params.size ? `?${params}` : ''}`;
}

export async function api<T = undefined>(
  event: RequestEvent,
  path: string,
  { method = 'GET', query, body, headers: extra, on401 = 'session' }: CallOptions = {},
): Promise<ApiResult<T>> {
  const headers = new Headers({ accept: 'application/json', 'accept-language': getLocale() });
  const token = event.locals.accessToken;
  if (token) headers.set('authorization', `Bearer ${token}`);
  // A FormData body (an upload) goes as multipart, with the boundary fetch chooses.
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) headers.set('content-type', 'application/json');
  for (const [name, value] of Object.entries(extra ?? {})) headers.set(name, value);

  let response: Response;
  try {
    response = await event.fetch(apiPath(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 503, problem: unavailable(503) };
  }

  relaySetCookies(event, response);

  if (response.status === 401 && on401 === 'session' && token) {
    clearSessionCookies(event);
    redirect(303, loginUrl(event, 'expired'));
  }

  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    return { ok: false, status: response.status, problem: unavailable(response.status) };
  }

  if (response.ok) return { ok: true, status: response.status, data: json as T };
  const problem = json && typeof json === 'object' && 'status' in json ? (json as TProblem) : unavailable(response.status);
  return { ok: false, status: response.status, problem };
}

/**
 * Remembers a 429 from the API (the person's sign-in budget, say) so the page answers "too many
 * requests, try again in N s" rather than "unavailable". True when the result was one.
 */
export function noteRateLimit(event: RequestEvent, result: ApiResult<unknown>): boolean {
  if (result.ok || result.status !== 429) return false;
  event.locals.retryAfter = result.problem.retryAfter ?? 60;
  return true;
}

/** Stops a page over a rate limit with our 429 page, which says when to try again. */
export function stopIfRateLimited(event: RequestEvent): void {
  const retryAfter = event.locals.retryAfter;
  if (retryAfter) error(429, { message: m.error_retry_in({ seconds: retryAfter }), retryAfter });
}

/**
 * For pages that cannot render without the resource: a missing one becomes our 404 page,
 * any other failure our error page.
 */
export async function apiOrError<T>(event: RequestEvent, path: string, options?: CallOptions): Promise<T> {
  const result = await api<T>(event, path, options);
  if (result.ok) return result.data;
  if (noteRateLimit(event, result)) stopIfRateLimited(event);
  error(result.status >= 400 && result.status < 600 ? result.status : 502, result.problem.detail ?? result.problem.title);
}

/**
 * A file from the API (an export, a document) handed to the browser as it came: the body is
 * streamed, and the type and file name headers are kept. Failures become our error page.
 */
export async function apiDownload(event: RequestEvent, path: string, query?: Query): Promise<Response> {
  const headers = new Headers({ 'accept-language': getLocale() });
  if (event.locals.accessToken) headers.set('authorization', `Bearer ${event.locals.accessToken}`);
  const response = await event.fetch(apiPath(path, query), { headers });
  if (response.status === 401) {
    clearSessionCookies(event);
    redirect(303, loginUrl(event, 'expired'));
  }
  if (!response.ok) error(response.status >= 400 && response.status < 600 ? response.status : 502, m.error_generic());
  const out = new Headers();
  for (const name of ['content-type', 'content-disposition', 'content-length']) {
    const value = response.headers.get(name);
    if (value) out.set(name, value);
  }
  out.set('cache-control', 'private, no-store');
  return new Response(response.body, { status: 200, headers: out });
}

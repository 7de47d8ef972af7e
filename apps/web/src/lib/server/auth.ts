/** Session lifecycle against the API: login, refresh, who-am-I, logout. */
import type { RequestEvent } from '@sveltejs/kit';
import type { TMe, TTokenResponse } from '@pilot/contracts';
import { api, type ApiResult } from './api.ts';
import { ACCESS_COOKIE, REFRESH_COOKIE, clearSessionCookies, isExpired, setAccessCookie } from './session.ts';

function startSession(event: RequestEvent, tokens: TTokenResponse): void {
  setAccessCookie(event, tokens.accessToken, tokens.expiresIn);
  event.locals.user = tokens.user;
}

export async function login(event: RequestEvent, email: string, password: string): Promise<ApiResult<TTokenResponse>> {
  const result = await api<TTokenResponse>(event, '/auth/login', {
    method: 'POST',
    body: { email, password },
    on401: 'result',
  });
  if (result.ok) startSession(event, result.data);
  return result;
}

/** Trades the refresh cookie for a new access token (the API rotates the refresh cookie). */
async function refresh(event: RequestEvent): Promise<boolean> {
  event.locals.accessToken = null;
  const result = await api<TTokenResponse>(event, '/auth/refresh', { method: 'POST', on401: 'result' });
  if (result.ok) startSession(event, result.data);
  return result.ok;
}

/**
 * Fills `event.locals` from the cookies: refreshes a missing or expired access token when a
 * refresh cookie exists, then asks the API who this is. A session the API rejects is cleared
 * and flagged, so protected pages can say "your session expired".
 */
export async function resolveSession(event: RequestEvent): Promise<void> {
  event.locals.user = null;
  event.locals.sessionExpired = false;
  const access = event.cookies.get(ACCESS_COOKIE);
  const canRefresh = Boolean(event.cookies.get(REFRESH_COOKIE));
  if (!access && !canRefresh) {
    event.locals.accessToken = null;
    return;
  }

  event.locals.accessToken = access ?? null;
  let refreshed = false;
  if (isExpired(access) && canRefresh) refreshed = await refresh(event);

  if (event.locals.accessToken && !event.locals.user) {
    let me = await api<TMe>(event, '/me', { on401: 'result' });
    // A token can be revoked before it expires; one refresh decides whether the session lives on.
    if (me.status === 401 && canRefresh && !refreshed && (await refresh(event))) {
      me = await api<TMe>(event, '/me', { on401: 'result' });
    }
    if (me.ok) event.locals.user = me.data;
    else if (me.status !== 401) return; // API trouble is not a logout: keep the cookies, render as anonymous.
  }

  if (!event.locals.user) {
    clearSessionCookies(event);
    event.locals.sessionExpired = true;
  }
}

export async function logout(event: RequestEvent): Promise<void> {
  await api(event, '/auth/logout', { method: 'POST', on401: 'result' });
  clearSessionCookies(event);
}

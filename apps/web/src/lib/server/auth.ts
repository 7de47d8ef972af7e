/** Session lifecycle against the API: login, refresh, who-am-I, logout. */
import type { RequestEvent } from '@sveltejs/kit';
import type { TLoginResponse, TMe, TMfaVerify, TTokenResponse } from '@pilot/contracts';
import { api, noteRateLimit, type ApiResult } from './api.ts';
import { accessToken, clearSessionCookies, hasRefreshCookie, isExpired, setAccessCookie } from './session.ts';

function startSession(event: RequestEvent, tokens: TTokenResponse): void {
  setAccessCookie(event, tokens.accessToken, tokens.expiresIn);
  event.locals.user = tokens.user;
}

/** First step of sign-in. A second factor may be asked for (`mfaRequired`) before any session exists. */
export async function login(event: RequestEvent, email: string, password: string): Promise<ApiResult<TLoginResponse>> {
  const result = await api<TLoginResponse>(event, '/auth/login', {
    method: 'POST',
    body: { email, password },
    on401: 'result',
  });
  if (result.ok && 'accessToken' in result.data) startSession(event, result.data);
  return result;
}

/** Second step: the authenticator code (or a recovery code) for the challenge of the first. */
export async function verifyMfa(event: RequestEvent, body: TMfaVerify): Promise<ApiResult<TTokenResponse>> {
  const result = await api<TTokenResponse>(event, '/auth/login/mfa', { method: 'POST', body, on401: 'result' });
  if (result.ok) startSession(event, result.data);
  return result;
}

/** Trades the refresh cookie for a new access token (the API rotates the refresh cookie). */
async function refresh(event: RequestEvent): Promise<'ok' | 'rejected' | 'unavailable'> {
  event.locals.accessToken = null;
  const result = await api<TTokenResponse>(event, '/auth/refresh', { method: 'POST', on401: 'result' });
  if (result.ok) startSession(event, result.data);
  else noteRateLimit(event, result);
  return result.ok ? 'ok' : result.status === 401 ? 'rejected' : 'unavailable';
}

/**
 * Fills `event.locals` from the cookies: refreshes a missing or expired access token when a
 * refresh cookie exists, then asks the API who this is. A session the API rejects is cleared
 * and flagged, so protected pages can say "your session expired"; API trouble is not a logout.
 */
export async function resolveSession(event: RequestEvent): Promise<void> {
  event.locals.user = null;
  event.locals.accessToken = accessToken(event);
  const canRefresh = hasRefreshCookie(event);
  if (!event.locals.accessToken && !canRefresh) {
    event.locals.session = 'anonymous';
    return;
  }

  let refreshed = false;
  if (isExpired(event.locals.accessToken ?? undefined) && canRefresh) {
    const outcome = await refresh(event);
    if (outcome === 'unavailable') return unavailable(event);
    refreshed = outcome === 'ok';
  }

  if (event.locals.accessToken && !event.locals.user) {
    let me = await api<TMe>(event, '/me', { on401: 'result' });
    // A token can be revoked before it expires; one refresh decides whether the session lives on.
    if (me.status === 401 && canRefresh && !refreshed && (await refresh(event)) === 'ok') {
      me = await api<TMe>(event, '/me', { on401: 'result' });
    }
    if (me.ok) event.locals.user = me.data;
    else if (me.status !== 401) {
      noteRateLimit(event, me);
      return unavailable(event);
    }
  }

  if (event.locals.user) {
    event.locals.session = 'active';
  } else {
    clearSessionCookies(event);
    event.locals.session = 'expired';
  }
}

/** Keeps the cookies (the session may well be fine) but treats this request as anonymous. */
function unavailable(event: RequestEvent): void {
  event.locals.user = null;
  event.locals.session = 'unavailable';
}

export async function logout(event: RequestEvent): Promise<void> {
  await api(event, '/auth/logout', { method: 'POST', on401: 'result' });
  clearSessionCookies(event);
}

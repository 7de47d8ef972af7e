/**
 * The browser's session lives in two httpOnly cookies: `pilot_access` (set here, with the access
 * token the API returned) and `pilot_refresh` (set by the API itself, rotated on every refresh).
 * No token is ever readable by JavaScript in the page. Over HTTPS both carry the `__Host-`
 * prefix (Secure, the whole host, no Domain), so no sibling subdomain can plant or overwrite them.
 */
import type { RequestEvent } from '@sveltejs/kit';

const HOST_PREFIX = '__Host-';
const ACCESS = 'pilot_access';
/** The API names its cookie by its own configuration; either form is the session's. */
const REFRESH_NAMES = [`${HOST_PREFIX}pilot_refresh`, 'pilot_refresh'];

const secureContext = (event: RequestEvent) => event.url.protocol === 'https:';
const accessCookie = (event: RequestEvent) => (secureContext(event) ? HOST_PREFIX + ACCESS : ACCESS);

export const accessToken = (event: RequestEvent): string | null => event.cookies.get(accessCookie(event)) ?? null;
export const hasRefreshCookie = (event: RequestEvent): boolean => REFRESH_NAMES.some((name) => Boolean(event.cookies.get(name)));

/** Refresh a little before the real expiry, so a token never dies between our check and the API's. */
const EXPIRY_MARGIN_SECONDS = 15;

export function setAccessCookie(event: RequestEvent, token: string, expiresIn: number): void {
  event.cookies.set(accessCookie(event), token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: secureContext(event),
    maxAge: expiresIn,
  });
  event.locals.accessToken = token;
}

export function clearSessionCookies(event: RequestEvent): void {
  const secure = secureContext(event);
  event.cookies.delete(accessCookie(event), { path: '/', secure });
  for (const name of REFRESH_NAMES) {
    if (event.cookies.get(name)) event.cookies.delete(name, { path: '/', secure: secure || name.startsWith(HOST_PREFIX), sameSite: 'strict' });
  }
  event.locals.accessToken = null;
  event.locals.user = null;
}

/**
 * Copies the API's Set-Cookie headers (the refresh cookie) to our response, keeping the API's
 * attributes: it decides the cookie's lifetime and scope, we only relay it.
 */
export function relaySetCookies(event: RequestEvent, response: Response): void {
  for (const header of response.headers.getSetCookie()) {
    const { name, value, ...options } = event.cookies.parse(header);
    event.cookies.set(name, value ?? '', { ...options, secure: options.secure ?? false, path: options.path ?? '/' });
  }
}

/**
 * Whether a JWT is missing or about to expire. The payload is decoded without verifying the
 * signature: the API verifies it on every call, this only decides whether to refresh first.
 */
export function isExpired(token: string | undefined, now = Date.now()): boolean {
  if (!token) return true;
  const payload = token.split('.')[1];
  if (!payload) return true;
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp !== 'number' || exp - EXPIRY_MARGIN_SECONDS <= now / 1000;
  } catch {
    return true;
  }
}

/** Resolves `next` the way a browser would; only a path of this origin survives it. */
const NEXT_BASE = 'http://next.invalid';
/**
 * Control characters: browsers drop tabs and newlines from a URL (so `/<tab>/evil.example` would
 * mean `//evil.example`), and a Location header cannot carry them at all (the redirect was a 500).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A same-site path to return to after login; anything else (absolute or protocol-relative URLs,
 * backslash tricks, control characters) becomes `/`. The answer is percent-encoded as the URL
 * parser writes it, so any text typed into `next` fits in a header.
 */
export function safeNext(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || CONTROL.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, NEXT_BASE);
  } catch {
    return '/';
  }
  if (url.origin !== NEXT_BASE) return '/';
  return url.pathname + url.search + url.hash;
}

export function loginUrl(event: RequestEvent, reason?: 'expired'): string {
  // Drop form-action markers (`?/name`): after login the person returns to the page, not the POST.
  const query = new URLSearchParams([...event.url.searchParams].filter(([key]) => !key.startsWith('/')));
  const next = event.url.pathname + (query.size ? `?${query}` : '');
  const params = new URLSearchParams({ next });
  if (reason) params.set('reason', reason);
  return `/login?${params}`;
}

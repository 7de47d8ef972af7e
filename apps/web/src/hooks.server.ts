import { redirect } from '@sveltejs/kit';
import { sequence, type Handle, type HandleFetch } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '#paraglide/server.js';
import { resolveSession } from '#lib/server/auth.ts';
import { loginUrl } from '#lib/server/session.ts';

/** Where the API listens, seen from this server (same process tree, so loopback by default). */
const API_INTERNAL_URL = process.env.API_INTERNAL_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

// Runs every request inside the locale from the cookie, so messages render in that language.
const i18n: Handle = ({ event, resolve }) =>
  paraglideMiddleware(event.request, ({ locale }) =>
    resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) }),
  );

const session: Handle = async ({ event, resolve }) => {
  await resolveSession(event);
  // Everything under src/routes/(app) needs a signed-in person, including its form actions.
  // When the API can't be asked, (app)/+layout.server.ts shows "unavailable" instead.
  const { user, session: state } = event.locals;
  if (event.route.id?.startsWith('/(app)') && !user && state !== 'unavailable') {
    redirect(303, loginUrl(event, state === 'expired' ? 'expired' : undefined));
  }
  const response = await resolve(event);
  // Pages show personal data: never let a shared cache keep them.
  if (event.locals.user) response.headers.set('cache-control', 'private, no-store');
  return response;
};

/**
 * Headers every page and endpoint answer carries (the CSP is written by SvelteKit itself, see
 * vite.config.ts). `nosniff`: a browser never runs an answer as another type than it says.
 * `same-origin`: case and person ids in our URLs never reach another site in a Referer; not
 * `no-referrer`, which makes browsers send `Origin: null` on form posts and so fail SvelteKit's
 * CSRF check.
 */
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' } as const;

const securityHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
};

export const handle = sequence(securityHeaders, i18n, session);

/**
 * Sends `/api/...` calls made with `event.fetch` to the API process with the browser's cookies,
 * as updated during this request (a refresh earlier in the request rotates the refresh cookie).
 */
export const handleFetch: HandleFetch = ({ event, request, fetch }) => {
  const url = new URL(request.url);
  if (url.origin !== event.url.origin || !url.pathname.startsWith('/api/')) return fetch(request);

  const internal = new Request(new URL(url.pathname + url.search, API_INTERNAL_URL), request);
  const cookie = event.cookies
    .getAll()
    .map(({ name, value }) => `${name}=${encodeURIComponent(value)}`)
    .join('; ');
  if (cookie) internal.headers.set('cookie', cookie);
  // The API rate-limits and audits by client address; tell it who the client really is.
  internal.headers.set('x-forwarded-for', event.getClientAddress());
  internal.headers.set('x-forwarded-proto', event.url.protocol.slice(0, -1));
  // Sessions are listed by device: pass on the browser's, not the server's, user agent.
  const agent = event.request.headers.get('user-agent');
  if (agent) internal.headers.set('user-agent', agent);
  return fetch(internal);
};

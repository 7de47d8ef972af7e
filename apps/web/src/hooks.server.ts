import { redirect } from '@sveltejs/kit';
import { sequence, type Handle, type HandleFetch, type ServerInit } from '@sveltejs/kit/hooks';
import { WEB_HOP_HEADER } from '@pilot/contracts';
import { paraglideMiddleware } from '#paraglide/server.js';
import { resolveSession } from '#lib/server/auth.ts';
import { loginUrl } from '#lib/server/session.ts';
import { checkApiTransport, pageContext, sendToApi } from '#lib/server/api-transport.ts';

export const init: ServerInit = () => checkApiTransport(import.meta.env.DEV);

/** A request this server sent to the API came back to it: answer at once, never recurse. */
const loopGuard: Handle = ({ event, resolve }) => {
  if (event.request.headers.has(WEB_HOP_HEADER)) {
    return new Response('{"status":508,"title":"Loop Detected","detail":"API_INTERNAL_URL points at the web app"}', {
      status: 508, headers: { 'content-type': 'application/problem+json' },
    });
  }
  return resolve(event);
};

// Runs every request inside the locale from the cookie, so messages render in that language.
const i18n: Handle = ({ event, resolve }) =>
  paraglideMiddleware(event.request, ({ locale }) =>
    resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) }),
  );

/**
 * Over its page-view limit (counted by the API's server, apps/api/src/web.ts): pages render
 * "too many requests, try again in N s" (the root layout throws the 429), and a form is not
 * run but answered with a redirect to its page, which then says the same.
 */
const pageLimit: Handle = async ({ event, resolve }) => {
  const retryAfter = pageContext(event)?.retryAfter;
  if (!retryAfter) return resolve(event);
  event.locals.retryAfter = retryAfter;
  const headers = { 'retry-after': String(retryAfter), 'cache-control': 'no-store' };
  if (event.request.method !== 'GET' && event.request.method !== 'HEAD') {
    const location = event.url.pathname;
    if (event.request.headers.get('x-sveltekit-action') === 'true') {
      return new Response(JSON.stringify({ type: 'redirect', status: 303, location }), { headers: { ...headers, 'content-type': 'application/json' } });
    }
    return new Response(null, { status: 303, headers: { ...headers, location } });
  }
  const response = await resolve(event);
  response.headers.set('retry-after', String(retryAfter));
  return response;
};

const session: Handle = async ({ event, resolve }) => {
  if (event.locals.retryAfter) {
    event.locals.user = null;
    event.locals.session = 'anonymous';
    return resolve(event);
  }
  await resolveSession(event);
  // Everything under src/routes/(app) needs a signed-in person, including its form actions.
  // When the API can't be asked, (app)/+layout.server.ts shows "unavailable" instead.
  const { user, session: state } = event.locals;
  if (event.route.id?.startsWith('/(app)') && !user && state !== 'unavailable' && !event.locals.retryAfter) {
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

export const handle = sequence(securityHeaders, loopGuard, i18n, pageLimit, session);

/**
 * Sends `/api/...` calls made with `event.fetch` to the API (in-process, or over HTTP from a
 * separate web tier) with the browser's cookies, as updated during this request (a refresh
 * earlier in the request rotates the refresh cookie).
 */
export const handleFetch: HandleFetch = ({ event, request, fetch }) => {
  const url = new URL(request.url);
  if (url.origin !== event.url.origin || !url.pathname.startsWith('/api/')) return fetch(request);

  const internal = new Request(request);
  const cookie = event.cookies
    .getAll()
    .map(({ name, value }) => `${name}=${encodeURIComponent(value)}`)
    .join('; ');
  if (cookie) internal.headers.set('cookie', cookie);
  // Sessions are listed by device: pass on the browser's, not the server's, user agent.
  const agent = event.request.headers.get('user-agent');
  if (agent) internal.headers.set('user-agent', agent);
  return sendToApi(event, internal);
};

/**
 * How `event.fetch('/api/...')` reaches the API (hooks.server.ts `handleFetch`):
 * - in the product's server, where this app is mounted in the API's own process: in-process
 *   (packages/contracts `IN_PROCESS_API`), no network and no route back into this app;
 * - as a separate web tier: over HTTP to API_INTERNAL_URL, which must be another server. Each
 *   such request is marked (`WEB_HOP_HEADER`), and a page request arriving with the mark is
 *   refused, so a misconfiguration answers an error instead of recursing.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { inProcessApi, PAGE_CONTEXT, WEB_HOP_HEADER, type PageContext } from '@pilot/contracts';

export function pageContext(event: RequestEvent): PageContext | undefined {
  return (event.platform?.req as unknown as Record<symbol, PageContext> | undefined)?.[PAGE_CONTEXT];
}

export function clientAddress(event: RequestEvent): string {
  return pageContext(event)?.clientAddress ?? event.getClientAddress();
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0', '[::]']);

/**
 * The API's address for a separate web tier, checked once at start: it must be set, and must
 * not be this server's own address (which would send every page's API calls back to itself).
 */
export function apiInternalUrl(env: Record<string, string | undefined> = process.env, devServer = false): URL {
  const value = env.API_INTERNAL_URL;
  if (!value) throw new Error('API_INTERNAL_URL must name the API server when the web app runs on its own');
  const url = new URL(value);
  const ownPort = env.PORT ?? '3000';
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const ownHost = LOOPBACK.has(url.hostname) || url.hostname === env.HOST;
  // Under `vite dev` this server listens on Vite's port, not PORT (which is the API's).
  if (!devServer && ownHost && port === ownPort) {
    throw new Error(`API_INTERNAL_URL (${value}) is this web server's own address; point it at the API server`);
  }
  return url;
}

let httpBase: URL | undefined;

/** Called from the `init` hook: a separate web tier refuses to start with an unusable API address. */
export function checkApiTransport(devServer: boolean): void {
  if (!inProcessApi()) httpBase = apiInternalUrl(process.env, devServer);
}

/** Sends one API request, prepared by `handleFetch`, the way this server reaches the API. */
export function sendToApi(event: RequestEvent, request: Request): Promise<Response> {
  const inProcess = inProcessApi();
  if (inProcess) return inProcess(request, clientAddress(event));
  const url = new URL(request.url);
  const outgoing = new Request(new URL(url.pathname + url.search, httpBase ?? apiInternalUrl()), request);
  outgoing.headers.set(WEB_HOP_HEADER, '1');
  // The API rate-limits and audits by client address; tell it who the client really is.
  outgoing.headers.set('x-forwarded-for', clientAddress(event));
  outgoing.headers.set('x-forwarded-proto', event.url.protocol.slice(0, -1));
  // The platform's own fetch, never SvelteKit's: that one routes same-origin URLs into this app.
  return globalThis.fetch(outgoing);
}

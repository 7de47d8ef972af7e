/**
 * How the web app reaches the API when both run in one process (the product's server): the
 * API's server publishes a function under this global key before it loads the web app, and the
 * web app's server calls it instead of making an HTTP request to its own address (which, when
 * the page was requested at that same address, SvelteKit routed back into itself without end).
 */
export const IN_PROCESS_API = Symbol.for('pilot.in-process-api');

/**
 * Answers one API request inside the process. `clientAddress` is the browser's address, as the
 * server that received the page request determined it; the API rate-limits and audits by it.
 */
export type InProcessApi = (request: Request, clientAddress: string) => Promise<Response>;

/** The in-process API, when this process serves it; undefined in a separate web tier. */
export function inProcessApi(): InProcessApi | undefined {
  return (globalThis as { [IN_PROCESS_API]?: InProcessApi })[IN_PROCESS_API];
}

/**
 * What the API's server attaches to a page request it hands to the web app (under this key on
 * the Node request, read through `event.platform.req`), so that nothing a client sends can set it.
 */
export const PAGE_CONTEXT = Symbol.for('pilot.page-context');
export interface PageContext {
  /** The browser's address as the server determined it (TRUST_PROXY applied). */
  clientAddress: string;
  /** Seconds until this address may view pages again; absent when within its limit. */
  retryAfter?: number;
}

/**
 * Set by the web tier on every request it sends to the API over HTTP. A page request carrying it
 * means the web tier reached itself (API_INTERNAL_URL points back at the web app): refused at
 * once instead of recursing.
 */
export const WEB_HOP_HEADER = 'x-pilot-web-hop';

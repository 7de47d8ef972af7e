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
 * Set by the web tier on every request it sends to the API over HTTP. A page request carrying it
 * means the web tier reached itself (API_INTERNAL_URL points back at the web app): refused at
 * once instead of recursing.
 */
export const WEB_HOP_HEADER = 'x-pilot-web-hop';

import type { RequestHandler } from './$types';

/**
 * Liveness of the web tier when it runs on its own (the `web` image): the process answers. It
 * does not ask the API, so a web pod is not restarted because the API is down.
 */
export const GET: RequestHandler = () =>
  new Response('{"status":"ok"}', { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IN_PROCESS_API, PAGE_CONTEXT, type PageContext } from '@pilot/contracts';
import { sendProblem } from './plugins/errors.ts';
import { inProcessApi } from './lib/in-process.ts';

export const WEB_HANDLER = fileURLToPath(new URL('../../web/build/handler.js', import.meta.url));

type NodeHandler = (req: unknown, res: unknown, next: () => void) => void;

/** Built assets: not page views, and cached by the browser. */
const ASSET = /^\/(_app\/|favicon|robots\.txt|.*\.(?:png|svg|ico|webmanifest|woff2?|css|js)$)/;

/**
 * The hosts pages may be addressed by: PUBLIC_URL's, and outside production this server's
 * loopback names. Any other Host (a proxy forwarding `127.0.0.1`, a forged header) is answered
 * as if it were PUBLIC_URL's host: the origin is configuration, not what the request claims.
 */
function knownHosts(app: FastifyInstance): Set<string> {
  const hosts = new Set([new URL(app.config.publicUrl).host]);
  if (app.config.NODE_ENV !== 'production') {
    for (const name of ['localhost', '127.0.0.1', '[::1]']) hosts.add(`${name}:${app.config.PORT}`);
  }
  return hosts;
}

/**
 * Serves the built SvelteKit app from the API's own server, so the product has one origin:
 * `/api/*` is the API (its unknown paths answer a JSON 404), everything else is the web app.
 * The web app calls the API in-process (packages/contracts `IN_PROCESS_API`), never over HTTP
 * to this server's own address.
 */
export async function mountWeb(app: FastifyInstance, handlerPath = WEB_HANDLER) {
  if (!existsSync(handlerPath)) return false;
  // adapter-node reads these when its handler module loads. The host and protocol it sees are
  // the ones set below; the browser's address comes from PAGE_CONTEXT, not from a header.
  process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
  process.env.HOST_HEADER ??= 'host';
  (globalThis as Record<symbol, unknown>)[IN_PROCESS_API] = inProcessApi(app);
  const { handler } = (await import(handlerPath)) as { handler: NodeHandler };
  const trustProxy = app.config.TRUST_PROXY;
  const hosts = knownHosts(app);
  const publicUrl = new URL(app.config.publicUrl);

  /** The host and protocol SvelteKit builds the page's origin from. */
  function pinOrigin(req: FastifyRequest) {
    const headers = req.raw.headers;
    const proxied = trustProxy !== false && typeof headers['x-forwarded-proto'] === 'string';
    if (!hosts.has(headers.host ?? '')) {
      headers.host = publicUrl.host;
      headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1);
    } else if (!proxied) {
      headers['x-forwarded-proto'] = 'http';
    }
  }

  await app.register(async (web) => {
    // Let SvelteKit read request bodies itself (form actions).
    web.removeAllContentTypeParsers();
    web.addContentTypeParser('*', (_req, _payload, done) => done(null));
    // SvelteKit sets its own content security policy with per-request nonces.
    web.all('/*', { helmet: false, config: { tx: false, public: true, rateLimit: false }, schema: { hide: true } }, async (req, reply) => {
      pinOrigin(req);
      const context: PageContext = { clientAddress: req.ip };
      if (!ASSET.test(req.url)) {
        const views = await app.pageViews(req);
        if (!views.allowed) context.retryAfter = views.retryAfter;
      }
      (req.raw as unknown as Record<symbol, PageContext>)[PAGE_CONTEXT] = context;
      reply.hijack();
      handler(req.raw, reply.raw, () => {
        reply.raw.statusCode = 404;
        reply.raw.end('Not found');
      });
    });
  });
  app.all('/api/*', { config: { tx: false, public: true }, schema: { hide: true } }, (req, reply) =>
    sendProblem(reply, 404, 'not_found', `No route ${req.method} ${req.url.split('?')[0]}`));
  return true;
}

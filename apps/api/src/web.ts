import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sendProblem } from './plugins/errors.ts';

export const WEB_HANDLER = fileURLToPath(new URL('../../web/build/handler.js', import.meta.url));

type NodeHandler = (req: unknown, res: unknown, next: () => void) => void;

/**
 * Serves the built SvelteKit app from the API's own server, so the product has one origin:
 * `/api/*` is the API (its unknown paths answer a JSON 404), everything else is the web app.
 */
export async function mountWeb(app: FastifyInstance, handlerPath = WEB_HANDLER) {
  if (!existsSync(handlerPath)) return false;
  // adapter-node reads these when its handler module loads.
  process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
  process.env.HOST_HEADER ??= 'host';
  // Behind proxies the browser's address is the last X-Forwarded-For entry they added.
  if (app.config.TRUST_PROXY !== false) {
    process.env.ADDRESS_HEADER ??= 'x-forwarded-for';
    process.env.XFF_DEPTH ??= String(typeof app.config.TRUST_PROXY === 'number' ? app.config.TRUST_PROXY : 1);
  }
  const { handler } = (await import(handlerPath)) as { handler: NodeHandler };
  const trustProxy = app.config.TRUST_PROXY;

  await app.register(async (web) => {
    // Let SvelteKit read request bodies itself (form actions).
    web.removeAllContentTypeParsers();
    web.addContentTypeParser('*', (_req, _payload, done) => done(null));
    // SvelteKit sets its own content security policy with per-request nonces.
    web.all('/*', { helmet: false, config: { tx: false, public: true, rateLimit: false }, schema: { hide: true } }, (req, reply) => {
      if (!trustProxy || !req.headers['x-forwarded-proto']) req.raw.headers['x-forwarded-proto'] = 'http';
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

/**
 * The web app's calls to the API inside one process (packages/contracts `IN_PROCESS_API`):
 * Fastify's `inject`, with the browser's address as the caller's, marked with a token that
 * exists only in this process's memory, so no request from outside can pass for one.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { InProcessApi } from '@pilot/contracts';

const HEADER = 'x-pilot-in-process';
const TOKEN = Buffer.from(randomBytes(24).toString('base64url'));

export function isInProcess(req: FastifyRequest): boolean {
  const given = req.headers[HEADER];
  return typeof given === 'string' && given.length === TOKEN.length && timingSafeEqual(Buffer.from(given), TOKEN);
}

/** Headers a browser could have set to pose as another client or origin; the caller's address is passed explicitly. */
const NOT_PASSED = ['host', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'forwarded', 'x-real-ip', HEADER];

export function inProcessApi(app: FastifyInstance): InProcessApi {
  return async (request, clientAddress) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      if (!NOT_PASSED.includes(name)) headers[name] = value;
    });
    headers[HEADER] = TOKEN.toString();
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const res = await app.inject({
      method: request.method as 'GET',
      url: url.pathname + url.search,
      headers,
      payload: body,
      remoteAddress: clientAddress,
    });
    const out = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined || name === 'content-length' || name === 'transfer-encoding' || name === 'connection') continue;
      for (const v of Array.isArray(value) ? value : [value]) out.append(name, String(v));
    }
    const empty = res.statusCode === 204 || res.statusCode === 304 || request.method === 'HEAD';
    return new Response(empty ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers: out });
  };
}

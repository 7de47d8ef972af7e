import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import fastifyJwt from '@fastify/jwt';
import fastifyCookie from '@fastify/cookie';
import type { Role } from '@pilot/domain';
import type { Config } from '../config.ts';
import { requireRouteAccess, type Action, type Actor } from '../lib/access.ts';
import { unauthorized } from '../lib/problems.ts';

/**
 * What an access token carries: enough to bind the tenant without a lookup of its own. Roles and
 * scope are checked against the membership in the request's first statement (plugins/db.ts).
 */
interface AccessClaims { sub: string; sid: string; roles: Role[]; pid: string | null; uid: string | null; enr?: boolean }

declare module '@fastify/jwt' {
  interface FastifyJWT { payload: AccessClaims; user: AccessClaims }
}
declare module 'fastify' {
  interface FastifyRequest { actor: Actor | null }
  interface FastifyContextConfig {
    /** Route is reachable without signing in (login, refresh, invitations). */
    public?: boolean;
    /** Permission the actor needs, checked before the handler. */
    access?: Action;
    /** Reachable while two-factor set-up is pending (the set-up itself, the account, logout). */
    mfaSetup?: boolean;
  }
  interface FastifyInstance {
    signAccessToken(actor: Actor): string;
  }
}

export default fp(async function auth(app: FastifyInstance, opts: { config: Config }) {
  const { config } = opts;
  await app.register(fastifyCookie);
  await app.register(fastifyJwt, {
    secret: config.JWT_SECRET,
    sign: { expiresIn: config.ACCESS_TOKEN_TTL_SECONDS, algorithm: 'HS256' },
    verify: { algorithms: ['HS256'] },
  });

  app.decorate('signAccessToken', (actor: Actor) =>
    app.jwt.sign({
      sub: actor.userId, sid: actor.sessionId, roles: actor.roles, pid: actor.providerId, uid: actor.unitId,
      ...(actor.mfaEnrollment ? { enr: true } : {}),
    }));
  app.decorateRequest('actor', null);

  app.addHook('onRequest', async (req: FastifyRequest) => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      try {
        const c = await req.jwtVerify<AccessClaims>();
        req.actor = { userId: c.sub, sessionId: c.sid, roles: c.roles, providerId: c.pid, unitId: c.uid, mfaEnrollment: Boolean(c.enr) };
      } catch (err) {
        const expired = (err as { code?: string }).code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED';
        if (!req.routeOptions.config?.public) {
          throw unauthorized(expired ? 'Your session has expired' : 'Invalid access token', expired ? 'token_expired' : 'invalid_token');
        }
      }
    }
    const cfg = req.routeOptions.config;
    if (!req.url.startsWith('/api/v1/') || cfg?.public || !req.routeOptions.url) return;
    if (!req.actor) throw unauthorized();
    // A first check on the token's claims refuses before the body is even validated. The token
    // may be up to its lifetime old: the db plugin checks again against the membership as it
    // stands, in the request's transaction (a role change counts from the next request).
    requireRouteAccess(req.actor, cfg, req.routeOptions.url);
  });
}, { name: 'auth' });

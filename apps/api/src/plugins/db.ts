import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import fp from 'fastify-plugin';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm.ts';
import { bindTransaction, rebindTenant } from '../db/tenancy.ts';
import { executeWithNext } from '../db/pipelining.ts';
import { badRequest, unauthorized, unprocessable } from '../lib/problems.ts';
import { requireRouteAccess, type Actor } from '../lib/access.ts';
import type { Role } from '@pilot/domain';
import { mfaRequiredFor } from '../modules/identity/mfa.ts';

declare module 'fastify' {
  interface FastifyInstance { orm: Orm }
  interface FastifyRequest {
    /** The request's EntityManager, inside its one transaction, bound to its tenant. */
    em: EntityManager;
    /** The provider whose rows this transaction may touch (RLS + ORM filter), or null. */
    tenantId: string | null;
    /** Appends an audit entry in the request's transaction (written with the commit, or before a re-bind). */
    audit(action: string, entity: string, entityId?: string | null, meta?: Record<string, unknown>, actorId?: string): void;
    /**
     * Re-binds the transaction to another provider's rows. Only for flows that cross tenants by
     * design (a unit contact's referral routed to a provider, sign-in recording to the
     * signed-in user's provider); the caller must have decided access first.
     */
    crossTenantBind(providerId: string | null): Promise<void>;
    /** Audit entries of this request not yet sent to the database. */
    pendingAudit: AuditEntry[];
  }
  interface FastifyContextConfig {
    /** Set false for routes that must not run in a database transaction (health, docs). */
    tx?: boolean;
    /** A POST that creates: an `Idempotency-Key` header replays the first answer instead of repeating it. */
    idempotent?: boolean;
  }
}

interface AuditEntry {
  at: Date; providerId: string | null; actorId: string | null; action: string; entity: string; entityId: string | null;
  requestId: string; ip: string; meta: Record<string, unknown> | null;
}

/** One transaction per request: a failed request writes nothing, a read sees one snapshot. */
export default fp(async function db(app: FastifyInstance, opts: { orm: Orm }) {
  const { orm } = opts;
  app.decorate('orm', orm);
  app.decorateRequest('em', null as unknown as EntityManager);
  app.decorateRequest('tenantId', null);
  app.decorateRequest('pendingAudit', null as unknown as AuditEntry[]);
  app.decorateRequest('audit', function (this: FastifyRequest, action: string, entity: string, entityId?: string | null, meta?: Record<string, unknown>, actorId?: string) {
    this.pendingAudit.push({
      at: new Date(),
      providerId: this.tenantId,
      actorId: actorId ?? this.actor?.userId ?? null,
      action,
      entity,
      entityId: entityId ?? null,
      requestId: this.id,
      ip: this.ip,
      meta: meta ?? null,
    });
  });
  app.decorateRequest('crossTenantBind', async function (this: FastifyRequest, providerId: string | null) {
    // What was written under the old tenant goes in under it: RLS checks every row against
    // the tenant bound when it is inserted.
    await this.em.flush();
    await writeAudit(this);
    await rebindTenant(this.em, providerId);
    this.tenantId = providerId;
  });

  app.addHook('onRoute', (route) => {
    if (route.config?.tx === false || !route.url.startsWith('/api/v1')) return;
    const handler = route.handler as RouteHandlerMethod;
    route.handler = async function transactional(this: FastifyInstance, req: FastifyRequest, reply: FastifyReply) {
      const scope = { providerId: req.actor?.providerId ?? null, unitId: req.actor?.unitId ?? null };
      const em = orm.em.fork();
      const result = await em.transactional(async (tx) => {
        req.em = tx;
        req.tenantId = scope.providerId;
        req.pendingAudit = [];
        // `begin`, the tenant binding and the session check reach PostgreSQL as one message, in
        // that order: RLS is bound before any read, the session checked before the handler runs.
        await bindTransaction(tx, scope);
        if (req.actor) {
          req.actor = await currentActor(tx, req.actor, req.server.config.mfaRequiredRoles);
          requireRouteAccess(req.actor, route.config, route.url);
        }
        const key = route.config?.idempotent ? idempotencyKey(req) : null;
        if (key) {
          const replay = await claimIdempotencyKey(tx, req, key);
          if (replay) {
            reply.code(replay.status);
            return replay.body;
          }
        }
        const body = await handler.call(this, req, reply);
        // Neither needs an answer: both go with the commit (one round trip), and if either
        // fails, the commit does not happen.
        if (key) await storeIdempotentAnswer(tx, req, key, reply.statusCode, body);
        await writeAudit(req);
        return body;
      });
      // Handlers return their body instead of calling reply.send(), so nothing reaches the
      // client before the transaction has committed; an empty answer (204) is sent here.
      if (result === undefined && !reply.sent) return reply.send();
      return result;
    };
  });
}, { name: 'db' });

function idempotencyKey(req: FastifyRequest): string | null {
  const raw = req.headers['idempotency-key'];
  if (typeof raw !== 'string' || !req.actor) return null;
  if (!/^[\w.:-]{8,200}$/.test(raw)) throw badRequest('Idempotency-Key must be 8 to 200 letters, digits or . _ : -', [{ path: 'headers.idempotency-key', message: 'Invalid key' }]);
  return raw;
}

/**
 * Claims the key for this request, or returns the stored answer of the request that used it
 * first. A concurrent duplicate waits on the unique key until the first one commits.
 */
async function claimIdempotencyKey(em: EntityManager, req: FastifyRequest, key: string) {
  const path = req.routeOptions.url ?? req.url;
  const inserted = await em.execute(
    `insert into idempotency_key (user_id, key, method, path) values (?, ?, ?, ?) on conflict do nothing returning key`,
    [req.actor!.userId, key, req.method, path],
  );
  if (inserted.length) return null;
  const [prior] = await em.execute<{ method: string; path: string; status_code: number; response: unknown }[]>(
    `select method, path, status_code, response from idempotency_key where user_id = ? and key = ?`,
    [req.actor!.userId, key],
  );
  if (!prior || prior.method !== req.method || prior.path !== path) {
    throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was already used for a different request');
  }
  return { status: prior.status_code, body: prior.response };
}

/** Sends the request's audit entries with its next statement, as one insert. */
async function writeAudit(req: FastifyRequest) {
  const entries = req.pendingAudit.splice(0);
  if (!entries.length) return;
  await executeWithNext(req.em,
    `insert into audit_log (at, provider_id, actor_id, action, entity, entity_id, request_id, ip, meta)
     values ${entries.map(() => '(?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)').join(', ')}`,
    entries.flatMap((e) => [
      e.at.toISOString(), e.providerId, e.actorId, e.action, e.entity, e.entityId, e.requestId, e.ip, e.meta && JSON.stringify(e.meta),
    ]));
}

async function storeIdempotentAnswer(em: EntityManager, req: FastifyRequest, key: string, status: number, body: unknown) {
  await executeWithNext(em, `update idempotency_key set status_code = ?, response = ?::jsonb where user_id = ? and key = ?`, [
    status, JSON.stringify(body ?? null), req.actor!.userId, key,
  ]);
}

/**
 * The actor as the database knows them now. Deactivated users and revoked sessions lose access
 * at once, not when the token expires; so do roles taken away (ASVS 4.1.2), and a role given
 * that needs two-factor sign-in asks for it at once. The token's roles only stand in until
 * this, the request's first statement, answers; it is sent with `begin` and the tenant
 * binding, so it costs no round trip of its own.
 *
 * The tenant was bound from the token before this answer: a membership moved to another
 * provider or unit (invisible under that binding, or different) ends this token, and the
 * refresh that follows issues one for the membership as it is.
 */
async function currentActor(em: EntityManager, actor: Actor, mfaRoles: readonly Role[]): Promise<Actor> {
  const [row] = await em.execute<{ roles: Role[]; provider_id: string | null; unit_id: string | null; mfa_enabled: boolean }[]>(
    `select m.roles, m.provider_id, m.unit_id, u.totp_enabled_at is not null as mfa_enabled from auth_session s
       join user_account u on u.id = s.user_id join membership m on m.user_id = u.id
      where s.id = ? and s.user_id = ? and s.revoked_at is null and s.expires_at > now() and u.status = 'active'`,
    [actor.sessionId, actor.userId],
  );
  if (!row) throw unauthorized('Your session has ended; sign in again', 'session_revoked');
  if (row.provider_id !== actor.providerId || row.unit_id !== actor.unitId) {
    throw unauthorized('Your organisation has changed; sign in again', 'session_revoked');
  }
  // A role that needs two-factor sign-in, given to someone without it, asks for the set-up
  // first, as a sign-in with that role would.
  return { ...actor, roles: row.roles, mfaEnrollment: mfaRequiredFor(mfaRoles, row.roles) && !row.mfa_enabled };
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { executeWithNext } from './pipelining.ts';

/**
 * Tenancy: the one place that binds a unit of work to whose rows it may touch (ADR 0017).
 *
 * Two layers, always set together:
 * 1. the ORM filter: every provider-owned entity declares `tenantFilter`, so each ORM query of
 *    it gets `provider_id = ?` from the EntityManager's filter params;
 * 2. PostgreSQL row-level security (see migrations/sql.ts), checked against the
 *    transaction-local `app.tenant_id` and `app.unit_id`.
 *
 * Jobs, the CLI and the seeders use `withTenant` (or `tenantFork` when one bound fork serves
 * several transactions); the request plugin binds its transaction with `bindTransaction`
 * (sent with the next statement, db/pipelining.ts); report reads use `withTenantOnReplica`.
 */
export const NO_TENANT = '00000000-0000-0000-0000-000000000000';

export const tenantFilter = {
  tenant: {
    name: 'tenant',
    cond: (args: { tenantId?: string }) => ({ providerId: args.tenantId ?? NO_TENANT }),
    default: true,
  },
};

/**
 * Whose rows a unit of work may touch: one provider's (`providerId`), a unit contact's unit's
 * (`unitId`, which RLS admits on referrals), or no tenant at all (`providerId: null`: the
 * ministry, the platform, a job's reads of ids across providers), which sees no provider's rows.
 */
export interface TenantScope {
  providerId: string | null;
  unitId?: string | null;
}

/** What code running in a unit of work gets: its EntityManager, inside the transaction, and its scope. */
export interface UnitOfWork {
  em: EntityManager;
  scope: TenantScope;
}

/** Anything with an EntityManager to fork: MikroORM, `app.orm`, a test's `t.orm`. */
type Forkable = { em: { fork(options?: object): EntityManager } };

/** Session variables the RLS policies read; missing values stay empty (policies see NULL). */
function sessionVariables(scope: TenantScope) {
  return {
    'app.tenant_id': scope.providerId ?? '',
    'app.unit_id': scope.unitId ?? '',
  };
}

/** The ORM half: with no provider, the filter matches no provider's rows (as RLS does). */
function filterTo(em: EntityManager, providerId: string | null) {
  em.setFilterParams('tenant', { tenantId: providerId ?? NO_TENANT });
}

/**
 * An EntityManager bound to `scope`: its ORM filter at once, and RLS in every transaction it
 * opens (MikroORM applies the session variables with `set_config(..., true)` after `begin`).
 * For code that opens several transactions on one fork, or reads outside one; otherwise use
 * `withTenant`.
 */
export function tenantFork(orm: Forkable, scope: TenantScope): EntityManager {
  const em = orm.em.fork({ session: { variables: sessionVariables(scope) } });
  filterTo(em, scope.providerId);
  return em;
}

/**
 * The unit of work: one transaction bound to `scope` (RLS and ORM filter), committed when `fn`
 * resolves, rolled back when it throws.
 */
export function withTenant<T>(orm: Forkable, scope: TenantScope, fn: (ctx: UnitOfWork) => Promise<T>): Promise<T> {
  return tenantFork(orm, scope).transactional((em) => fn({ em, scope }));
}

/**
 * A read-only transaction on a read replica's connection (or the primary's read pool), bound
 * to `scope` like `withTenant`. db/replica.ts says when to use it.
 */
export function withTenantOnReplica<T>(
  orm: { em: EntityManager },
  scope: TenantScope,
  fn: (ctx: UnitOfWork) => Promise<T>,
): Promise<T> {
  return orm.em.getConnection('read').transactional(async (trx) => {
    const em = orm.em.fork();
    em.setTransactionContext(trx);
    filterTo(em, scope.providerId);
    return fn({ em, scope });
  }, { readOnly: true, sessionContext: { variables: sessionVariables(scope) } });
}

/**
 * Binds a transaction already open on `tx` to `scope` (the request path, plugins/db.ts). The
 * RLS settings are transaction-local and sent with the next statement, so they cost no round
 * trip of their own; PostgreSQL runs them before that statement.
 */
export function bindTransaction(tx: EntityManager, scope: TenantScope): Promise<void> {
  filterTo(tx, scope.providerId);
  return bindSessionVariables(tx, sessionVariables(scope));
}

/**
 * Re-binds an open transaction to another provider's rows, leaving its unit as it is. Only for
 * flows that cross tenants by design (`request.crossTenantBind`); the caller decides access.
 */
export async function rebindTenant(tx: EntityManager, providerId: string | null): Promise<void> {
  await bindSessionVariables(tx, { 'app.tenant_id': providerId ?? '' });
  filterTo(tx, providerId);
}

function bindSessionVariables(em: EntityManager, vars: Record<string, string>) {
  const entries = Object.entries(vars);
  return executeWithNext(em, `select ${entries.map(() => 'set_config(?, ?, true)').join(', ')}`, entries.flat());
}

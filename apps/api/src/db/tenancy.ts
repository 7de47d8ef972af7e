import type { EntityManager } from '@mikro-orm/postgresql';
import { executeWithNext } from './pipelining.ts';

/**
 * Tenancy, part one: the ORM filter. Every provider-owned entity declares `tenantFilter`, so
 * each query of it gets `provider_id = ?` from the request's filter params. Part two is
 * PostgreSQL row-level security (see migrations/sql.ts), checked against the transaction-local
 * `app.tenant_id` the db plugin sets for every request.
 */
export const NO_TENANT = '00000000-0000-0000-0000-000000000000';

export const tenantFilter = {
  tenant: {
    name: 'tenant',
    cond: (args: { tenantId?: string }) => ({ providerId: args.tenantId ?? NO_TENANT }),
    default: true,
  },
};

/** Session variables the RLS policies read; missing values stay empty (policies see NULL). */
export function sessionVariables(scope: { providerId: string | null; unitId: string | null }) {
  return {
    'app.tenant_id': scope.providerId ?? '',
    'app.unit_id': scope.unitId ?? '',
  };
}

/**
 * Binds the transaction's RLS settings to `vars` (transaction-local). Sent with the next
 * statement, so it costs no round trip of its own; PostgreSQL runs it before that statement.
 */
export function bindSessionVariables(em: EntityManager, vars: Record<string, string>) {
  const entries = Object.entries(vars);
  return executeWithNext(em, `select ${entries.map(() => 'set_config(?, ?, true)').join(', ')}`, entries.flat());
}

/**
 * One transaction bound to a provider, outside any request (jobs, webhooks' follow-ups): the
 * same RLS setting and ORM filter a request of that provider gets.
 */
export function inTenantTransaction<T>(
  orm: { em: { fork(o: object): EntityManager } },
  providerId: string,
  fn: (em: EntityManager) => Promise<T>,
): Promise<T> {
  const em = orm.em.fork({ session: { variables: sessionVariables({ providerId, unitId: null }) } });
  em.setFilterParams('tenant', { tenantId: providerId });
  return em.transactional(fn);
}

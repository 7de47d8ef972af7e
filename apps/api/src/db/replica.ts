import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { withTenantOnReplica } from './tenancy.ts';

/**
 * Runs report queries on a read replica (DATABASE_REPLICA_URLS; one picked at random per call),
 * or on the primary when none is configured. `fn` gets an EntityManager inside its own read-only
 * transaction, bound to the request's tenant exactly like `req.em`: row-level security sees the
 * same `app.tenant_id` and `app.unit_id`, the ORM tenant filter the same provider.
 *
 * Use it for reports and dashboards: reading from a replica keeps heavy aggregates off the
 * primary, at the price of a replica's lag (usually well under a second). Never for a read that
 * must see the request's own writes, and never to write: the transaction is read-only.
 */
export async function readReplica<T>(req: FastifyRequest, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  const scope = { providerId: req.tenantId ?? null, unitId: req.actor?.unitId ?? null };
  return withTenantOnReplica(req.server.orm, scope, ({ em }) => fn(em));
}

import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';

/**
 * Append-only record of every write and every read of a person-level record. The database
 * refuses UPDATE and DELETE (grants and a trigger), and RLS scopes reads to the provider.
 */
export const AuditLog = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    at: p.datetime().onCreate(() => new Date()),
    providerId: p.uuid().nullable(),
    actorId: p.uuid().nullable(),
    action: p.string(),
    entity: p.string(),
    entityId: p.string().nullable(),
    requestId: p.string().nullable(),
    ip: p.string().nullable(),
    meta: p.json<Record<string, unknown>>().nullable(),
  },
});
export type IAuditLog = InferEntity<typeof AuditLog>;

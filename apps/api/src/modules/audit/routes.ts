import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZAuditChainReport, ZAuditPage, ZAuditQuery, type TAuditEntry } from '@pilot/contracts';
import { verifyChain } from './chain.ts';
import { decodeCursor, iso, toPage } from '../../lib/pagination.ts';

interface AuditRow {
  id: string; at: Date; actor_id: string | null; actor_name: string | null; action: string; entity: string;
  entity_id: string | null; request_id: string | null; ip: string | null;
}

const toEntry = (r: AuditRow): TAuditEntry => ({
  id: String(r.id), at: iso(r.at)!, actorId: r.actor_id, actorName: r.actor_name, action: r.action,
  entity: r.entity, entityId: r.entity_id, requestId: r.request_id, ip: r.ip,
});

/**
 * The audit trail of the actor's own provider (RLS scopes it; the platform operator, with no
 * tenant, sees platform-level entries only).
 */
export default async function auditRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get('/audit', {
    config: { access: 'audit.read' },
    schema: { tags: ['audit'], summary: 'Audit log of your organisation', querystring: ZAuditQuery, response: { 200: ZAuditPage } },
  }, async (req) => {
    const { limit, cursor, action, entity, actorId, from, to } = req.query;
    const after = decodeCursor(cursor, ['seq']);
    const params: unknown[] = [req.tenantId];
    let sql = `select a.id, a.at, a.actor_id, u.full_name as actor_name, a.action, a.entity, a.entity_id, a.request_id, a.ip
      from audit_log a left join user_account u on u.id = a.actor_id
      where a.provider_id is not distinct from ?::uuid`;
    if (action) { sql += ` and a.action = ?`; params.push(action); }
    if (entity) { sql += ` and a.entity = ?`; params.push(entity); }
    if (actorId) { sql += ` and a.actor_id = ?`; params.push(actorId); }
    if (from) { sql += ` and a.at >= ?::date`; params.push(from); }
    if (to) { sql += ` and a.at < ?::date + 1`; params.push(to); }
    if (after) { sql += ` and a.id < ?`; params.push(after[0]); }
    sql += ` order by a.id desc limit ?`;
    params.push(limit + 1);
    const rows = await req.em.execute<AuditRow[]>(sql, params);
    const page = toPage(rows, limit, (r) => [String(r.id)]);
    return { items: page.items.map(toEntry), nextCursor: page.nextCursor };
  });

  app.get('/audit/verify', {
    config: { access: 'audit.verify' },
    schema: {
      tags: ['audit'], summary: "Recompute your organisation's audit hash chain and report any break",
      response: { 200: ZAuditChainReport },
    },
  }, async (req) => {
    const report = await verifyChain(req.em, req.tenantId);
    req.audit('audit.verified', 'audit_chain', req.tenantId, { ok: report.ok, checked: report.checked });
    return { ...report, checkedAt: new Date().toISOString() };
  });
}

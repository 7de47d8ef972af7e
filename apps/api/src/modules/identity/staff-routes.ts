import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParams, ZStaffInvite, ZStaffMember, ZStaffPage, ZStaffQuery, ZStaffUpdate, type TStaffMember } from '@pilot/contracts';
import type { Role } from '@pilot/domain';
import { conflict, notFound } from '../../lib/problems.ts';
import { decodeCursor, iso, toPage } from '../../lib/pagination.ts';
import { Provider } from '../providers/entities.ts';
import { Membership, User } from './entities.ts';
import { inviteUser, sendInvitation } from './invitations.ts';
import { revokeUserSessions } from './sessions.ts';
import { assertBillingAllows, queueSeatSync } from '../billing/guard.ts';

interface StaffRow {
  id: string; email: string; full_name: string; phone: string | null; roles: Role[]; status: TStaffMember['status'];
  last_login_at: Date | null; created_at: Date;
}

const toStaff = (r: StaffRow): TStaffMember => ({
  id: r.id, email: r.email, fullName: r.full_name, phone: r.phone, roles: r.roles, status: r.status,
  lastLoginAt: iso(r.last_login_at), createdAt: iso(r.created_at)!,
});

const STAFF_SELECT = `select u.id, u.email, u.full_name, u.phone, m.roles, u.status, u.last_login_at, u.created_at
  from membership m join user_account u on u.id = m.user_id where m.provider_id = ?`;

export async function staffMember(req: FastifyRequest, userId: string): Promise<StaffRow> {
  const [row] = await req.em.execute<StaffRow[]>(`${STAFF_SELECT} and u.id = ?`, [req.actor!.providerId, userId]);
  if (!row) throw notFound();
  return row;
}

/** An NGO admin manages the accounts of its own provider's staff. */
export default async function staffRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cfg = { access: 'staff.manage' } as const;

  app.get('/staff', {
    config: cfg,
    schema: { tags: ['staff'], summary: "The provider's staff", querystring: ZStaffQuery, response: { 200: ZStaffPage } },
  }, async (req) => {
    const { limit, cursor, status, q } = req.query;
    const after = decodeCursor(cursor, ['time', 'uuid']);
    const params: unknown[] = [req.actor!.providerId];
    let sql = STAFF_SELECT;
    if (status) { sql += ` and u.status = ?`; params.push(status); }
    if (q) { sql += ` and (u.full_name ilike ? or u.email ilike ?)`; params.push(`%${q}%`, `%${q}%`); }
    if (after) { sql += ` and (u.created_at, u.id) < (?::timestamptz, ?::uuid)`; params.push(after[0], after[1]); }
    sql += ` order by u.created_at desc, u.id desc limit ?`;
    params.push(limit + 1);
    const rows = await req.em.execute<StaffRow[]>(sql, params);
    const pageRows = toPage(rows, limit, (r) => [iso(r.created_at)!, r.id]);
    return { items: pageRows.items.map(toStaff), nextCursor: pageRows.nextCursor };
  });

  app.post('/staff', {
    config: { ...cfg, idempotent: true },
    schema: { tags: ['staff'], summary: 'Invite a staff member by email', body: ZStaffInvite, response: { 201: ZStaffMember } },
  }, async (req, reply) => {
    await assertBillingAllows(req, 'new_seat');
    const provider = await req.em.findOneOrFail(Provider, { id: req.actor!.providerId! });
    const { user } = await inviteUser(req, { ...req.body, providerId: provider.id, unitId: null, organisation: provider.name });
    await queueSeatSync(req);
    reply.code(201);
    return toStaff(await staffMember(req, user.id));
  });

  app.patch('/staff/:id', {
    config: cfg,
    schema: { tags: ['staff'], summary: 'Change roles or deactivate / reactivate', params: ZIdParams, body: ZStaffUpdate, response: { 200: ZStaffMember } },
  }, async (req) => {
    const current = await staffMember(req, req.params.id);
    const self = req.params.id === req.actor!.userId;
    const { roles, status } = req.body;
    if (self && (status === 'deactivated' || (roles && !roles.includes('ngo_admin')))) {
      throw conflict('cannot_demote_self', 'You cannot deactivate yourself or remove your own admin role');
    }
    if (roles) {
      const membership = await req.em.findOneOrFail(Membership, { userId: current.id, providerId: req.actor!.providerId });
      membership.roles = roles;
    }
    if (status && status !== current.status) {
      if (current.status === 'invited' && status === 'active') throw conflict('not_yet_accepted', 'The invitation has not been accepted yet');
      // Reactivating takes a seat again; deactivating frees one. Either way the billed quantity follows.
      if (status === 'active') await assertBillingAllows(req, 'new_seat');
      await queueSeatSync(req);
      const user = await req.em.findOneOrFail(User, { id: current.id });
      // Reactivating someone who never set a password brings back the pending invitation.
      user.status = status === 'active' && !user.passwordHash ? 'invited' : status;
      if (status === 'deactivated') await revokeUserSessions(req.em, user.id, 'deactivated');
    }
    req.audit('staff.update', 'user', current.id, { roles, status });
    await req.em.flush();
    return toStaff(await staffMember(req, current.id));
  });

  app.post('/staff/:id/revoke-sessions', {
    config: cfg,
    schema: { tags: ['staff'], summary: "End every session of a staff member (a lost phone, a departure)", params: ZIdParams },
  }, async (req, reply) => {
    const current = await staffMember(req, req.params.id);
    await revokeUserSessions(req.em, current.id, 'revoked_by_admin');
    req.audit('staff.sessions_revoked', 'user', current.id);
    reply.code(204);
  });

  app.post('/staff/:id/resend-invitation', {
    config: cfg,
    schema: { tags: ['staff'], summary: 'Send a new invitation link', params: ZIdParams },
  }, async (req, reply) => {
    const current = await staffMember(req, req.params.id);
    if (current.status !== 'invited') throw conflict('already_accepted', 'This person has already accepted the invitation');
    const user = await req.em.findOneOrFail(User, { id: current.id });
    const provider = await req.em.findOneOrFail(Provider, { id: req.actor!.providerId! });
    await sendInvitation(req, user, provider.name);
    req.audit('staff.invitation_resent', 'user', user.id);
    reply.code(204);
  });
}

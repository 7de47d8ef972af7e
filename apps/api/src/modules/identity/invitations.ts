import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Role } from '@pilot/domain';
import { emails, render } from '../../lib/emails.ts';
import { conflict } from '../../lib/problems.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { ActionToken, Membership, User, type IUser } from './entities.ts';

export const INVITATION_DAYS = 7;

export interface Invitee {
  email: string;
  fullName: string;
  phone?: string | null;
  roles: Role[];
  providerId: string | null;
  unitId: string | null;
  position?: string | null;
  /** Shown in the email: who invites. */
  organisation: string;
}

/** Creates an invited account with its membership and emails a one-time link to set a password. */
export async function inviteUser(req: FastifyRequest, who: Invitee) {
  const user = req.em.create(User, { email: who.email, fullName: who.fullName, phone: who.phone ?? null, status: 'invited' });
  const membership = req.em.create(Membership, {
    userId: user.id, providerId: who.providerId, unitId: who.unitId, roles: who.roles, position: who.position ?? null,
  });
  try {
    await req.em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw conflict('email_taken', 'An account with this email already exists');
    throw err;
  }
  await sendInvitation(req, user, who.organisation);
  req.audit('user.invited', 'user', user.id, { roles: who.roles });
  return { user, membership };
}

/** A fresh one-time link to set a password; earlier links of the same user stop working. */
export async function invitationLink(em: EntityManager, user: IUser, publicUrl: string): Promise<string> {
  await em.execute(`update action_token set used_at = now() where user_id = ? and kind = 'invitation' and used_at is null`, [user.id]);
  const token = newToken();
  em.create(ActionToken, {
    userId: user.id, kind: 'invitation', tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
  });
  return `${publicUrl}/invite/${token}`;
}

/** Emails a fresh invitation link. */
export async function sendInvitation(req: FastifyRequest, user: IUser, organisation: string) {
  const link = await invitationLink(req.em, user, req.server.config.publicUrl);
  await req.server.jobs.send(req.em, QUEUES.email, render(emails.invitation, user.locale, user.email, {
    fullName: user.fullName, organisation, link, days: INVITATION_DAYS,
  }));
}

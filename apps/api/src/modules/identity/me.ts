import type { EntityManager } from '@mikro-orm/postgresql';
import type { TMe } from '@pilot/contracts';
import type { Actor } from '../../lib/access.ts';
import { notFound } from '../../lib/problems.ts';
import { Provider } from '../providers/entities.ts';
import { Membership, User, type IMembership, type IUser } from './entities.ts';
import type { Config } from '../../config.ts';
import { mfaRequiredFor } from './mfa.ts';

/** Loads a user with their membership, or null when either is missing. */
export async function loadAccount(em: EntityManager, userId: string) {
  const user = await em.findOne(User, { id: userId });
  const membership = user ? await em.findOne(Membership, { userId }) : null;
  return user && membership ? { user, membership } : null;
}

/** Two-factor state of an account: on, required for its roles, and set-up pending. */
export function mfaState(config: Config, user: IUser, membership: IMembership) {
  const enabled = Boolean(user.totpEnabledAt);
  const required = mfaRequiredFor(config.mfaRequiredRoles, membership.roles);
  return { enabled, required, enrollmentPending: required && !enabled };
}

export function actorOf(config: Config, user: IUser, membership: IMembership, sessionId: string): Actor {
  return {
    userId: membership.userId,
    sessionId,
    roles: membership.roles,
    providerId: membership.providerId ?? null,
    unitId: membership.unitId ?? null,
    mfaEnrollment: mfaState(config, user, membership).enrollmentPending,
  };
}

export async function toMe(em: EntityManager, config: Config, user: IUser, membership: IMembership): Promise<TMe> {
  const provider = membership.providerId ? await em.findOne(Provider, { id: membership.providerId }) : null;
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    phone: user.phone ?? null,
    locale: user.locale,
    roles: membership.roles,
    provider: provider ? { id: provider.id, name: provider.name } : null,
    unitId: membership.unitId ?? null,
    mfa: mfaState(config, user, membership),
  };
}

export async function meOf(em: EntityManager, config: Config, actor: Actor): Promise<TMe> {
  const account = await loadAccount(em, actor.userId);
  if (!account) throw notFound();
  return toMe(em, config, account.user, account.membership);
}

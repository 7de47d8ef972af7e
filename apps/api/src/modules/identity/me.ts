import type { EntityManager } from '@mikro-orm/postgresql';
import type { TMe } from '@pilot/contracts';
import type { Actor } from '../../lib/access.ts';
import { notFound } from '../../lib/problems.ts';
import { Provider } from '../providers/entities.ts';
import { Membership, User, type IMembership, type IUser } from './entities.ts';

/** Loads a user with their membership, or null when either is missing. */
export async function loadAccount(em: EntityManager, userId: string) {
  const user = await em.findOne(User, { id: userId });
  const membership = user ? await em.findOne(Membership, { userId }) : null;
  return user && membership ? { user, membership } : null;
}

export function actorOf(membership: IMembership, sessionId: string): Actor {
  return {
    userId: membership.userId,
    sessionId,
    roles: membership.roles,
    providerId: membership.providerId ?? null,
    unitId: membership.unitId ?? null,
  };
}

export async function toMe(em: EntityManager, user: IUser, membership: IMembership): Promise<TMe> {
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
  };
}

export async function meOf(em: EntityManager, actor: Actor): Promise<TMe> {
  const account = await loadAccount(em, actor.userId);
  if (!account) throw notFound('Account');
  return toMe(em, account.user, account.membership);
}

import type { Orm } from '../../db/orm.ts';
import { withTenant } from '../../db/tenancy.ts';
import { AuditLog } from '../audit/entities.ts';
import { Membership, User } from './entities.ts';
import { invitationLink } from './invitations.ts';

/**
 * Invites a platform operator from the command line (cli/invite-operator.ts): an invited
 * account, its membership and an audit entry in one transaction. Returns the one-time link.
 */
export async function inviteOperator(orm: Orm, publicUrl: string, who: { email: string; fullName: string }): Promise<string> {
  const email = who.email.trim().toLowerCase();
  return withTenant(orm, { providerId: null }, async ({ em: tx }) => {
    if (await tx.count(User, { email })) throw new Error(`An account with the email ${email} already exists`);
    const user = tx.create(User, { email, fullName: who.fullName.trim(), status: 'invited' });
    tx.create(Membership, { userId: user.id, providerId: null, unitId: null, roles: ['platform_operator'], position: null });
    const link = await invitationLink(tx, user, publicUrl);
    tx.create(AuditLog, { providerId: null, actorId: null, action: 'user.invited', entity: 'user', entityId: user.id, meta: { roles: ['platform_operator'], via: 'cli' } });
    return link;
  });
}

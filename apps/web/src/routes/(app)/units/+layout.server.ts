import { canUse } from '#lib/access.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { LayoutServerLoad } from './$types';

// The ministry manages every unit; a provider's admin and supervisors see the units it serves.
export const load: LayoutServerLoad = (event) => {
  const user = requireArea(event, 'units');
  return { canManage: canUse(user, 'manageUnits'), canInvite: canUse(user, 'inviteUnitContacts') };
};

import { canUse } from '#lib/access.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { LayoutServerLoad } from './$types';

// The ministry runs the centres; an NGO admin sees those its organisation is a member of.
export const load: LayoutServerLoad = (event) => {
  const user = requireArea(event, 'coordination');
  return { canManage: canUse(user, 'coordinationManage') };
};

import { canUse } from '#lib/access.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
  const user = requireArea(event, 'referrals');
  return { canDecide: canUse(user, 'decideReferrals') };
};

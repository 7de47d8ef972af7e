import { canUse } from '#lib/access.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { LayoutServerLoad } from './$types';

// The ministry reads the list of providers; only the platform operator creates and edits them.
export const load: LayoutServerLoad = (event) => {
  const user = requireArea(event, 'providers');
  return { canManage: canUse(user, 'manageProviders') };
};

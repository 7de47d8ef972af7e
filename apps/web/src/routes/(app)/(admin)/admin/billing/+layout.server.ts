import { canUse } from '#lib/access.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { LayoutServerLoad } from './$types';

// The platform operator and the ministry see providers' billing and manage the pilot plan;
// webhook deliveries are the operator's.
export const load: LayoutServerLoad = (event) => {
  const user = requireArea(event, 'billingProviders');
  return { canSeeWebhooks: canUse(user, 'billingWebhooks') };
};

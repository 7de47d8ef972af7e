import { error, redirect } from '@sveltejs/kit';
import type { TBillingStatus } from '@pilot/contracts';
import { m } from '#paraglide/messages.js';
import { api, stopIfRateLimited } from '#lib/server/api.ts';
import { loginUrl } from '#lib/server/session.ts';
import type { LayoutServerLoad } from './$types';

const TWO_FACTOR = '/account/two-factor';

// hooks.server.ts already turns anonymous visitors away; this narrows `user` for the pages below,
// and says "unavailable" when the API could not tell who this is (rather than logging them out).
export const load: LayoutServerLoad = async (event) => {
  stopIfRateLimited(event);
  const user = event.locals.user;
  if (!user && event.locals.session === 'unavailable') error(503, m.error_unavailable());
  if (!user) redirect(303, loginUrl(event));
  // A role that requires two-factor sign-in gets nowhere else until it is set up.
  if (user.mfa.enrollmentPending && event.url.pathname !== TWO_FACTOR) redirect(303, TWO_FACTOR);
  // A provider's staff see its billing standing (the banner); a failed call only hides the banner.
  const billing = user.provider ? await api<TBillingStatus>(event, '/billing/status') : null;
  return { user, billing: billing?.ok ? billing.data : null };
};

import type { TIntake, TReferralListItem } from '@pilot/contracts';
import { canUse } from '#lib/access.ts';
import { api } from '#lib/server/api.ts';
import { loadList } from '#lib/server/lists.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const intake = canUse(event.locals.user, 'intake') ? await api<TIntake>(event, '/intake') : null;
  return {
    ...(await loadList<TReferralListItem>(event, '/referrals', ['status', 'urgency', 'overdue', 'q'])),
    intake: intake?.ok ? intake.data : null,
    now: Date.now(),
  };
};

import type { TUnitReferralDetail } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
  referral: await apiOrError<TUnitReferralDetail>(event, `/my-unit/referrals/${encodeURIComponent(event.params.id)}`),
  sent: event.url.searchParams.has('sent'),
});

export const actions: Actions = {
  withdraw: async (event) => {
    const { reason } = textFields(await event.request.formData(), ['reason']);
    const result = await api(event, `/my-unit/referrals/${encodeURIComponent(event.params.id)}/withdraw`, {
      method: 'POST', body: { reason: reason || undefined },
    });
    if (!result.ok) return failWith(result, { reason });
    return { success: true };
  },
};

import type { TAssignableManagers, TReferral } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { canDecide } = await event.parent();
  const referral = await apiOrError<TReferral>(event, `/referrals/${encodeURIComponent(event.params.id)}`);
  const managers = canDecide && referral.status === 'submitted' ? await api<TAssignableManagers>(event, '/referrals/case-managers') : null;
  return { referral, managers: managers?.ok ? managers.data.items : [], now: Date.now() };
};

const path = (id: string, action: string) => `/referrals/${encodeURIComponent(id)}/${action}`;

export const actions: Actions = {
  accept: async (event) => {
    const values = textFields(await event.request.formData(), ['caseManagerId']);
    const result = await api(event, path(event.params.id, 'accept'), { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values, { form: 'accept' });
    return { form: 'accept', success: true };
  },
  decline: async (event) => {
    const values = textFields(await event.request.formData(), ['reason', 'note']);
    const result = await api(event, path(event.params.id, 'decline'), {
      method: 'POST', body: { reason: values.reason, note: values.note || undefined },
    });
    if (!result.ok) return failWith(result, values, { form: 'decline' });
    return { form: 'decline', success: true };
  },
};

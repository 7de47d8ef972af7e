import type { TAssignableManagers, TDuplicateMatch, TReferral } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { canDecide } = await event.parent();
  const referral = await apiOrError<TReferral>(event, `/referrals/${encodeURIComponent(event.params.id)}`);
  const deciding = canDecide && referral.status === 'submitted';
  const managers = deciding ? await api<TAssignableManagers>(event, '/referrals/case-managers') : null;
  // The duplicate check runs before the decision: the supervisor picks the person on file or confirms a new one.
  const duplicates = deciding ? await api<{ matches: TDuplicateMatch[] }>(event, `/referrals/${encodeURIComponent(event.params.id)}/duplicates`) : null;
  return {
    referral, now: Date.now(),
    managers: managers?.ok ? managers.data.items : [],
    duplicates: duplicates?.ok ? duplicates.data.matches : [],
  };
};

const path = (id: string, action: string) => `/referrals/${encodeURIComponent(id)}/${action}`;

export const actions: Actions = {
  accept: async (event) => {
    const values = textFields(await event.request.formData(), ['caseManagerId', 'person']);
    const known = values.person && values.person !== 'new' ? values.person : undefined;
    const result = await api(event, path(event.params.id, 'accept'), {
      method: 'POST',
      body: { caseManagerId: values.caseManagerId, beneficiaryId: known, confirmNew: values.person === 'new' || undefined },
    });
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

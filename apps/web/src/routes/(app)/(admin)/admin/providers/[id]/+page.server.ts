import type { TAccreditation, TProvider } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const id = encodeURIComponent(event.params.id);
  const [provider, accreditation] = await Promise.all([
    apiOrError<TProvider>(event, `/providers/${id}`),
    api<TAccreditation>(event, `/providers/${id}/accreditation`),
  ]);
  return { provider, accreditation: accreditation.ok ? accreditation.data : null, created: event.url.searchParams.has('created') };
};

export const actions: Actions = {
  update: async (event) => {
    requireArea(event, 'manageProviders');
    const values = textFields(await event.request.formData(), ['name', 'oblastCode', 'contactEmail', 'contactPhone']);
    const result = await api(event, `/providers/${encodeURIComponent(event.params.id)}`, { method: 'PATCH', body: values });
    if (!result.ok) return failWith(result, values);
    return { success: true };
  },
  decide: async (event) => {
    requireArea(event, 'accreditationManage');
    const values = textFields(await event.request.formData(), ['action', 'decisionNumber', 'decisionDate', 'validFrom', 'validUntil', 'reason']);
    const { validFrom, validUntil, reason, ...rest } = values;
    const body = rest.action === 'accredit'
      ? { ...rest, validFrom, validUntil, ...(reason ? { reason } : {}) }
      : { ...rest, reason };
    const result = await api(event, `/providers/${encodeURIComponent(event.params.id)}/accreditation`, { method: 'POST', body });
    if (!result.ok) return failWith(result, values, { form: 'decision' });
    return { success: true, form: 'decision' };
  },
};

import type { TCentreSummary } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
  centres: (await apiOrError<{ items: TCentreSummary[] }>(event, '/coordination/centres')).items,
});

export const actions: Actions = {
  create: async (event) => {
    requireArea(event, 'coordinationManage');
    const values = textFields(await event.request.formData(), ['oblastCode', 'name']);
    const result = await api<{ id: string }>(event, '/coordination/centres', { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values);
    return { success: true };
  },
};

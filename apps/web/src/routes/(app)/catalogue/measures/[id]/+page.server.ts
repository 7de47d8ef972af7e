import type { TMeasure } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
  measure: await apiOrError<TMeasure>(event, `/catalogue/measures/${encodeURIComponent(event.params.id)}`),
});

export const actions: Actions = {
  version: async (event) => {
    requireArea(event, 'catalogueManage');
    const values = textFields(await event.request.formData(), ['nameUk', 'nameEn', 'descriptionUk', 'descriptionEn', 'validFrom']);
    const result = await api(event, `/catalogue/measures/${encodeURIComponent(event.params.id)}/versions`, { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values, { form: 'version' });
    return { success: true, form: 'version' };
  },
  retire: async (event) => {
    requireArea(event, 'catalogueManage');
    const values = textFields(await event.request.formData(), ['from']);
    const result = await api(event, `/catalogue/measures/${encodeURIComponent(event.params.id)}/retire`, { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values, { form: 'retire' });
    return { success: true, form: 'retire' };
  },
};

import { redirect } from '@sveltejs/kit';
import { api } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  requireArea(event, 'catalogueManage');
};

export const actions: Actions = {
  default: async (event) => {
    requireArea(event, 'catalogueManage');
    const values = textFields(await event.request.formData(), ['code', 'nameUk', 'nameEn', 'descriptionUk', 'descriptionEn', 'validFrom']);
    const result = await api<{ id: string }>(event, '/catalogue/measures', { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values);
    redirect(303, `/catalogue/measures/${result.data.id}`);
  },
};

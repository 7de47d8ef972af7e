import { redirect } from '@sveltejs/kit';
import type { TUnit } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  requireArea(event, 'manageUnits');
};

export const actions: Actions = {
  default: async (event) => {
    requireArea(event, 'manageUnits');
    const values = textFields(await event.request.formData(), ['code', 'name', 'kind', 'oblastCode', 'status']);
    const result = await api<TUnit>(event, '/units', { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values);
    redirect(303, `/units/${result.data.id}?created=1`);
  },
};

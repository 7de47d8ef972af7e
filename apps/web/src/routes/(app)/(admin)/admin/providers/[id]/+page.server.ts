import type { TProvider } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
  provider: await apiOrError<TProvider>(event, `/providers/${encodeURIComponent(event.params.id)}`),
  created: event.url.searchParams.has('created'),
});

export const actions: Actions = {
  default: async (event) => {
    requireArea(event, 'manageProviders');
    const values = textFields(await event.request.formData(), ['name', 'oblastCode', 'contactEmail', 'contactPhone']);
    const result = await api(event, `/providers/${encodeURIComponent(event.params.id)}`, { method: 'PATCH', body: values });
    if (!result.ok) return failWith(result, values);
    return { success: true };
  },
};

import type { TIntake } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireArea(event, 'intake');
  return { intake: await apiOrError<TIntake>(event, '/intake') };
};

export const actions: Actions = {
  pause: async (event) => {
    requireArea(event, 'intake');
    const values = textFields(await event.request.formData(), ['reason']);
    const result = await api(event, '/intake/pause', { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values);
    return { success: true };
  },
  resume: async (event) => {
    requireArea(event, 'intake');
    const result = await api(event, '/intake/resume', { method: 'POST' });
    if (!result.ok) return failWith(result);
    return { success: true };
  },
};

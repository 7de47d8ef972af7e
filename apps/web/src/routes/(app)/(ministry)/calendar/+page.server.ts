import type { THoliday, TPilotSettings } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const year = Number(event.url.searchParams.get('year')) || new Date().getFullYear();
  return {
    year,
    holidays: (await apiOrError<{ items: THoliday[] }>(event, '/holidays', { query: { year } })).items,
    settings: await apiOrError<TPilotSettings>(event, '/pilot-settings'),
  };
};

export const actions: Actions = {
  targets: async (event) => {
    const data = await event.request.formData();
    const values = textFields(data, ['acknowledgementDays', 'firstContactDays', 'assessmentDays']);
    const result = await api(event, '/pilot-settings', {
      method: 'PATCH',
      body: {
        acknowledgementDays: Number(values.acknowledgementDays), firstContactDays: Number(values.firstContactDays),
        assessmentDays: Number(values.assessmentDays), escalationRecipientIds: data.getAll('escalationRecipientIds').map(String),
      },
    });
    if (!result.ok) return failWith(result, values, { form: 'targets' });
    return { form: 'targets', success: true };
  },
  addHoliday: async (event) => {
    const values = textFields(await event.request.formData(), ['date', 'name']);
    const result = await api(event, '/holidays', { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values, { form: 'holiday' });
    return { form: 'holiday', success: true };
  },
  removeHoliday: async (event) => {
    const { date } = textFields(await event.request.formData(), ['date']);
    const result = await api(event, `/holidays/${encodeURIComponent(date)}`, { method: 'DELETE' });
    if (!result.ok) return failWith(result, {}, { form: 'holiday' });
    return { form: 'holiday', success: true };
  },
};

import { localDate } from '@pilot/domain';
import type { TInstructionDetail } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
  instruction: await apiOrError<TInstructionDetail>(event, `/coordination/instructions/${encodeURIComponent(event.params.id)}`),
  today: localDate(new Date()),
});

const path = (event: { params: { id: string } }, tail = '') => `/coordination/instructions/${encodeURIComponent(event.params.id)}${tail}`;

export const actions: Actions = {
  report: async (event) => {
    requireArea(event, 'coordination');
    const data = await event.request.formData();
    const values = textFields(data, ['reportedOn', 'summary']);
    const result = await api(event, path(event, '/reports'), { method: 'POST', body: { ...values, done: data.get('done') === 'on' } });
    if (!result.ok) return failWith(result, values, { form: 'report' });
    return { success: true, form: 'report' };
  },
  status: async (event) => {
    requireArea(event, 'coordination');
    const values = textFields(await event.request.formData(), ['status', 'reason']);
    const result = await api(event, path(event, '/status'), { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values, { form: 'status' });
    return { success: true, form: 'status' };
  },
  due: async (event) => {
    requireArea(event, 'coordinationManage');
    const values = textFields(await event.request.formData(), ['dueDate']);
    const result = await api(event, path(event), { method: 'PATCH', body: values });
    if (!result.ok) return failWith(result, values, { form: 'due' });
    return { success: true, form: 'due' };
  },
};

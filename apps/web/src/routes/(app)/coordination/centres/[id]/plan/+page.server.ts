import type { TCentre, TWorkPlanItem } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const id = encodeURIComponent(event.params.id);
  const quarter = event.url.searchParams.get('quarter') ?? undefined;
  const [centre, plan] = await Promise.all([
    apiOrError<TCentre>(event, `/coordination/centres/${id}`),
    apiOrError<{ quarter: string; items: TWorkPlanItem[] }>(event, `/coordination/centres/${id}/work-plan`, { query: { quarter } }),
  ]);
  return { centre, plan };
};

export const actions: Actions = {
  add: async (event) => {
    requireArea(event, 'coordinationManage');
    const values = textFields(await event.request.formData(), ['quarter', 'title', 'owner', 'dueDate']);
    const result = await api(event, `/coordination/centres/${encodeURIComponent(event.params.id)}/work-plan`, { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values, { form: 'add' });
    return { success: true, form: 'add' };
  },
  status: async (event) => {
    requireArea(event, 'coordinationManage');
    const { itemId, status } = textFields(await event.request.formData(), ['itemId', 'status']);
    const result = await api(event, `/coordination/work-plan/${encodeURIComponent(itemId)}`, { method: 'PATCH', body: { status } });
    if (!result.ok) return failWith(result, {}, { form: 'status' });
    return { success: true, form: 'status' };
  },
};

import { redirect } from '@sveltejs/kit';
import type { TCentre } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireArea(event, 'coordinationManage');
  return { centre: await apiOrError<TCentre>(event, `/coordination/centres/${encodeURIComponent(event.params.id)}`) };
};

export const actions: Actions = {
  default: async (event) => {
    requireArea(event, 'coordinationManage');
    const data = await event.request.formData();
    const values = textFields(data, ['heldOn', 'place', 'guests']);
    const body = { ...values, online: data.get('online') === 'on', attendeeIds: data.getAll('attendeeIds').map(String) };
    const result = await api<{ id: string }>(event, `/coordination/centres/${encodeURIComponent(event.params.id)}/meetings`, { method: 'POST', body });
    if (!result.ok) return failWith(result, { ...values, online: body.online ? 'on' : '', attendees: body.attendeeIds.join(',') });
    redirect(303, `/coordination/meetings/${result.data.id}`);
  },
};

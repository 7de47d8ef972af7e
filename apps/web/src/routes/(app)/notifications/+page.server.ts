import type { TNotification } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { loadList } from '#lib/server/lists.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => loadList<TNotification>(event, '/notifications', ['unread']);

export const actions: Actions = {
  read: async (event) => {
    const { id } = textFields(await event.request.formData(), ['id']);
    const result = await api(event, `/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
    if (!result.ok) return failWith(result);
    return { success: true };
  },
  readAll: async (event) => {
    const result = await api(event, '/notifications/read-all', { method: 'POST' });
    if (!result.ok) return failWith(result);
    return { success: true };
  },
};

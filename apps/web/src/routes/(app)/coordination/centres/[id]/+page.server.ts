import type { TCentre, TProvider } from '@pilot/contracts';
import { loadList } from '#lib/server/lists.ts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import { canUse } from '#lib/access.ts';
import type { TMeetingSummary } from '@pilot/contracts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const id = encodeURIComponent(event.params.id);
  const [centre, meetings, providers] = await Promise.all([
    apiOrError<TCentre>(event, `/coordination/centres/${id}`),
    loadList<TMeetingSummary>(event, `/coordination/centres/${id}/meetings`, []),
    canUse(event.locals.user, 'coordinationManage') ? api<{ items: TProvider[] }>(event, '/providers', { query: { limit: 200 } }) : null,
  ]);
  return { centre, meetings, providers: providers?.ok ? providers.data.items : [] };
};

export const actions: Actions = {
  addMember: async (event) => {
    requireArea(event, 'coordinationManage');
    const values = textFields(await event.request.formData(), ['fullName', 'organisation', 'role', 'position', 'email', 'providerId']);
    const result = await api(event, `/coordination/centres/${encodeURIComponent(event.params.id)}/members`, { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values, { form: 'member' });
    return { success: true, form: 'member' };
  },
  removeMember: async (event) => {
    requireArea(event, 'coordinationManage');
    const { memberId } = textFields(await event.request.formData(), ['memberId']);
    const result = await api(event, `/coordination/members/${encodeURIComponent(memberId)}`, { method: 'DELETE' });
    if (!result.ok) return failWith(result, {}, { form: 'remove' });
    return { success: true, form: 'remove' };
  },
};

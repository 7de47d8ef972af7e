import type { RequestEvent } from '@sveltejs/kit';
import type { TStaffMember } from '@pilot/contracts';
import { m } from '#paraglide/messages.js';
import { api, type ApiResult } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import { loadList } from '#lib/server/lists.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
  ...(await loadList<TStaffMember>(event, '/staff', ['q', 'status'])),
  invited: event.url.searchParams.get('invited'),
});

/**
 * One change to one staff member. The confirmation names the person, so after the list reloads
 * it is clear whom the change was about. A failure is tied to the row's form (`form` = `row-<id>`).
 */
async function changeStaff(
  event: RequestEvent,
  call: (id: string, data: FormData) => Promise<ApiResult<unknown>>,
  done: (name: string) => string,
) {
  requireArea(event, 'staff');
  const data = await event.request.formData();
  const { id, fullName } = textFields(data, ['id', 'fullName']);
  const result = await call(id, data);
  if (!result.ok) return failWith(result, {}, { form: `row-${id}` });
  return { form: 'row', success: true, message: done(fullName) };
}

const setStatus = (event: RequestEvent, status: 'active' | 'deactivated') => (id: string) =>
  api(event, `/staff/${encodeURIComponent(id)}`, { method: 'PATCH', body: { status } });

export const actions: Actions = {
  deactivate: (event) => changeStaff(event, setStatus(event, 'deactivated'), (name) => m.staff_deactivated({ name })),
  reactivate: (event) => changeStaff(event, setStatus(event, 'active'), (name) => m.staff_reactivated({ name })),
  endSessions: (event) =>
    changeStaff(
      event,
      (id) => api(event, `/staff/${encodeURIComponent(id)}/revoke-sessions`, { method: 'POST' }),
      (name) => m.staff_sessions_ended({ name }),
    ),
  resetMfa: (event) =>
    changeStaff(
      event,
      (id) => api(event, `/staff/${encodeURIComponent(id)}/reset-mfa`, { method: 'POST' }),
      (name) => m.staff_mfa_reset({ name }),
    ),
  resend: (event) =>
    changeStaff(
      event,
      (id) => api(event, `/staff/${encodeURIComponent(id)}/resend-invitation`, { method: 'POST' }),
      (name) => m.staff_invitation_resent({ name }),
    ),
  roles: (event) =>
    changeStaff(
      event,
      // An empty selection goes to the API too: it names `roles` as invalid, like any other rule.
      (id, data) => api(event, `/staff/${encodeURIComponent(id)}`, { method: 'PATCH', body: { roles: data.getAll('roles').map(String) } }),
      (name) => m.staff_roles_saved({ name }),
    ),
};

import { PASSWORD_MIN, type TSession } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import { failWith, passwordsDiffer, textFields } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const sessions = await api<{ items: TSession[] }>(event, '/me/sessions');
  return { passwordMin: PASSWORD_MIN, sessions: sessions.ok ? sessions.data.items : null };
};

export const actions: Actions = {
  profile: async (event) => {
    const values = textFields(await event.request.formData(), ['fullName', 'phone']);
    const result = await api(event, '/me', {
      method: 'PATCH',
      body: { fullName: values.fullName, phone: values.phone || null },
    });
    if (!result.ok) return failWith(result, values, { form: 'profile' });
    return { form: 'profile', success: true };
  },

  endSession: async (event) => {
    const id = String((await event.request.formData()).get('id') ?? '');
    const result = await api(event, `/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
    if (!result.ok) return failWith(result, {}, { form: 'sessions' });
    return { form: 'sessions', success: true };
  },

  endOtherSessions: async (event) => {
    const result = await api(event, '/me/sessions/revoke-others', { method: 'POST' });
    if (!result.ok) return failWith(result, {}, { form: 'sessions' });
    return { form: 'sessions', success: true };
  },

  password: async (event) => {
    const data = await event.request.formData();
    const mismatch = passwordsDiffer(data, 'newPassword', 'confirmPassword', { form: 'password' });
    if (mismatch) return mismatch;

    const result = await api(event, '/me/password', {
      method: 'POST',
      body: { currentPassword: String(data.get('currentPassword') ?? ''), newPassword: String(data.get('newPassword') ?? '') },
    });
    if (!result.ok) return failWith(result, {}, { form: 'password' });
    return { form: 'password', success: true };
  },
};

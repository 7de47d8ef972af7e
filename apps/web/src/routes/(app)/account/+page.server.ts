import { PASSWORD_MIN } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import { failWith, passwordsDiffer, textFields } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ passwordMin: PASSWORD_MIN });

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

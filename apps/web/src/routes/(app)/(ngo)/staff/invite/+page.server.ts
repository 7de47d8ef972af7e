import { redirect } from '@sveltejs/kit';
import { api } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const values = textFields(data, ['fullName', 'email', 'phone']);
    const roles = data.getAll('roles').map(String);
    const result = await api(event, '/staff', {
      method: 'POST',
      body: { fullName: values.fullName, email: values.email, phone: values.phone || undefined, roles },
    });
    if (!result.ok) return failWith(result, { ...values, roles: roles.join(',') });
    redirect(303, `/staff?${new URLSearchParams({ invited: values.email ?? '' })}`);
  },
};

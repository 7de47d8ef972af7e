import { m } from '#paraglide/messages.js';
import { api } from '#lib/server/api.ts';
import { failFields, failWith, textFields } from '#lib/server/forms.ts';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async (event) => {
    const values = textFields(await event.request.formData(), ['email']);
    if (!values.email) return failFields({ email: m.field_required() }, values);
    // The API answers 202 whether or not the address has an account, and so do we.
    const result = await api(event, '/auth/password-reset', { method: 'POST', body: values, on401: 'result' });
    if (!result.ok) return failWith(result, values);
    return { success: true, values };
  },
};

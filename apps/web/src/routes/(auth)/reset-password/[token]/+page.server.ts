import { redirect } from '@sveltejs/kit';
import { PASSWORD_MIN } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import { failWith, passwordsDiffer } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ passwordMin: PASSWORD_MIN });

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const mismatch = passwordsDiffer(data, 'password', 'confirmPassword');
    if (mismatch) return mismatch;

    const result = await api(event, '/auth/password-reset/confirm', {
      method: 'POST',
      body: { token: event.params.token, password: String(data.get('password') ?? '') },
      on401: 'result',
    });
    if (!result.ok) {
      // A bad or used-up link is not the person's typing mistake: the page offers a new link.
      const linkInvalid = result.status === 404 || result.status === 410;
      return failWith(result, {}, linkInvalid ? { code: 'link_invalid' } : {});
    }
    redirect(303, '/login?reason=password_reset');
  },
};

import { error, redirect } from '@sveltejs/kit';
import { PASSWORD_MIN } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import { failWith, passwordsDiffer, problemMessage } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

interface Invitation {
  email: string;
  fullName: string;
  organisation: string;
}

export const load: PageServerLoad = async (event) => {
  const result = await api<Invitation>(event, `/auth/invitations/${encodeURIComponent(event.params.token)}`, { on401: 'result' });
  // An unknown, used or expired invitation gets its own explanation rather than an error page.
  if (result.status === 404 || result.status === 410) return { invitation: null, passwordMin: PASSWORD_MIN };
  if (!result.ok) error(result.status >= 500 ? 503 : result.status, problemMessage(result.problem));
  return { invitation: result.data, passwordMin: PASSWORD_MIN };
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const mismatch = passwordsDiffer(data, 'password', 'confirmPassword');
    if (mismatch) return mismatch;

    const result = await api(event, '/auth/invitations/accept', {
      method: 'POST',
      body: { token: event.params.token, password: String(data.get('password') ?? '') },
      on401: 'result',
    });
    if (!result.ok) return failWith(result);
    redirect(303, '/login?reason=invitation_accepted');
  },
};

import { redirect } from '@sveltejs/kit';
import { cookieMaxAge, cookieName, isLocale } from '#paraglide/runtime.js';
import { api } from '#lib/server/api.ts';
import { safeNext } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

// Only a target for the language switcher's POST.
export const load: PageServerLoad = () => redirect(307, '/');

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const locale = String(data.get('locale'));
    if (isLocale(locale)) {
      // Read by Paraglide on the server and in the browser, so not httpOnly; it holds no secret.
      event.cookies.set(cookieName, locale, {
        path: '/',
        httpOnly: false,
        sameSite: 'lax',
        secure: event.url.protocol === 'https:',
        maxAge: cookieMaxAge,
      });
      // Remembered on the account too, so emails and other devices follow the choice.
      if (event.locals.user) await api(event, '/me', { method: 'PATCH', body: { locale }, on401: 'result' });
    }
    redirect(303, safeNext(String(data.get('redirectTo') ?? '/')));
  },
};

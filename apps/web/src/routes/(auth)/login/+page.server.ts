import { redirect } from '@sveltejs/kit';
import { cookieMaxAge, cookieName } from '#paraglide/runtime.js';
import { m } from '#paraglide/messages.js';
import { login } from '#lib/server/auth.ts';
import { failFields, failWith, textFields } from '#lib/server/forms.ts';
import { safeNext } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
  return { reason: url.searchParams.get('reason'), next: url.searchParams.get('next') ?? '' };
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const values = textFields(data, ['email']);
    const password = String(data.get('password') ?? '');
    if (!values.email || !password) {
      const fieldErrors = {
        ...(!values.email && { email: m.field_required() }),
        ...(!password && { password: m.field_required() }),
      };
      return failFields(fieldErrors, values);
    }

    const result = await login(event, values.email, password);
    if (!result.ok) return failWith(result, values);

    // Someone who never chose a language here gets the one saved on their account.
    if (!event.cookies.get(cookieName)) {
      event.cookies.set(cookieName, result.data.user.locale, {
        path: '/',
        httpOnly: false,
        sameSite: 'lax',
        secure: event.url.protocol === 'https:',
        maxAge: cookieMaxAge,
      });
    }
    redirect(303, safeNext(String(data.get('next') ?? '')));
  },
};

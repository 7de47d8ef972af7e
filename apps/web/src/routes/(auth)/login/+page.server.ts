import { redirect } from '@sveltejs/kit';
import { cookieMaxAge, cookieName } from '#paraglide/runtime.js';
import { m } from '#paraglide/messages.js';
import type { RequestEvent } from '@sveltejs/kit';
import type { TMe } from '@pilot/contracts';
import { login, verifyMfa } from '#lib/server/auth.ts';
import { failFields, failWith, textFields } from '#lib/server/forms.ts';
import { safeNext } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
  return { reason: url.searchParams.get('reason'), next: url.searchParams.get('next') ?? '' };
};

/** Signed in: remember the account's language if none was chosen here, and go on. */
function signedIn(event: RequestEvent, user: TMe, next: string): never {
  // Someone who never chose a language here gets the one saved on their account.
  if (!event.cookies.get(cookieName)) {
    event.cookies.set(cookieName, user.locale, {
      path: '/',
      httpOnly: false,
      sameSite: 'lax',
      secure: event.url.protocol === 'https:',
      maxAge: cookieMaxAge,
    });
  }
  redirect(303, safeNext(next));
}

export const actions: Actions = {
  password: async (event) => {
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
    // The form action's URL drops the query, so `next` travels on in the form itself.
    if ('mfaRequired' in result.data) return { mfaToken: result.data.mfaToken, values: { ...values, next: String(data.get('next') ?? '') } };
    return signedIn(event, result.data.user, String(data.get('next') ?? ''));
  },

  /** The second step: a code from the authenticator app, or one of the recovery codes. */
  mfa: async (event) => {
    const data = await event.request.formData();
    const mfaToken = String(data.get('mfaToken') ?? '');
    const code = String(data.get('code') ?? '').replace(/\s/g, '');
    const recoveryCode = String(data.get('recoveryCode') ?? '').trim();
    const keep = { next: String(data.get('next') ?? '') };
    if (!code && !recoveryCode) return failFields({ code: m.field_required() }, keep, { mfaToken });
    const result = await verifyMfa(event, recoveryCode ? { mfaToken, recoveryCode } : { mfaToken, code });
    // An expired or used challenge starts the sign-in over.
    if (!result.ok && result.status === 410) return failWith(result, {}, { code: 'mfa_expired' });
    if (!result.ok) return failWith(result, keep, { mfaToken });
    return signedIn(event, result.data.user, String(data.get('next') ?? ''));
  },
};

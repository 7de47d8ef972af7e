import { redirect } from '@sveltejs/kit';
import { logout } from '#lib/server/auth.ts';
import type { Actions, PageServerLoad } from './$types';

// Logging out changes state, so it is a POST (the header's button); a GET just goes home.
export const load: PageServerLoad = () => redirect(307, '/');

export const actions: Actions = {
  default: async (event) => {
    await logout(event);
    redirect(303, '/login?reason=logged_out');
  },
};

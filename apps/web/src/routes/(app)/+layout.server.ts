import { redirect } from '@sveltejs/kit';
import { loginUrl } from '#lib/server/session.ts';
import type { LayoutServerLoad } from './$types';

// hooks.server.ts already turns anonymous visitors away; this narrows `user` for the pages below.
export const load: LayoutServerLoad = (event) => {
  const user = event.locals.user;
  if (!user) redirect(303, loginUrl(event));
  return { user };
};

import { error, type RequestEvent } from '@sveltejs/kit';
import type { TMe } from '@pilot/contracts';
import { canUse, type Area } from '#lib/access.ts';
import { m } from '#paraglide/messages.js';

/** Loads of role-area layouts call this; hooks already guarantee a signed-in person. */
export function requireArea(event: RequestEvent, area: Area): TMe {
  const user = event.locals.user;
  if (!user || !canUse(user, area)) error(403, m.error_forbidden());
  return user;
}

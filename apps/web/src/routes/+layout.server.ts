import type { TUnreadCount } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
  const user = event.locals.user;
  // Read on every navigation (the path is a dependency), so the bell's count stays current.
  const unread = user && event.url.pathname ? await api<TUnreadCount>(event, '/notifications/unread-count', { on401: 'result' }) : null;
  return { user, unread: unread?.ok ? unread.data.unread : 0 };
};

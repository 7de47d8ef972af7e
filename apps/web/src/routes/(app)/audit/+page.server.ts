import type { TAuditEntry } from '@pilot/contracts';
import { requireArea } from '#lib/server/guard.ts';
import { loadList } from '#lib/server/lists.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  requireArea(event, 'audit');
  return loadList<TAuditEntry>(event, '/audit', ['action', 'entity', 'actorId', 'from', 'to']);
};

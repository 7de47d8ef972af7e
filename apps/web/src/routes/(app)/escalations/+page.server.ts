import type { TEscalation } from '@pilot/contracts';
import { requireArea } from '#lib/server/guard.ts';
import { loadList } from '#lib/server/lists.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireArea(event, 'escalations');
  return loadList<TEscalation>(event, '/escalations', ['open']);
};

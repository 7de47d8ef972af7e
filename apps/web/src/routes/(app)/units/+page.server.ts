import type { TUnit } from '@pilot/contracts';
import { loadList } from '#lib/server/lists.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
  ...(await loadList<TUnit>(event, '/units', ['q', 'assigned', 'status'])),
  created: event.url.searchParams.get('created'),
});

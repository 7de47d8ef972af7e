import type { TCentreSummary, TInstruction } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import { loadList } from '#lib/server/lists.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const [list, centres] = await Promise.all([
    loadList<TInstruction>(event, '/coordination/instructions', ['centreId', 'status', 'mine']),
    api<{ items: TCentreSummary[] }>(event, '/coordination/centres'),
  ]);
  return { ...list, centres: centres.ok ? centres.data.items : [] };
};

import type { TCaseSummary } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import { loadList } from '#lib/server/lists.ts';
import { CASE_FILTERS } from './filters.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const [list, assignees] = await Promise.all([
    loadList<TCaseSummary>(event, '/cases', CASE_FILTERS),
    api<{ items: { id: string; fullName: string }[] }>(event, '/cases/assignees'),
  ]);
  return { ...list, assignees: assignees.ok ? assignees.data.items : [] };
};

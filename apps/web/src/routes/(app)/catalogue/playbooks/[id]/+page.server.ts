import type { TMeasure, TPlaybook } from '@pilot/contracts';
import { apiOrError } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const [playbook, measures] = await Promise.all([
    apiOrError<TPlaybook>(event, `/catalogue/playbooks/${encodeURIComponent(event.params.id)}`),
    apiOrError<{ items: TMeasure[] }>(event, '/catalogue/measures'),
  ]);
  return { playbook, measures: measures.items };
};

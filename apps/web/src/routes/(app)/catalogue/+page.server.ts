import type { TMeasure, TPlaybook } from '@pilot/contracts';
import { apiOrError } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const [measures, playbooks] = await Promise.all([
    apiOrError<{ items: TMeasure[] }>(event, '/catalogue/measures'),
    apiOrError<{ items: TPlaybook[] }>(event, '/catalogue/playbooks'),
  ]);
  return { measures: measures.items, playbooks: playbooks.items };
};

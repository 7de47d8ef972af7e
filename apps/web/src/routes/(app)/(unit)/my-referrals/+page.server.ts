import type { TUnitReferral } from '@pilot/contracts';
import { loadList } from '#lib/server/lists.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => loadList<TUnitReferral>(event, '/my-unit/referrals', ['stage']);

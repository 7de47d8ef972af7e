import type { TProvider } from '@pilot/contracts';
import { loadList } from '#lib/server/lists.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadList<TProvider>(event, '/providers', ['q', 'accreditation']);

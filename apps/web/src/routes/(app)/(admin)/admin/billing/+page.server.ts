import type { TProviderBilling } from '@pilot/contracts';
import { loadList } from '#lib/server/lists.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadList<TProviderBilling>(event, '/billing/providers', ['q']);

import type { TPilotOverview } from '@pilot/contracts';
import { apiOrError } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({ overview: await apiOrError<TPilotOverview>(event, '/pilot/overview') });

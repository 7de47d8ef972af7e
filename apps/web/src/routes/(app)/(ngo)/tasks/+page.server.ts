import type { TTasks } from '@pilot/contracts';
import { apiOrError } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({ tasks: await apiOrError<TTasks>(event, '/tasks/mine') });

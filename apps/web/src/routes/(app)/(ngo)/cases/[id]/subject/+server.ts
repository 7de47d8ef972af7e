import type { TCase } from '@pilot/contracts';
import { apiDownload, apiOrError } from '#lib/server/api.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { RequestHandler } from './$types';

/** Everything held about the case's person (a supervisor's right-of-access export; the API audits it). */
export const GET: RequestHandler = async (event) => {
  requireArea(event, 'supervision');
  const c = await apiOrError<TCase>(event, `/cases/${encodeURIComponent(event.params.id)}`);
  const format = event.url.searchParams.get('format') === 'html' ? 'html' : 'json';
  return apiDownload(event, `/beneficiaries/${c.beneficiaryId}/export`, { format });
};

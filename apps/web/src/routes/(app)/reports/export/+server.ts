import { apiDownload } from '#lib/server/api.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { RequestHandler } from './$types';

/** The report as a file, with the same filters (and the same suppression) as on screen. */
export const GET: RequestHandler = (event) => {
  requireArea(event, 'reports');
  const q = event.url.searchParams;
  return apiDownload(event, '/reports/pilot/export', {
    period: q.get('period'), hierarchy: q.get('hierarchy'), node: q.get('node'), format: q.get('format') === 'csv' ? 'csv' : 'xlsx',
  });
};

import { apiDownload } from '#lib/server/api.ts';
import { requireArea } from '#lib/server/guard.ts';
import { CASE_FILTERS } from '../filters.ts';
import type { RequestHandler } from './$types';

/** The case list's filters, as CSV or XLSX: the API writes the file, we pass it through. */
export const GET: RequestHandler = (event) => {
  requireArea(event, 'cases');
  const query = Object.fromEntries(CASE_FILTERS.map((key) => [key, event.url.searchParams.get(key)]));
  return apiDownload(event, '/cases/export', { ...query, format: event.url.searchParams.get('format') === 'xlsx' ? 'xlsx' : 'csv' });
};

import { apiDownload } from '#lib/server/api.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { RequestHandler } from './$types';

/** The printable minutes (PDF, Ukrainian). */
export const GET: RequestHandler = (event) => {
  requireArea(event, 'coordination');
  return apiDownload(event, `/coordination/meetings/${encodeURIComponent(event.params.id)}/minutes`);
};

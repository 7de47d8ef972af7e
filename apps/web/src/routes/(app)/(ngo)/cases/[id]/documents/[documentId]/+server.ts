import { apiDownload } from '#lib/server/api.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { RequestHandler } from './$types';

/** A document's file, fetched with the person's own access (the API audits the download). */
export const GET: RequestHandler = (event) => {
  requireArea(event, 'cases');
  return apiDownload(event, `/documents/${encodeURIComponent(event.params.documentId)}/content`);
};

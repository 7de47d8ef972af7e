import { json } from '@sveltejs/kit';
import { OBLAST_CODES } from '@pilot/domain';
import { hromadasOf } from '#lib/server/cases.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { RequestHandler } from './$types';

/** One oblast's hromadas for the address fields, fetched when the oblast is changed. */
export const GET: RequestHandler = async (event) => {
  requireArea(event, 'cases');
  const oblast = event.url.searchParams.get('oblast') ?? '';
  if (!OBLAST_CODES.includes(oblast)) return json({ items: [] }, { status: 400 });
  return json({ items: await hromadasOf(event, oblast) });
};

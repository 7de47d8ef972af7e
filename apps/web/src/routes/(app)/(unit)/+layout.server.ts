import type { TMyUnit } from '@pilot/contracts';
import { apiOrError } from '#lib/server/api.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { LayoutServerLoad } from './$types';

// A unit contact's screens: their unit and the provider serving it today come with every page.
export const load: LayoutServerLoad = async (event) => {
  requireArea(event, 'refer');
  return { myUnit: await apiOrError<TMyUnit>(event, '/my-unit') };
};

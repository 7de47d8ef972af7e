import { stopIfRateLimited } from '#lib/server/api.ts';
import type { LayoutServerLoad } from './$types';

// Over the page-view limit the sign-in pages say when to try again (the root layout renders it).
export const load: LayoutServerLoad = (event) => {
  stopIfRateLimited(event);
};

import type { TWebhookEvent } from '@pilot/contracts';
import { requireArea } from '#lib/server/guard.ts';
import { loadList } from '#lib/server/lists.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  requireArea(event, 'billingWebhooks');
  return loadList<TWebhookEvent>(event, '/billing/webhook-events', ['outcome']);
};

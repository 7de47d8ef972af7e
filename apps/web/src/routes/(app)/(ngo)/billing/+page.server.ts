import { redirect } from '@sveltejs/kit';
import type { TBillingOverview, TInvoice, TRedirect } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import { loadList } from '#lib/server/lists.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const overview = await apiOrError<TBillingOverview>(event, '/billing');
  return {
    overview,
    invoices: overview.enabled ? await loadList<TInvoice>(event, '/billing/invoices', []) : null,
    checkout: event.url.searchParams.get('checkout'),
  };
};

/** Both actions hand the person over to a Stripe-hosted page (Checkout or the Customer Portal). */
async function toStripe(event: Parameters<Actions[string]>[0], path: string, body: Record<string, string>, form: string) {
  requireArea(event, 'billing');
  const result = await api<TRedirect>(event, path, { method: 'POST', body });
  if (!result.ok) return failWith(result, {}, { form });
  // The address comes from Stripe through our API (never from the browser), hence `external`.
  redirect(303, result.data.url, { external: true });
}

export const actions: Actions = {
  checkout: async (event) => {
    const plan = String((await event.request.formData()).get('plan') ?? '');
    return toStripe(event, '/billing/checkout', { plan }, 'checkout');
  },
  portal: async (event) => {
    const flow = String((await event.request.formData()).get('flow') ?? 'manage');
    return toStripe(event, '/billing/portal', { flow }, 'portal');
  },
};

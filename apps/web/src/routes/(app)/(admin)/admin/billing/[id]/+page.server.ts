import type { TProviderBilling } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

const path = (id: string) => `/billing/providers/${encodeURIComponent(id)}`;

export const load: PageServerLoad = async (event) => ({
  billing: await apiOrError<TProviderBilling>(event, path(event.params.id)),
});

export const actions: Actions = {
  grant: async (event) => {
    requireArea(event, 'billingProviders');
    const values = textFields(await event.request.formData(), ['seatLimit']);
    // A whole number goes as a number; anything else goes as typed, and the API names the field.
    const seatLimit = /^\d{1,6}$/.test(values.seatLimit) ? Number(values.seatLimit) : values.seatLimit;
    const result = await api(event, `${path(event.params.id)}/pilot`, { method: 'PUT', body: { seatLimit } });
    if (!result.ok) return failWith(result, values, { form: 'grant' });
    return { form: 'grant', success: true };
  },
  revoke: async (event) => {
    requireArea(event, 'billingProviders');
    const result = await api(event, `${path(event.params.id)}/pilot`, { method: 'DELETE' });
    if (!result.ok) return failWith(result, {}, { form: 'revoke' });
    return { form: 'revoke', success: true };
  },
};

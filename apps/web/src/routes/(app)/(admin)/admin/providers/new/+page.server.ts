import { redirect } from '@sveltejs/kit';
import type { TProvider } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['name', 'edrpou', 'oblastCode', 'contactEmail', 'contactPhone', 'admin.email', 'admin.fullName'] as const;

export const load: PageServerLoad = (event) => {
  requireArea(event, 'manageProviders');
};

export const actions: Actions = {
  default: async (event) => {
    requireArea(event, 'manageProviders');
    const v = textFields(await event.request.formData(), FIELDS);
    const result = await api<TProvider>(event, '/providers', {
      method: 'POST',
      body: {
        name: v.name,
        edrpou: v.edrpou,
        oblastCode: v.oblastCode,
        contactEmail: v.contactEmail,
        contactPhone: v.contactPhone,
        admin: { email: v['admin.email'], fullName: v['admin.fullName'] },
      },
    });
    if (!result.ok) return failWith(result, v);
    redirect(303, `/admin/providers/${result.data.id}?created=1`);
  },
};

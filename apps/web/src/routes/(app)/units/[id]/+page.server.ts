import type { TProvider, TUnitDetail } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { canManage } = await event.parent();
  const unit = await apiOrError<TUnitDetail>(event, `/units/${encodeURIComponent(event.params.id)}`);
  const providers = canManage ? await api<{ items: TProvider[] }>(event, '/providers', { query: { limit: 200 } }) : null;
  return {
    unit,
    providers: providers?.ok ? providers.data.items.filter((p) => p.accreditationStatus === 'accredited') : [],
    created: event.url.searchParams.has('created'),
  };
};

const unitPath = (id: string, rest = '') => `/units/${encodeURIComponent(id)}${rest}`;

export const actions: Actions = {
  edit: async (event) => {
    requireArea(event, 'manageUnits');
    const values = textFields(await event.request.formData(), ['name', 'kind', 'oblastCode', 'status']);
    const result = await api(event, unitPath(event.params.id), { method: 'PATCH', body: values });
    if (!result.ok) return failWith(result, values, { form: 'edit' });
    return { form: 'edit', success: true };
  },
  assign: async (event) => {
    requireArea(event, 'manageUnits');
    const values = textFields(await event.request.formData(), ['providerId', 'startsOn', 'endsOn', 'note']);
    const result = await api(event, unitPath(event.params.id, '/assignments'), {
      method: 'POST',
      body: { providerId: values.providerId, startsOn: values.startsOn, endsOn: values.endsOn || null, note: values.note || undefined },
    });
    if (!result.ok) return failWith(result, values, { form: 'assign' });
    return { form: 'assign', success: true };
  },
  end: async (event) => {
    requireArea(event, 'manageUnits');
    const values = textFields(await event.request.formData(), ['assignmentId', 'endsOn']);
    const result = await api(event, `/assignments/${encodeURIComponent(values.assignmentId)}/end`, { method: 'POST', body: { endsOn: values.endsOn } });
    if (!result.ok) return failWith(result, values, { form: `end-${values.assignmentId}` });
    return { form: 'end', success: true };
  },
  invite: async (event) => {
    requireArea(event, 'inviteUnitContacts');
    const values = textFields(await event.request.formData(), ['fullName', 'email', 'phone', 'position']);
    const result = await api(event, unitPath(event.params.id, '/contacts'), {
      method: 'POST', body: { ...values, phone: values.phone || undefined },
    });
    if (!result.ok) return failWith(result, values, { form: 'invite' });
    return { form: 'invite', success: true, message: values.email };
  },
};

import type { TUnit, TWave } from '@pilot/contracts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const units = await api<{ items: TUnit[] }>(event, '/units', { query: { limit: 200, status: 'active' } });
  return {
    waves: (await apiOrError<{ items: TWave[] }>(event, '/waves')).items,
    freeUnits: units.ok ? units.data.items.filter((u) => !u.wave) : [],
  };
};

export const actions: Actions = {
  create: async (event) => {
    const values = textFields(await event.request.formData(), ['name', 'startsOn', 'maxUnits']);
    const result = await api(event, '/waves', {
      method: 'POST', body: { name: values.name, startsOn: values.startsOn, maxUnits: values.maxUnits ? Number(values.maxUnits) : null },
    });
    if (!result.ok) return failWith(result, values, { form: 'create' });
    return { form: 'create', success: true };
  },
  addUnit: async (event) => {
    const { waveId, unitId } = textFields(await event.request.formData(), ['waveId', 'unitId']);
    const result = await api(event, `/waves/${encodeURIComponent(waveId)}/units`, { method: 'POST', body: { unitId } });
    if (!result.ok) return failWith(result, { unitId }, { form: `wave-${waveId}` });
    return { form: `wave-${waveId}`, success: true };
  },
  removeUnit: async (event) => {
    const { waveId, unitId } = textFields(await event.request.formData(), ['waveId', 'unitId']);
    const result = await api(event, `/waves/${encodeURIComponent(waveId)}/units/${encodeURIComponent(unitId)}`, { method: 'DELETE' });
    if (!result.ok) return failWith(result, {}, { form: `wave-${waveId}` });
    return { form: `wave-${waveId}`, success: true };
  },
};

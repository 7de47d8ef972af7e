import type { TMeasure, TPlaybook } from '@pilot/contracts';
import { m } from '#paraglide/messages.js';
import { api, apiOrError } from '#lib/server/api.ts';
import { failFields, failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import { linesToChecklist, linesToSteps } from '#lib/playbook-lines.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const [playbook, measures] = await Promise.all([
    apiOrError<TPlaybook>(event, `/catalogue/playbooks/${encodeURIComponent(event.params.id)}`),
    apiOrError<{ items: TMeasure[] }>(event, '/catalogue/measures'),
  ]);
  return { playbook, measures: measures.items };
};

export const actions: Actions = {
  version: async (event) => {
    requireArea(event, 'catalogueManage');
    const data = await event.request.formData();
    const values = textFields(data, ['titleUk', 'titleEn', 'descriptionUk', 'descriptionEn', 'validFrom', 'steps', 'checklist']);
    const parsed = linesToSteps(values.steps);
    if ('badLine' in parsed) return failFields({ steps: m.playbook_steps_bad_line({ line: parsed.badLine }) }, values, { form: 'version' });
    const { steps: _s, checklist, ...rest } = values;
    const body = { ...rest, categories: data.getAll('categories').map(String), steps: parsed.steps, checklist: linesToChecklist(checklist) };
    const result = await api(event, `/catalogue/playbooks/${encodeURIComponent(event.params.id)}/versions`, { method: 'POST', body });
    if (!result.ok) return failWith(result, values, { form: 'version' });
    return { success: true, form: 'version' };
  },
  retire: async (event) => {
    requireArea(event, 'catalogueManage');
    const values = textFields(await event.request.formData(), ['from']);
    const result = await api(event, `/catalogue/playbooks/${encodeURIComponent(event.params.id)}/retire`, { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values, { form: 'retire' });
    return { success: true, form: 'retire' };
  },
};

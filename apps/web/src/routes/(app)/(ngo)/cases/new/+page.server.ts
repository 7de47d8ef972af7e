import { redirect } from '@sveltejs/kit';
import type { TDuplicateResult, THromada } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import { consentFromForm, personFromForm } from '#lib/server/cases.ts';
import { failWith } from '#lib/server/forms.ts';
import { caseProblem } from '#lib/server/case-problems.ts';
import type { Actions, PageServerLoad } from './$types';

// A new person has no oblast yet: the address fields fetch its hromadas once one is chosen.
export const load: PageServerLoad = async (event) => {
  const assignees = await api<{ items: { id: string; fullName: string }[] }>(event, '/cases/assignees');
  return { hromadas: [] as THromada[], assignees: assignees.ok ? assignees.data.items : [] };
};

/** Step two's choices: categories, the case manager and the consent. */
function caseChoices(data: FormData) {
  const consent = data.get('consentRecorded') === 'on' ? consentFromForm(data) : null;
  const assigneeId = String(data.get('assigneeId') ?? '') || undefined;
  return {
    values: { ...(consent?.values ?? {}), consentRecorded: consent ? 'on' : '', assigneeId: assigneeId ?? '', caseCategories: data.getAll('caseCategories').map(String).join(',') },
    body: { categories: data.getAll('caseCategories').map(String), assigneeId, consent: consent?.body },
  };
}

export const actions: Actions = {
  /** Step one: look for the person among those already on file before anything is saved. */
  check: async (event) => {
    const data = await event.request.formData();
    const person = personFromForm(data);
    const { lastName, firstName, patronymic, birthDate, rnokpp } = person.body;
    const result = await api<TDuplicateResult>(event, '/beneficiaries/duplicates', {
      method: 'POST', body: { lastName, firstName, patronymic, birthDate, rnokpp },
    });
    if (!result.ok) return failWith(result, person.values, { form: 'person' });
    return { form: 'choices', values: person.values, matches: result.data.matches, withheld: result.data.withheld };
  },

  /** Step two: open the case for a new person (confirmed when similar people exist) or a known one. */
  create: async (event) => {
    const data = await event.request.formData();
    const person = personFromForm(data);
    const choices = caseChoices(data);
    const existing = String(data.get('beneficiaryId') ?? '');
    const result = await api<{ caseId: string }>(event, '/cases', {
      method: 'POST',
      body: existing
        ? { beneficiaryId: existing, ...choices.body }
        : { beneficiary: person.body, confirmNew: data.get('confirmNew') === 'on', ...choices.body },
    });
    const values = { ...person.values, ...choices.values };
    if (!result.ok) {
      // A duplicate refused at saving comes with the matches the caller may see, as in step one.
      const { matches, withheld } = result.problem as Partial<TDuplicateResult>;
      // Field errors of the person belong to step one; the rest to step two.
      const personError = (result.problem.errors ?? []).some((e) => e.path.startsWith('body.beneficiary.'));
      return failWith(result, values, { form: personError ? 'person' : 'choices', ...caseProblem(result.problem), ...(matches ? { matches, withheld } : {}) } as never);
    }
    redirect(303, `/cases/${result.data.caseId}?created=1`);
  },
};

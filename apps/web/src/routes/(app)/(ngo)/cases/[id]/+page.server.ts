import { redirect, type RequestEvent } from '@sveltejs/kit';
import type {
  TAssessment, TCase, TConsent, TDelivery, TDuplicateResult, TFamily, TMeasure, TNote, TPlan, TPlaybook, TCaseEvent, TCaseDocument, TProviderOption,
} from '@pilot/contracts';
import { NEED_DOMAINS } from '@pilot/domain';
import { m } from '#paraglide/messages.js';
import { canUse } from '#lib/access.ts';
import { CASE_TABS, type CaseTab } from '#lib/cases.ts';
import { api, apiOrError, type ApiResult } from '#lib/server/api.ts';
import { consentFromForm, hromadasOf, personFromForm, versionOf } from '#lib/server/cases.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { caseProblem } from '#lib/server/case-problems.ts';
import type { Actions, PageServerLoad } from './$types';

type Page<T> = { items: T[]; nextCursor: string | null };
const items = <T>(r: ApiResult<{ items: T[] }>): T[] => (r.ok ? r.data.items : []);

/** Each tab loads only what it shows. */
async function tabData(event: RequestEvent, c: TCase, tab: CaseTab) {
  const base = `/cases/${c.id}`;
  switch (tab) {
    case 'overview': {
      const supervisor = canUse(event.locals.user, 'supervision');
      const p = c.beneficiary;
      const [assignees, providers, hromadas, duplicates] = await Promise.all([
        api<{ items: { id: string; fullName: string }[] }>(event, '/cases/assignees'),
        api<{ items: TProviderOption[] }>(event, '/transfers/targets'),
        hromadasOf(event, p.oblastCode),
        // A supervisor is shown the records that may be this same person, to merge them.
        supervisor && !p.anonymised
          ? api<TDuplicateResult>(event, '/beneficiaries/duplicates', {
              method: 'POST', body: { lastName: p.lastName, firstName: p.firstName, patronymic: p.patronymic, birthDate: p.birthDate, rnokpp: p.rnokpp },
            })
          : null,
      ]);
      return {
        tab: 'overview' as const, assignees: items(assignees), providers: items(providers), hromadas,
        duplicates: duplicates?.ok ? duplicates.data.matches.filter((d) => d.id !== p.id) : [],
      };
    }
    case 'family':
      return { tab: 'family' as const, family: await apiOrError<TFamily>(event, `${base}/family`), hromadas: await hromadasOf(event, c.beneficiary.oblastCode) };
    case 'consent': {
      const [consents, providers] = await Promise.all([
        apiOrError<{ items: TConsent[] }>(event, `/beneficiaries/${c.beneficiaryId}/consents`),
        api<{ items: TProviderOption[] }>(event, '/transfers/targets'),
      ]);
      return { tab: 'consent' as const, consents: consents.items, providers: items(providers) };
    }
    case 'assessment':
      return { tab: 'assessment' as const, assessments: (await apiOrError<{ items: TAssessment[] }>(event, `${base}/assessments`)).items };
    case 'plan': {
      const [plan, playbooks, measures, assignees] = await Promise.all([
        apiOrError<TPlan>(event, `${base}/plan`),
        api<{ items: TPlaybook[] }>(event, '/catalogue/playbooks'),
        api<{ items: TMeasure[] }>(event, '/catalogue/measures'),
        api<{ items: { id: string; fullName: string }[] }>(event, '/cases/assignees'),
      ]);
      return { tab: 'plan' as const, plan, playbooks: items(playbooks), measures: items(measures), assignees: items(assignees) };
    }
    case 'deliveries': {
      const [deliveries, measures, plan] = await Promise.all([
        apiOrError<Page<TDelivery>>(event, `${base}/deliveries`, { query: { cursor: event.url.searchParams.get('cursor'), limit: 25 } }),
        api<{ items: TMeasure[] }>(event, '/catalogue/measures'),
        api<TPlan>(event, `${base}/plan`),
      ]);
      return { tab: 'deliveries' as const, deliveries, measures: items(measures), steps: plan.ok ? plan.data.steps : [] };
    }
    case 'documents': {
      const [documents, plan] = await Promise.all([
        apiOrError<{ items: TCaseDocument[] }>(event, `${base}/documents`),
        api<TPlan>(event, `${base}/plan`),
      ]);
      return { tab: 'documents' as const, documents: documents.items, steps: plan.ok ? plan.data.steps : [] };
    }
    case 'notes':
      return { tab: 'notes' as const, notes: await apiOrError<Page<TNote>>(event, `${base}/notes`, { query: { cursor: event.url.searchParams.get('cursor'), limit: 25 } }) };
    case 'history':
      return { tab: 'history' as const, events: (await apiOrError<{ items: TCaseEvent[] }>(event, `${base}/history`)).items };
  }
}

export const load: PageServerLoad = async (event) => {
  const requested = event.url.searchParams.get('tab') ?? 'overview';
  const tab: CaseTab = (CASE_TABS as readonly string[]).includes(requested) ? (requested as CaseTab) : 'overview';
  const c = await apiOrError<TCase>(event, `/cases/${encodeURIComponent(event.params.id)}`);
  return { case: c, tab, created: event.url.searchParams.has('created'), view: await tabData(event, c, tab) };
};

/** One action of the case page: call the API, then stay on the tab with a confirmation or the problem. */
async function act(event: RequestEvent, form: string, call: (data: FormData) => Promise<ApiResult<unknown>>, done: () => string, values: (data: FormData) => Record<string, string> = () => ({})) {
  const data = await event.request.formData();
  const result = await call(data);
  if (!result.ok) return failWith(result, values(data), { form, ...caseProblem(result.problem) });
  return { form, success: true, message: done() };
}

const caseUrl = (event: RequestEvent, suffix = '') => `/cases/${encodeURIComponent(event.params.id ?? '')}${suffix}`;
const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();
const orUndefined = (v: string) => (v === '' ? undefined : v);

const changeStatus = (event: RequestEvent, form: 'status' | 'close') => act(event, form, (data) => api(event, caseUrl(event, '/status'), {
  method: 'POST', body: { status: text(data, 'status'), outcome: orUndefined(text(data, 'outcome')), note: orUndefined(text(data, 'note')), version: versionOf(data) },
}), m.case_status_saved);

export const actions: Actions = {
  status: (event) => changeStatus(event, 'status'),
  close: (event) => changeStatus(event, 'close'),

  assign: (event) => act(event, 'assign', (data) => api(event, caseUrl(event, '/assign'), {
    method: 'POST', body: { assigneeId: text(data, 'assigneeId'), version: versionOf(data) },
  }), m.case_assigned),

  contact: (event) => act(event, 'contact', (data) => api(event, caseUrl(event, '/contacts'), {
    method: 'POST', body: { note: orUndefined(text(data, 'note')) },
  }), m.case_contact_saved),

  reopen: async (event) => {
    const data = await event.request.formData();
    const result = await api<{ caseId: string }>(event, caseUrl(event, '/reopen'), { method: 'POST', body: { reason: text(data, 'reason') } });
    if (!result.ok) return failWith(result, {}, { form: 'reopen', ...caseProblem(result.problem) });
    redirect(303, `/cases/${result.data.caseId}?created=1`);
  },

  consent: async (event) => {
    const c = await apiOrError<TCase>(event, caseUrl(event));
    return act(event, 'consent', async (data) => {
      const consent = consentFromForm(data);
      const providerId = text(data, 'consentRecipientProviderId');
      const body = { ...consent.body };
      if (providerId) {
        // A provider picked from the list is a recipient by its id (what transfers check) and its name.
        const targets = items(await api<{ items: TProviderOption[] }>(event, '/transfers/targets'));
        const organisation = targets.find((p) => p.id === providerId)?.name ?? '';
        body.recipients = [...body.recipients, { organisation, providerId, dataCategories: data.getAll('consentRecipientData').map(String) }];
      }
      return api(event, `/beneficiaries/${c.beneficiaryId}/consents`, { method: 'POST', body });
    }, m.consent_saved, (data) => consentFromForm(data).values);
  },

  withdraw: (event) => act(event, 'withdraw', async (data) => api(event, `/consents/${encodeURIComponent(text(data, 'consentId'))}/withdraw`, {
    method: 'POST', body: { withdrawnOn: text(data, 'withdrawnOn'), reason: text(data, 'reason'), version: versionOf(data) },
  }), m.consent_withdrawn_saved),

  assess: (event) => act(event, 'assess', (data) => api(event, caseUrl(event, '/assessments'), {
    method: 'POST',
    body: {
      assessedOn: text(data, 'assessedOn'),
      // Domains left at "not assessed" are not part of this assessment.
      needs: NEED_DOMAINS.filter((d) => text(data, `severity_${d}`)).map((d) => ({ domain: d, severity: text(data, `severity_${d}`), note: orUndefined(text(data, `note_${d}`)) ?? null })),
      summary: orUndefined(text(data, 'summary')) ?? null,
      reviewDueOn: orUndefined(text(data, 'reviewDueOn')) ?? null,
    },
  }), m.assessment_saved, (data) => Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]))),

  playbooks: (event) => act(event, 'playbooks', (data) => api(event, caseUrl(event, '/plan/playbooks'), {
    method: 'POST',
    body: { playbookIds: data.getAll('playbookIds').map(String), startOn: orUndefined(text(data, 'startOn')), version: text(data, 'version') ? versionOf(data) : null },
  }), m.plan_playbooks_saved),

  addStep: (event) => act(event, 'addStep', (data) => api(event, caseUrl(event, '/plan/steps'), {
    method: 'POST',
    body: {
      title: text(data, 'title'), measureId: orUndefined(text(data, 'measureId')) ?? null, dueOn: orUndefined(text(data, 'dueOn')) ?? null,
      ownerId: orUndefined(text(data, 'ownerId')), documents: text(data, 'documents').split('\n').map((d) => d.trim()).filter(Boolean),
    },
  }), m.plan_step_added, (data) => textFields(data, ['title', 'measureId', 'dueOn', 'ownerId', 'documents'])),

  step: (event) => act(event, 'step', async (data) => {
    const names = data.getAll('documentName').map(String);
    const received = new Set(data.getAll('documentReceived').map(String));
    return api(event, `/plan-steps/${encodeURIComponent(text(data, 'stepId'))}`, {
      method: 'PATCH',
      body: {
        status: orUndefined(text(data, 'status')), cancelReason: orUndefined(text(data, 'cancelReason')),
        ...(names.length ? { documents: names.map((name) => ({ name, received: received.has(name) })) } : {}),
        version: versionOf(data),
      },
    });
  }, m.plan_step_saved),

  deliver: (event) => act(event, 'deliver', (data) => api(event, caseUrl(event, '/deliveries'), {
    method: 'POST',
    body: {
      measureId: text(data, 'measureId'), deliveredOn: text(data, 'deliveredOn'), durationMinutes: Number(text(data, 'durationMinutes')),
      mode: text(data, 'mode'), outcome: text(data, 'outcome'), planStepId: orUndefined(text(data, 'planStepId')) ?? null,
    },
  }), m.delivery_saved, (data) => textFields(data, ['measureId', 'deliveredOn', 'durationMinutes', 'mode', 'outcome', 'planStepId'])),

  note: (event) => act(event, 'note', (data) => api(event, caseUrl(event, '/notes'), {
    method: 'POST', body: { body: text(data, 'body'), sensitive: data.get('sensitive') === 'on' },
  }), m.note_saved, (data) => textFields(data, ['body'])),

  upload: (event) => act(event, 'upload', (data) => {
    const file = data.get('file');
    const body = new FormData();
    const step = text(data, 'planStepId');
    if (step) body.set('planStepId', step);
    if (file instanceof File && file.size > 0) body.set('file', file, file.name);
    return api(event, caseUrl(event, '/documents'), { method: 'POST', body });
  }, m.document_saved),

  transfer: (event) => act(event, 'transfer', (data) => api(event, caseUrl(event, '/transfers'), {
    method: 'POST', body: { toProviderId: text(data, 'toProviderId'), reason: text(data, 'reason') },
  }), m.transfer_requested, (data) => textFields(data, ['toProviderId', 'reason'])),

  person: async (event) => {
    const c = await apiOrError<TCase>(event, caseUrl(event));
    return act(event, 'person', (data) => api(event, `/beneficiaries/${c.beneficiaryId}`, {
      method: 'PATCH', body: { ...personFromForm(data).body, version: versionOf(data) },
    }), m.person_saved, (data) => personFromForm(data).values);
  },

  merge: async (event) => {
    const c = await apiOrError<TCase>(event, caseUrl(event));
    return act(event, 'merge', (data) => api(event, `/beneficiaries/${c.beneficiaryId}/merge`, {
      method: 'POST', body: { duplicateId: text(data, 'duplicateId'), version: versionOf(data) },
    }), m.person_merged);
  },

  anonymise: async (event) => {
    const c = await apiOrError<TCase>(event, caseUrl(event));
    return act(event, 'anonymise', async (data) => {
      if (data.get('confirm') !== 'on') return { ok: false, status: 400, problem: { type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ path: 'body.confirm', message: 'Confirm' }] } };
      return api(event, `/beneficiaries/${c.beneficiaryId}/anonymise`, { method: 'POST', body: { reason: text(data, 'reason'), version: versionOf(data) } });
    }, m.person_anonymised);
  },

  family: (event) => act(event, 'family', (data) => api(event, caseUrl(event, '/family'), {
    method: 'POST', body: { relation: text(data, 'relation'), relative: personFromForm(data).body, confirmNew: data.get('confirmNew') === 'on' },
  }), m.family_saved, (data) => ({ ...personFromForm(data).values, relation: text(data, 'relation') })),
};

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rnokppCheckDigit } from '@pilot/domain';
import { DEMO_IDS, startTestApp, type TestApp, kyivDate } from './harness.ts';
import { DEMO_CASE_IDS } from '../src/seeders/demo-cases.ts';

const R = DEMO_CASE_IDS.razom;
const N = DEMO_CASE_IDS.nadiya;
const SUP = 'supervisor@razom.demo';
const M1 = 'manager1@razom.demo';
const M2 = 'manager2@razom.demo';

let t: TestApp;
/** How far the test has moved the app's clock from real time. */
let offset = 0;
beforeAll(async () => { t = await startTestApp({ DATA_DIR: mkdtempSync(join(tmpdir(), 'pilot-cases-')) }, { clock: () => new Date(Date.now() + offset) }); });
afterAll(async () => { await t?.close(); });

const today = () => kyivDate();
const userId = async (email: string) => (await t.sql<{ id: string }>(`select id from user_account where email = $1`, [email]))[0]!.id;
const getCase = async (email: string, id: string) => t.as(email, { method: 'GET', url: `/api/v1/cases/${id}` });
const measureId = async (code: string) => (await t.sql<{ id: string }>(`select id from measure where code = $1`, [code]))[0]!.id;

const newPerson = (over: Record<string, unknown> = {}) => ({
  lastName: 'Петренко', firstName: 'Світлана', patronymic: 'Ігорівна', birthDate: '1988-04-12', sex: 'female',
  phones: ['067 555 12 34'], categories: ['family_of_missing'], ...over,
});
const consent = { method: 'verbal', givenOn: today(), purposes: ['case_management'] };

async function intake(email: string, body: Record<string, unknown>) {
  return t.as(email, { method: 'POST', url: '/api/v1/cases', payload: { categories: ['family_of_missing'], ...body } });
}

describe('the catalogue', () => {
  it('holds the 14 measures and the playbooks, readable by every role', async () => {
    for (const who of [M1, 'coordinator@minsoc.demo', 'unit1@army.demo']) {
      const res = await t.as(who, { method: 'GET', url: '/api/v1/catalogue/measures' });
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toHaveLength(14);
      expect(res.json().items[0].current.nameUk).toMatch(/мобілізації/);
    }
    const playbooks = (await t.as(M1, { method: 'GET', url: '/api/v1/catalogue/playbooks' })).json().items;
    expect(playbooks.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining(['wounded', 'family_of_fallen', 'family_of_pow', 'family_of_missing', 'released_from_captivity', 'preparing_discharge', 'mobilization']));
    const wounded = playbooks.find((p: { code: string }) => p.code === 'wounded');
    expect(wounded.steps.map((s: { titleEn: string }) => s.titleEn).join(' ')).toMatch(/Military Medical Commission.*ETAEFI.*Rehabilitation.*Prosthetics.*abroad/s);
  });

  it('keeps a delivery on the version it was recorded under when the measure changes', async () => {
    const m = await measureId('M04');
    // The ministry's screens come later; here a new version is written as they will write it.
    await t.sql(`update measure_version set valid_to = current_date - 1 where measure_id = $1 and version = 1`, [m]);
    await t.sql(`insert into measure_version (id, measure_id, version, name_uk, name_en, description_uk, description_en, valid_from)
      values (gen_random_uuid(), $1, 2, 'Інформування (нова редакція)', 'Information (new wording)', '-', '-', current_date)`, [m]);
    const res = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${R.powCase}/deliveries`, payload: {
      measureId: m, deliveredOn: kyivDate(-3), durationMinutes: 20, mode: 'phone', outcome: 'Пояснили пільги',
    } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().measureVersion).toBe(1);
    const now = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${R.powCase}/deliveries`, payload: { measureId: m, deliveredOn: today(), durationMinutes: 20, mode: 'phone', outcome: 'Ще раз' } });
    expect(now.json().measureVersion).toBe(2);
    const measure = (await t.as(M1, { method: 'GET', url: `/api/v1/catalogue/measures/${m}` })).json();
    expect(measure.current.version).toBe(2);
    expect(measure.versions).toHaveLength(2);
  });
});

describe('intake', () => {
  it('warns about a similar person with the same date of birth before saving, and saves once confirmed', async () => {
    const before = Number((await t.sql<{ n: string }>(`select count(*) as n from beneficiary`))[0]!.n);
    const check = await t.as(M1, { method: 'POST', url: '/api/v1/beneficiaries/duplicates', payload: { lastName: 'Гнатюк', firstName: 'Оксана', birthDate: '1991-03-14' } });
    expect(check.statusCode).toBe(200);
    expect(check.json().matches[0]).toMatchObject({ id: R.powWife, reason: 'name_and_birth_date', openCaseId: R.powCase });

    const similar = newPerson({ lastName: 'Гнатюк', firstName: 'Оксана', patronymic: 'Петрівна', birthDate: '1991-03-14' });
    const refused = await intake(M1, { beneficiary: similar, consent });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'possible_duplicate', matches: [expect.objectContaining({ id: R.powWife })] });
    expect(Number((await t.sql<{ n: string }>(`select count(*) as n from beneficiary`))[0]!.n)).toBe(before);

    const confirmed = await intake(M1, { beneficiary: similar, consent, confirmNew: true });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
  });

  it('refuses a second person with an RNOKPP already on file, and does not show another provider’s people', async () => {
    const { rnokpp } = (await t.as(SUP, { method: 'GET', url: `/api/v1/beneficiaries/${R.wounded}` })).json();
    expect(rnokpp).toMatch(/^\d{10}$/);
    // At rest the number is encrypted; the duplicate check uses a keyed blind index, not the number.
    const [row] = await t.sql<{ rnokpp: string; rnokpp_index: string }>(`select rnokpp, rnokpp_index from beneficiary where id = $1`, [R.wounded]);
    expect(row!.rnokpp).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(rnokpp);
    const res = await intake(M2, { beneficiary: newPerson({ rnokpp }) });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('duplicate_rnokpp');
    // Nadiya's POW wife, with her exact name and date of birth: not a match for Razom.
    const other = await t.as(SUP, { method: 'POST', url: '/api/v1/beneficiaries/duplicates', payload: { lastName: 'Панченко', firstName: 'Марія', birthDate: '1993-02-11' } });
    expect(other.json().matches).toEqual([]);
  });

  it('validates identifiers and names the field', async () => {
    const badRnokpp = await intake(M1, { beneficiary: newPerson({ rnokpp: '1234567890' }) });
    expect(badRnokpp.statusCode).toBe(400);
    expect(badRnokpp.json().errors[0].path).toBe('body.beneficiary.rnokpp');
    const badPhone = await intake(M1, { beneficiary: newPerson({ phones: ['12345'] }) });
    expect(badPhone.json().errors[0].path).toBe('body.beneficiary.phones.0');
    const noCategory = await intake(M1, { beneficiary: newPerson(), categories: [] });
    expect(noCategory.json().errors[0].path).toBe('body.categories');
  });

  it('normalises the unit code and the phone, and assigns a case manager’s own intake to them', async () => {
    const nine = '298765432';
    const res = await intake(M2, { beneficiary: newPerson({ lastName: 'Романенко', firstName: 'Павло', birthDate: '1985-02-02', sex: 'male', rnokpp: nine + rnokppCheckDigit(nine), isServiceMember: true, unitCode: 'a7777', militaryStatus: 'serving', categories: ['serving'] }), categories: ['serving'] });
    expect(res.statusCode, res.body).toBe(201);
    const c = (await getCase(M2, res.json().caseId)).json();
    expect(c.beneficiary.unitCode).toBe('А7777');
    expect(c.beneficiary.phones).toEqual(['+380675551234']);
    expect(c.assigneeId).toBe(await userId(M2));
    expect(c.status).toBe('intake');
    expect(c.consentState).toBeNull();
  });

  it('only a supervisor assigns someone else', async () => {
    const res = await intake(M1, { beneficiary: newPerson({ firstName: 'Зоя', birthDate: '1970-01-01' }), assigneeId: await userId(M2) });
    expect(res.statusCode).toBe(403);
    const bySupervisor = await intake(SUP, { beneficiary: newPerson({ firstName: 'Зоя', birthDate: '1970-01-01' }), assigneeId: await userId(M2) });
    expect(bySupervisor.statusCode).toBe(201);
    const foreignAssignee = (await t.sql<{ id: string }>(`select id from user_account where email = 'manager1@nadiya.demo'`))[0]!.id;
    const refused = await intake(SUP, { beneficiary: newPerson({ firstName: 'Яна', birthDate: '1971-01-01' }), assigneeId: foreignAssignee });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('invalid_assignee');
  });
});

describe('who sees which case', () => {
  it('a case manager sees only their own cases; a supervisor the whole caseload; an NGO admin none', async () => {
    expect((await getCase(M1, R.powCase)).statusCode).toBe(200);
    expect((await getCase(M2, R.powCase)).statusCode).toBe(404);
    expect((await getCase(SUP, R.powCase)).statusCode).toBe(200);
    expect((await getCase('admin@razom.demo', R.powCase)).statusCode).toBe(404);
    expect((await t.as('admin@razom.demo', { method: 'GET', url: '/api/v1/cases' })).statusCode).toBe(403);
    const mine = (await t.as(M2, { method: 'GET', url: '/api/v1/cases?limit=200' })).json().items;
    const m2 = await userId(M2);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c: { assigneeId: string }) => c.assigneeId === m2)).toBe(true);
    const all = (await t.as(SUP, { method: 'GET', url: '/api/v1/cases?limit=200' })).json().items;
    expect(all.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([R.powCase, R.fallenCase, R.missingCase]));
    expect(all.map((c: { id: string }) => c.id)).not.toContain(N.powCase);
  });

  it('another provider’s case is a 404, and reading a case is audited', async () => {
    expect((await getCase(SUP, N.powCase)).statusCode).toBe(404);
    await getCase(M1, R.woundedCase);
    const rows = await t.sql(`select 1 from audit_log where action = 'case.read' and entity_id = $1`, [R.woundedCase]);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('filters the list from the query: status, category, assignee, unit, overdue, text', async () => {
    const list = async (q: string) => (await t.as(SUP, { method: 'GET', url: `/api/v1/cases?${q}` })).json().items.map((c: { id: string }) => c.id);
    expect(await list('status=closed')).toEqual([R.veteranCase]);
    expect(await list('category=family_of_pow')).toContain(R.powCase);
    expect(await list('assignee=none')).toEqual([R.missingCase]);
    expect(await list('unit=a2345')).toEqual([R.woundedCase]);
    expect(await list('overdue=true')).toContain(R.powCase);
    expect(await list('overdue=true')).not.toContain(R.fallenCase);
    expect(await list(`q=${encodeURIComponent('шевченко')}`)).toEqual([R.woundedCase]);
    const bad = await t.as(SUP, { method: 'GET', url: '/api/v1/cases?status=lost' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('querystring.status');
  });

  it('paginates with a cursor', async () => {
    const first = (await t.as(SUP, { method: 'GET', url: '/api/v1/cases?limit=2' })).json();
    expect(first.items).toHaveLength(2);
    const second = (await t.as(SUP, { method: 'GET', url: `/api/v1/cases?limit=2&cursor=${first.nextCursor}` })).json();
    expect(second.items.map((c: { id: string }) => c.id)).not.toContain(first.items[0].id);
  });
});

describe('the case lifecycle', () => {
  it('needs consent before anything beyond intake, then runs to closure with an outcome', async () => {
    const opened = await intake(M1, { beneficiary: newPerson({ firstName: 'Людмила', birthDate: '1979-08-08' }) });
    const id = opened.json().caseId;
    const beneficiaryId = opened.json().beneficiaryId;
    let c = (await getCase(M1, id)).json();

    const noConsent = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${id}/status`, payload: { status: 'assessment', version: c.version } });
    expect(noConsent.statusCode).toBe(422);
    expect(noConsent.json().code).toBe('consent_required');
    const noConsentDelivery = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${id}/deliveries`, payload: { measureId: await measureId('M08'), deliveredOn: today(), durationMinutes: 30, mode: 'phone', outcome: 'x' } });
    expect(noConsentDelivery.json().code).toBe('consent_required');

    const recorded = await t.as(M1, { method: 'POST', url: `/api/v1/beneficiaries/${beneficiaryId}/consents`, payload: { method: 'verbal', givenOn: today(), purposes: ['case_management'], note: 'Записано зі слів по телефону' } });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({ method: 'verbal', state: 'active' });

    const skip = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${id}/status`, payload: { status: 'active', version: c.version } });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().code).toBe('invalid_transition');

    const assessment = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${id}/assessments`, payload: {
      assessedOn: today(), needs: [{ domain: 'documents', severity: 'high', note: 'Немає довідки' }, { domain: 'mental_health', severity: 'moderate' }], summary: 'Первинна оцінка',
    } });
    expect(assessment.statusCode, assessment.body).toBe(201);
    c = (await getCase(M1, id)).json();
    expect(c.status).toBe('assessment');

    const stale = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${id}/status`, payload: { status: 'active', version: c.version - 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('edit_conflict');
    const active = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${id}/status`, payload: { status: 'active', version: c.version } });
    expect(active.statusCode).toBe(200);
    c = active.json();

    const noOutcome = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${id}/status`, payload: { status: 'closed', version: c.version } });
    expect(noOutcome.statusCode).toBe(422);
    expect(noOutcome.json()).toMatchObject({ code: 'outcome_required', errors: [{ path: 'body.outcome' }] });
    const closed = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${id}/status`, payload: { status: 'closed', outcome: 'goals_met', note: 'Документи отримано', version: c.version } });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closureOutcome: 'goals_met', readOnly: true });

    const late = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${id}/deliveries`, payload: { measureId: await measureId('M08'), deliveredOn: today(), durationMinutes: 30, mode: 'phone', outcome: 'x' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('case_closed');

    const history = (await t.as(M1, { method: 'GET', url: `/api/v1/cases/${id}/history` })).json().items;
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['opened', 'status_changed', 'closed', 'assessment_recorded']));
    expect(history.find((e: { kind: string }) => e.kind === 'closed').actorName).toMatch(/Марина Бондаренко/);

    const reopened = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${id}/reopen`, payload: { reason: 'Нове звернення' } });
    expect(reopened.statusCode).toBe(201);
    const episode = (await getCase(M1, reopened.json().caseId)).json();
    expect(episode).toMatchObject({ previousCaseId: id, status: 'intake', sourceKind: 'reopen', consentState: 'active' });
    expect((await getCase(M1, id)).json().nextCaseId).toBe(episode.id);
    expect((await t.as(M1, { method: 'POST', url: `/api/v1/cases/${id}/reopen`, payload: { reason: 'ще раз' } })).json().code).toBe('already_reopened');
  });

  it('a withdrawn consent blocks further work and shows on the case', async () => {
    const opened = await intake(SUP, { beneficiary: newPerson({ firstName: 'Олександра', birthDate: '1982-12-12' }), consent, assigneeId: await userId(M2) });
    const { caseId, beneficiaryId } = opened.json();
    const [c] = (await t.as(M2, { method: 'GET', url: `/api/v1/beneficiaries/${beneficiaryId}/consents` })).json().items;
    const withdrawn = await t.as(M2, { method: 'POST', url: `/api/v1/consents/${c.id}/withdraw`, payload: { withdrawnOn: today(), reason: 'Попросила припинити', version: c.version } });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().state).toBe('withdrawn');
    expect((await getCase(M2, caseId)).json().consentState).toBe('withdrawn');
    const blocked = await t.as(M2, { method: 'POST', url: `/api/v1/cases/${caseId}/assessments`, payload: { assessedOn: today(), needs: [{ domain: 'housing', severity: 'low' }] } });
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().code).toBe('consent_withdrawn');
  });

  it('a supervisor reassigns; the new manager sees the case and its open steps, the old one no longer does', async () => {
    const c = (await getCase(SUP, R.woundedCase)).json();
    const m2 = await userId(M2);
    expect((await t.as(M1, { method: 'POST', url: `/api/v1/cases/${R.woundedCase}/assign`, payload: { assigneeId: m2, version: c.version } })).statusCode).toBe(404);
    const res = await t.as(SUP, { method: 'POST', url: `/api/v1/cases/${R.woundedCase}/assign`, payload: { assigneeId: m2, version: c.version } });
    expect(res.statusCode).toBe(200);
    expect((await getCase(M2, R.woundedCase)).statusCode).toBe(200);
    expect((await getCase(M1, R.woundedCase)).statusCode).toBe(404);
    const back = await t.as(SUP, { method: 'POST', url: `/api/v1/cases/${R.woundedCase}/assign`, payload: { assigneeId: await userId(M1), version: res.json().version } });
    expect(back.statusCode).toBe(200);
  });
});

describe('plan, deliveries and notes', () => {
  it('builds a plan from playbooks with due dates from the offsets, flags overdue steps, and records deliveries against steps', async () => {
    const playbooks = (await t.as(M1, { method: 'GET', url: '/api/v1/catalogue/playbooks' })).json().items;
    const wounded = playbooks.find((p: { code: string }) => p.code === 'wounded');
    const rehab = playbooks.find((p: { code: string }) => p.code === 'preparing_discharge');
    await t.sql(`insert into consent (id, provider_id, beneficiary_id, method, given_on, recorded_by, purposes) values (gen_random_uuid(), $1, $2, 'written', current_date, $3, '{case_management}')`,
      [DEMO_IDS.razom, R.wounded, await userId(M1)]);
    const start = '2026-01-05';
    const res = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${R.woundedCase}/plan/playbooks`, payload: { playbookIds: [wounded.id, rehab.id], startOn: start } });
    expect(res.statusCode, res.body).toBe(201 === res.statusCode ? 201 : 200);
    const plan = res.json();
    expect(plan.steps).toHaveLength(wounded.steps.length + rehab.steps.length);
    const vlk = plan.steps.find((s: { title: string }) => /ВЛК/.test(s.title));
    expect(vlk.dueOn).toBe('2026-01-19');
    expect(vlk.documents.map((d: { name: string }) => d.name)).toContain('Направлення на ВЛК');
    expect(vlk.ownerId).toBe(await userId(M1));

    const again = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${R.woundedCase}/plan/playbooks`, payload: { playbookIds: [wounded.id] } });
    expect(again.json().code).toBe('edit_conflict');
    const dup = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${R.woundedCase}/plan/playbooks`, payload: { playbookIds: [wounded.id], version: plan.version } });
    expect(dup.json().code).toBe('playbook_already_applied');

    const doc = await t.as(M1, { method: 'PATCH', url: `/api/v1/plan-steps/${vlk.id}`, payload: { documents: vlk.documents.map((d: { name: string }, i: number) => ({ name: d.name, received: i === 0 })), version: vlk.version } });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().documents[0]).toMatchObject({ received: true, receivedOn: today() });
    const stale = await t.as(M1, { method: 'PATCH', url: `/api/v1/plan-steps/${vlk.id}`, payload: { status: 'done', version: vlk.version } });
    expect(stale.json().code).toBe('edit_conflict');
    const noReason = await t.as(M1, { method: 'PATCH', url: `/api/v1/plan-steps/${vlk.id}`, payload: { status: 'cancelled', version: doc.json().version } });
    expect(noReason.json()).toMatchObject({ code: 'cancel_reason_required', errors: [{ path: 'body.cancelReason' }] });

    const delivery = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${R.woundedCase}/deliveries`, payload: {
      measureId: vlk.measureId, deliveredOn: today(), durationMinutes: 90, mode: 'outreach', outcome: 'Супровід на ВЛК', planStepId: vlk.id,
    } });
    expect(delivery.statusCode, delivery.body).toBe(201);
    expect(delivery.json()).toMatchObject({ measureCode: 'M11', planStepId: vlk.id, deliveredByName: expect.stringMatching(/Марина Бондаренко/) });
    const after = (await t.as(M1, { method: 'GET', url: `/api/v1/cases/${R.woundedCase}/plan` })).json();
    expect(after.steps.find((s: { id: string }) => s.id === vlk.id).status).toBe('in_progress');
    expect(after.steps.filter((s: { overdue: boolean }) => s.overdue).length).toBeGreaterThan(0);

    const otherStep = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${R.woundedCase}/deliveries`, payload: {
      measureId: vlk.measureId, deliveredOn: today(), durationMinutes: 10, mode: 'phone', outcome: 'x', planStepId: R.powOverdueStep,
    } });
    expect(otherStep.json().code).toBe('unknown_step');
    const badMode = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${R.woundedCase}/deliveries`, payload: { measureId: vlk.measureId, deliveredOn: today(), durationMinutes: 10, mode: 'telepathy', outcome: 'x' } });
    expect(badMode.statusCode).toBe(400);
    expect(badMode.json().errors[0].path).toBe('body.mode');
  });

  it('sensitive notes are seen by their author and supervisors only', async () => {
    await t.as(M1, { method: 'POST', url: `/api/v1/cases/${R.powCase}/notes`, payload: { body: 'Чоловік у полоні; погрози родині', sensitive: true } });
    // Stored encrypted.
    const stored = await t.sql<{ body: string }>(`select body from case_note where case_id = $1 and sensitive`, [R.powCase]);
    expect(stored[0]!.body).toMatch(/^v1\./);
    const c = (await getCase(SUP, R.powCase)).json();
    const sup = (await t.as(SUP, { method: 'GET', url: `/api/v1/cases/${R.powCase}/notes` })).json().items;
    expect(sup.some((n: { body: string }) => n.body.includes('погрози'))).toBe(true);
    // Hand the case to manager2: they see the case and ordinary notes, not manager1's sensitive one.
    await t.as(SUP, { method: 'POST', url: `/api/v1/cases/${R.powCase}/assign`, payload: { assigneeId: await userId(M2), version: c.version } });
    const m2 = (await t.as(M2, { method: 'GET', url: `/api/v1/cases/${R.powCase}/notes` })).json().items;
    expect(m2.some((n: { body: string }) => n.body.includes('погрози'))).toBe(false);
    expect(m2.some((n: { body: string }) => n.body.includes('21:00'))).toBe(true);
    const c2 = (await getCase(SUP, R.powCase)).json();
    await t.as(SUP, { method: 'POST', url: `/api/v1/cases/${R.powCase}/assign`, payload: { assigneeId: await userId(M1), version: c2.version } });
  });
});

describe('tasks and supervision', () => {
  it('my tasks list overdue steps, assessments due and steps due this week', async () => {
    const tasks = (await t.as(M1, { method: 'GET', url: '/api/v1/tasks/mine' })).json();
    expect(tasks.overdue.map((x: { id: string }) => x.id)).toContain(R.powOverdueStep);
    expect(tasks.overdue.every((x: { overdue: boolean }) => x.overdue)).toBe(true);
    const m2 = (await t.as(M2, { method: 'GET', url: '/api/v1/tasks/mine' })).json();
    expect([...m2.overdue, ...m2.dueToday, ...m2.thisWeek].map((x: { id: string }) => x.id)).not.toContain(R.powOverdueStep);
  });

  it('tasks follow the clock', async () => {
    const m2 = await t.as(M2, { method: 'GET', url: '/api/v1/tasks/mine' });
    // The fallen defender's mother was taken in two days ago: her assessment is due in ten working days.
    const all = [...m2.json().overdue, ...m2.json().dueToday, ...m2.json().thisWeek];
    expect(all.find((x: { caseId: string }) => x.caseId === R.fallenCase)).toBeUndefined();
    offset = 30 * 86_400_000;
    try {
      const later = (await t.as(M2, { method: 'GET', url: '/api/v1/tasks/mine' })).json();
      expect(later.overdue.find((x: { caseId: string }) => x.caseId === R.fallenCase)).toMatchObject({ kind: 'assessment', overdue: true });
    } finally {
      offset = 0;
    }
  });

  it('the supervisor dashboard shows caseload, statuses, overdue steps and cases without contact; case managers cannot open it', async () => {
    const d = (await t.as(SUP, { method: 'GET', url: '/api/v1/dashboard/supervisor?noContactDays=14' })).json();
    expect(d.byStatus.find((s: { status: string }) => s.status === 'closed').count).toBeGreaterThanOrEqual(1);
    const m1 = d.caseload.find((r: { fullName: string }) => /Марина Бондаренко/.test(r.fullName ?? ''));
    expect(m1.open).toBeGreaterThan(0);
    expect(m1.overdueSteps).toBeGreaterThan(0);
    expect(d.overdueSteps.map((s: { stepId: string }) => s.stepId)).toContain(R.powOverdueStep);
    expect(d.withoutContact.map((c: { caseId: string }) => c.caseId)).not.toContain(N.powCase);
    expect((await t.as(M1, { method: 'GET', url: '/api/v1/dashboard/supervisor' })).statusCode).toBe(403);
    expect((await t.as(SUP, { method: 'GET', url: '/api/v1/dashboard/supervisor?noContactDays=0' })).json().errors[0].path).toBe('querystring.noContactDays');
  });
});

describe('people', () => {
  it('edits a person with optimistic locking and keeps the case list name in step', async () => {
    const p = (await t.as(M1, { method: 'GET', url: `/api/v1/beneficiaries/${R.powWife}` })).json();
    const ok = await t.as(M1, { method: 'PATCH', url: `/api/v1/beneficiaries/${R.powWife}`, payload: { lastName: 'Гнатюк-Кравець', version: p.version } });
    expect(ok.statusCode, ok.body).toBe(200);
    const stale = await t.as(M1, { method: 'PATCH', url: `/api/v1/beneficiaries/${R.powWife}`, payload: { lastName: 'Інше', version: p.version } });
    expect(stale.json().code).toBe('edit_conflict');
    expect((await getCase(M1, R.powCase)).json().beneficiaryName).toBe('Гнатюк-Кравець Оксана Петрівна');
    // Fields the edit did not name stay as they were.
    expect(ok.json()).toMatchObject({ phones: p.phones, categories: p.categories, birthDate: p.birthDate });
    expect((await t.sql(`select 1 from audit_log where action = 'beneficiary.read' and entity_id = $1`, [R.powWife])).length).toBe(1);
  });

  it('links relatives into the family', async () => {
    const res = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${R.powCase}/family`, payload: {
      relation: 'child', relative: newPerson({ lastName: 'Гнатюк', firstName: 'Софія', patronymic: 'Андріївна', birthDate: '2015-06-01', categories: ['family_of_pow'] }),
    } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().serviceMember).toMatchObject({ beneficiaryId: R.powMember, militaryStatus: 'in_captivity' });
    expect(res.json().members.map((m: { relation: string }) => m.relation).sort()).toEqual(['child', 'spouse']);
  });
});

describe('export', () => {
  it('exports the filtered list as CSV and XLSX, audited', async () => {
    const csv = await t.as(SUP, { method: 'GET', url: `/api/v1/cases/export?format=csv&status=closed&q=${encodeURIComponent('романюк')}` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toMatch(/^Отримувач,Статус/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/Романюк Віктор Степанович,Закрита/);
    const xlsx = await t.as(M1, { method: 'GET', url: '/api/v1/cases/export?format=xlsx', headers: { 'accept-language': 'en' } });
    expect(xlsx.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Beneficiary');
    const names = sheet.getColumn(1).values.slice(2);
    expect(names).toContain('Шевченко Дмитро Олександрович');
    expect(names).not.toContain('Левченко Галина Миколаївна');
    expect((await t.sql(`select 1 from audit_log where action = 'case.export'`)).length).toBe(2);
  });
});

describe('documents', () => {
  const upload = (email: string, caseId: string, file: { name: string; type: string; body: Buffer }, fields: Record<string, string> = {}) => {
    const boundary = '----pilot-test-boundary';
    const parts = [
      ...Object.entries(fields).map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`,
    ];
    const payload = Buffer.concat([Buffer.from(parts.join('')), file.body, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    return t.as(email, { method: 'POST', url: `/api/v1/cases/${caseId}/documents`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  };
  // Larger than the JSON body limit: uploads have their own.
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2 * 1_048_576, 0x20), Buffer.from('\n%%EOF\n')]);

  it('uploads within the limits, lists, and audits every download', async () => {
    const res = await upload(M1, R.powCase, { name: 'довідка форма 5.pdf', type: 'application/pdf', body: pdf });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    expect(doc).toMatchObject({ fileName: 'довідка форма 5.pdf', sizeBytes: pdf.length });
    const [row] = await t.sql<{ storage_key: string }>(`select storage_key from case_document where id = $1`, [doc.id]);
    expect(row!.storage_key).not.toMatch(/довідка/);
    // At rest the file is encrypted.
    const onDisk = readFileSync(join(t.config.DATA_DIR, 'documents', row!.storage_key));
    expect(onDisk.includes(Buffer.from('%PDF'))).toBe(false);
    const list = (await t.as(M1, { method: 'GET', url: `/api/v1/cases/${R.powCase}/documents` })).json().items;
    expect(list.map((d: { id: string }) => d.id)).toContain(doc.id);
    const download = await t.as(M1, { method: 'GET', url: `/api/v1/documents/${doc.id}/content` });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(download.headers['content-disposition']).toMatch(/filename\*=UTF-8''/);
    expect((await t.sql(`select 1 from audit_log where action = 'document.download' and entity_id = $1`, [doc.id])).length).toBe(1);
    expect((await t.as(M2, { method: 'GET', url: `/api/v1/documents/${doc.id}/content` })).statusCode).toBe(404);
  });

  it('refuses a disallowed type, content that lies about its type, an oversized file and a missing file', async () => {
    const exe = await upload(M1, R.powCase, { name: 'x.exe', type: 'application/x-msdownload', body: Buffer.from('MZ...') });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().errors[0].path).toBe('body.file');
    const fake = await upload(M1, R.powCase, { name: 'x.pdf', type: 'application/pdf', body: Buffer.from('<html>not a pdf</html>') });
    expect(fake.json().code).toBe('file_type_mismatch');
    const big = await upload(M1, R.powCase, { name: 'big.pdf', type: 'application/pdf', body: Buffer.concat([pdf, Buffer.alloc(11 * 1_048_576)]) });
    expect(big.statusCode).toBe(413);
    const none = await t.as(M1, { method: 'POST', url: `/api/v1/cases/${R.powCase}/documents`, payload: {} });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].path).toBe('body.file');
    const count = Number((await t.sql<{ n: string }>(`select count(*) as n from case_document`))[0]!.n);
    expect(count).toBe(1);
  });
});

describe('the daily digest', () => {
  it('queues one email per person with due or overdue work, in their language, once a day', async () => {
    await t.app.jobs.boss.send('cases.digest', {});
    expect(await t.app.jobs.runOnce('cases.digest')).toBe(true);
    const mails = await t.sql<{ data: { to: string; subject: string; text: string } }>(`select data from pgboss.job where name = 'email.send' and data->>'subject' like 'Завдання%'`);
    const m1 = mails.filter((j) => j.data.to === M1);
    expect(m1).toHaveLength(1);
    expect(m1[0]!.data.text).toContain('Прострочено:\n');
    expect(m1[0]!.data.text).toMatch(/ {2}• \d{4}-\d{2}-\d{2} — .+ \(Гнатюк/);
    expect(m1[0]!.data.text).toContain('/tasks');
    // Nadiya's staff get theirs, never with Razom's families in them.
    const nadiya = mails.filter((j) => j.data.to.endsWith('@nadiya.demo'));
    expect(nadiya.length).toBeGreaterThan(0);
    expect(nadiya.some((j) => j.data.text.includes('Гнатюк'))).toBe(false);
    // Nobody without work due gets one (the admin works no cases).
    expect(mails.some((j) => j.data.to === 'admin@razom.demo')).toBe(false);

    await t.app.jobs.boss.send('cases.digest', {});
    await t.app.jobs.runOnce('cases.digest');
    const again = await t.sql(`select 1 from pgboss.job where name = 'email.send' and data->>'to' = $1 and data->>'subject' like 'Завдання%'`, [M1]);
    expect(again).toHaveLength(1);
  });
});

describe('intake of someone already on file', () => {
  it('a case manager opens a case for a person they could not see before; then they see them', async () => {
    // manager2 has no case of the POW's husband; the duplicate check shows him, and intake joins his record.
    expect((await t.as(M2, { method: 'GET', url: `/api/v1/beneficiaries/${R.powMember}` })).statusCode).toBe(404);
    const res = await intake(M2, { beneficiaryId: R.powMember, categories: ['released_from_captivity'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().beneficiaryId).toBe(R.powMember);
    expect((await t.as(M2, { method: 'GET', url: `/api/v1/beneficiaries/${R.powMember}` })).statusCode).toBe(200);
    const otherProvider = await intake(M2, { beneficiaryId: DEMO_CASE_IDS.nadiya.powMember, categories: ['serving'] });
    expect(otherProvider.statusCode).toBe(404);
  });
});

describe('the assessment target', () => {
  it('counts working days on the ministry calendar: weekends and holidays do not count', async () => {
    const { nthWorkingDayAfter, localDate } = await import('@pilot/domain');
    const today = localDate(t.app.clock());
    const plain = nthWorkingDayAfter(today, 10, { holidays: new Set() });
    // A holiday inside the ten working days pushes the deadline one working day on.
    const holiday = nthWorkingDayAfter(today, 3, { holidays: new Set() });
    await t.sql(`insert into holiday (day, name) values ($1, 'Тестове свято') on conflict do nothing`, [holiday]);
    const opened = await intake(M1, { beneficiary: newPerson({ firstName: 'Віра', birthDate: '1981-02-02' }) });
    expect(opened.statusCode, opened.body).toBe(201);
    const c = (await getCase(M1, opened.json().caseId)).json();
    expect(c.assessmentDueOn).toBe(nthWorkingDayAfter(today, 10, { holidays: new Set([holiday]) }));
    expect(c.assessmentDueOn > plain).toBe(true);
  });
});

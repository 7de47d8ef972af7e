import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../src/jobs/queues.ts';
import { DEMO_IDS, startTestApp, type TestApp } from './harness.ts';
import { DEMO_CASE_IDS } from '../src/seeders/demo-cases.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

const UNIT1 = 'unit1@army.demo';
const referral = (overrides: Record<string, unknown> = {}) => ({
  subject: 'family_member',
  person: { lastName: 'Тестова', firstName: 'Тетяна', phone: '067 765 43 21', relation: 'spouse' },
  serviceMember: { fullName: 'Іван Тестов', status: 'in_captivity' },
  categories: ['family_of_pow'],
  needs: 'Потрібна допомога з документами.',
  urgency: 'urgent',
  consent: { given: true, method: 'verbal' },
  ...overrides,
});
const submit = (who = UNIT1, body: unknown = referral(), headers: Record<string, string> = {}) =>
  t.as(who, { method: 'POST', url: '/api/v1/my-unit/referrals', payload: body as object, headers });
const userId = async (email: string) => (await t.sql<{ id: string }>(`select id from user_account where email = $1`, [email]))[0]!.id;

/** Works every queued job of a queue through the real queue. */
async function drain(queue: (typeof QUEUES)[keyof typeof QUEUES]) {
  let n = 0;
  while (await t.app.jobs.runOnce(queue)) n++;
  return n;
}
async function sweep() {
  await t.app.jobs.boss.send(QUEUES.slaSweep, {});
  await drain(QUEUES.slaSweep);
  await drain(QUEUES.notify);
}

/** A unit of its own with an invited-and-activated contact, for tests that move assignments. */
async function unitWithContact(code: string) {
  const unit = (await t.as('coordinator@minsoc.demo', {
    method: 'POST', url: '/api/v1/units', payload: { code, name: `Частина ${code}`, kind: 'military_unit', oblastCode: 'UA05000000000010236' },
  })).json() as { id: string };
  const email = `contact-${code.slice(1)}@army.demo`;
  const invited = await t.as('coordinator@minsoc.demo', {
    method: 'POST', url: `/api/v1/units/${unit.id}/contacts`, payload: { email, fullName: `Контакт ${code}`, position: 'commander' },
  });
  expect(invited.statusCode, invited.body).toBe(201);
  // Stands in for accepting the invitation (tested with the staff invitations): the demo password, active.
  await t.sql(`update user_account set status = 'active', password_hash = (select password_hash from user_account where email = 'unit1@army.demo') where email = $1`, [email]);
  return { unitId: unit.id, email };
}
const assign = (unitId: string, providerId: string, startsOn: string, endsOn?: string) => t.as('coordinator@minsoc.demo', {
  method: 'POST', url: `/api/v1/units/${unitId}/assignments`, payload: { providerId, startsOn, ...(endsOn ? { endsOn } : {}) },
});

describe('submitting a referral', () => {
  it('routes it to the provider serving the unit and tells its supervisors', async () => {
    await drain(QUEUES.notify);
    const res = await submit();
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ stage: 'submitted', personName: 'Тестова Тетяна', provider: { name: 'ГО «Разом»', contactPhone: '+380441234567' }, caseManager: null });
    const [row] = await t.sql<{ provider_id: string; person_phone: string; referrer_name: string }>(`select provider_id, person_phone, referrer_name from referral where id = $1`, [r.id]);
    expect(row).toEqual({ provider_id: DEMO_IDS.razom, person_phone: '+380677654321', referrer_name: 'Майор Сергій Литвиненко' });

    // The audit entry lands in the provider's log.
    const [audit] = await t.sql<{ provider_id: string }>(`select provider_id from audit_log where action = 'referral.submit' and entity_id = $1`, [r.id]);
    expect(audit!.provider_id).toBe(DEMO_IDS.razom);

    expect(await drain(QUEUES.notify)).toBe(1);
    const notes = await t.sql<{ email: string; title: string; link: string }>(
      `select u.email, n.title, n.link from notification n join user_account u on u.id = n.user_id where n.link = $1`, [`/referrals/${r.id}`]);
    expect(notes).toEqual([{ email: 'supervisor@razom.demo', title: 'Нове направлення від в/ч А1234', link: `/referrals/${r.id}` }]);
    const mails = await t.sql<{ data: { to: string; text: string } }>(`select data from pgboss.job where name = 'email.send' and data->>'text' like $1`, [`%/referrals/${r.id}%`]);
    expect(mails.map((m) => m.data.to)).toEqual(['supervisor@razom.demo']);
    // Notices never carry the person's name or needs.
    expect(mails[0]!.data.text).not.toContain('Тестова');

    const inbox = await t.as('supervisor@razom.demo', { method: 'GET', url: '/api/v1/referrals?status=submitted' });
    const item = inbox.json().items.find((i: { id: string }) => i.id === r.id);
    expect(item).toMatchObject({ personName: 'Тестова Тетяна', unit: { code: 'А1234' }, nextDeadline: { target: 'acknowledgement', overdue: false } });
  });

  it('is refused without consent, with the reason on the field', async () => {
    const res = await submit(UNIT1, referral({ consent: { given: false, method: 'verbal' } }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'body.consent.given', message: expect.stringContaining('Consent to share with the provider is required') }]);
  });

  it('names the missing parts of a family member referral', async () => {
    const res = await submit(UNIT1, referral({ person: { lastName: 'Звʼязку', firstName: 'Без', phone: '0671112233' }, serviceMember: { status: 'serving' } }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.person.relation', 'body.serviceMember.fullName']);
  });

  it('creates one referral per Idempotency-Key (a double tap)', async () => {
    const key = { 'idempotency-key': 'double-tap-referral-1' };
    const a = await submit(UNIT1, referral({ person: { lastName: 'Тап', firstName: 'Подвійний', phone: '0671112234', relation: 'child' } }), key);
    const b = await submit(UNIT1, referral({ person: { lastName: 'Тап', firstName: 'Подвійний', phone: '0671112234', relation: 'child' } }), key);
    expect(b.json()).toEqual(a.json());
    expect(await t.sql(`select 1 from referral where person_name = 'Тап Подвійний'`)).toHaveLength(1);
  });

  it('is for unit contacts only', async () => {
    for (const who of ['supervisor@razom.demo', 'coordinator@minsoc.demo', 'operator@pilot.demo']) {
      expect((await submit(who)).statusCode, who).toBe(403);
    }
  });
});

describe('routing by assignment date', () => {
  it('goes to the provider assigned on the day; none assigned is a clear 409 the ministry sees', async () => {
    const { unitId, email } = await unitWithContact('А8100');
    expect((await assign(unitId, DEMO_IDS.razom, '2026-01-01', '2026-06-30')).statusCode).toBe(201);
    expect((await assign(unitId, DEMO_IDS.nadiya, '2026-07-01')).statusCode).toBe(201);

    t.setClock('2026-06-30T20:00:00Z'); // 23:00 in Kyiv, still 30 June
    const june = await submit(email);
    expect(june.statusCode, june.body).toBe(201);
    expect(june.json().provider.name).toBe('ГО «Разом»');

    t.setClock('2026-06-30T21:30:00Z'); // 00:30 on 1 July in Kyiv
    const july = await submit(email);
    expect(july.json().provider.name).toBe('БФ «Надія»');

    t.setClock('2025-12-15T10:00:00Z');
    const before = await submit(email);
    expect(before.statusCode).toBe(409);
    expect(before.json()).toMatchObject({ code: 'unit_unassigned', detail: expect.stringContaining('А8100') });
    const overview = await t.as('coordinator@minsoc.demo', { method: 'GET', url: '/api/v1/pilot/overview' });
    expect(overview.json().unassignedUnits.map((u: { code: string }) => u.code)).toContain('А8100');
    t.setClock('2026-08-01T10:00:00Z');
    const later = await t.as('coordinator@minsoc.demo', { method: 'GET', url: '/api/v1/pilot/overview' });
    expect(later.json().unassignedUnits.map((u: { code: string }) => u.code)).not.toContain('А8100');
  });
});

describe('capacity pause', () => {
  it('refuses new referrals at once and shows the ministry the pause until it is lifted', async () => {
    const pause = await t.as('supervisor@razom.demo', { method: 'POST', url: '/api/v1/intake/pause', payload: { reason: 'Усі фахівці зайняті' } });
    expect(pause.json()).toMatchObject({ paused: true, reason: 'Усі фахівці зайняті' });
    expect((await t.as('admin@razom.demo', { method: 'POST', url: '/api/v1/intake/pause', payload: { reason: 'ще раз' } })).statusCode).toBe(409);

    const mine = await t.as(UNIT1, { method: 'GET', url: '/api/v1/my-unit' });
    expect(mine.json().provider.intake).toMatchObject({ paused: true, reason: 'Усі фахівці зайняті' });
    const refused = await submit();
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'intake_paused', provider: { contactPhone: '+380441234567' } });

    const overview = await t.as('coordinator@minsoc.demo', { method: 'GET', url: '/api/v1/pilot/overview' });
    expect(overview.json().pausedProviders).toEqual([expect.objectContaining({ id: DEMO_IDS.razom, reason: 'Усі фахівці зайняті' })]);

    expect((await t.as('admin@razom.demo', { method: 'POST', url: '/api/v1/intake/resume' })).json().paused).toBe(false);
    expect((await submit()).statusCode).toBe(201);
    expect((await t.as('coordinator@minsoc.demo', { method: 'GET', url: '/api/v1/pilot/overview' })).json().pausedProviders).toEqual([]);
  });
});

describe('the lifecycle', () => {
  it('declines with a reason; the unit sees the category only', async () => {
    const r = (await submit()).json();
    const noReason = await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/referrals/${r.id}/decline`, payload: {} });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('body.reason');
    const declined = await t.as('supervisor@razom.demo', {
      method: 'POST', url: `/api/v1/referrals/${r.id}/decline`, payload: { reason: 'out_of_scope', note: 'Внутрішня примітка надавача' },
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: 'out_of_scope', declineNote: 'Внутрішня примітка надавача' });
    expect(declined.json().deadlines.every((d: { metAt: string | null; cancelledAt: string | null }) => d.metAt || d.cancelledAt)).toBe(true);

    const seen = await t.as(UNIT1, { method: 'GET', url: `/api/v1/my-unit/referrals/${r.id}` });
    expect(seen.json()).toMatchObject({ stage: 'declined', declineReason: 'out_of_scope' });
    expect(seen.json().timeline.map((e: { stage: string }) => e.stage)).toEqual(['submitted', 'declined']);
    expect(seen.body).not.toContain('Внутрішня примітка');

    await drain(QUEUES.notify);
    const [note] = await t.sql<{ title: string }>(
      `select n.title from notification n where n.user_id = $1 and n.link = $2`, [await userId(UNIT1), `/my-referrals/${r.id}`]);
    expect(note!.title).toBe('Направлення відхилено');

    const again = await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/referrals/${r.id}/accept`, payload: { caseManagerId: await userId('manager1@razom.demo') } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('referral_transition');
  });

  it('is withdrawn by the referrer before a decision, and cannot be accepted then', async () => {
    const r = (await submit()).json();
    const w = await t.as(UNIT1, { method: 'POST', url: `/api/v1/my-unit/referrals/${r.id}/withdraw`, payload: { reason: 'Сім’я вже отримує допомогу' } });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().stage).toBe('withdrawn');
    const [audit] = await t.sql<{ provider_id: string }>(`select provider_id from audit_log where action = 'referral.withdraw' and entity_id = $1`, [r.id]);
    expect(audit!.provider_id).toBe(DEMO_IDS.razom);
    const accept = await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/referrals/${r.id}/accept`, payload: { caseManagerId: await userId('manager1@razom.demo') } });
    expect(accept.statusCode).toBe(409);
    expect(accept.json().detail).toContain('withdrawn');
  });

  it('accepts with a case manager; the unit sees who to call and cannot withdraw any more', async () => {
    const r = (await submit()).json();
    const notManager = await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/referrals/${r.id}/accept`, payload: { caseManagerId: await userId('manager1@nadiya.demo') } });
    expect(notManager.statusCode).toBe(422);
    expect(notManager.json().errors[0].path).toBe('body.caseManagerId');

    const manager = await userId('manager1@razom.demo');
    const accepted = await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/referrals/${r.id}/accept`, payload: { caseManagerId: manager } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', caseManager: { id: manager, phone: '+380441234563' } });
    const ack = accepted.json().deadlines.find((d: { target: string }) => d.target === 'acknowledgement');
    expect(ack.metAt).not.toBeNull();

    const seen = await t.as(UNIT1, { method: 'GET', url: `/api/v1/my-unit/referrals/${r.id}` });
    expect(seen.json()).toMatchObject({ stage: 'accepted', caseManager: { fullName: 'Марина Бондаренко', phone: '+380441234563' } });

    const withdraw = await t.as(UNIT1, { method: 'POST', url: `/api/v1/my-unit/referrals/${r.id}/withdraw`, payload: {} });
    expect(withdraw.statusCode).toBe(409);

    // The assigned case manager now reads it; the other one does not.
    expect((await t.as('manager1@razom.demo', { method: 'GET', url: `/api/v1/referrals/${r.id}` })).statusCode).toBe(200);
    expect((await t.as('manager2@razom.demo', { method: 'GET', url: `/api/v1/referrals/${r.id}` })).statusCode).toBe(404);
  });
});

describe('acceptance into a case', () => {
  it('opens a case for a new person, assigned to the chosen case manager', async () => {
    const r = (await submit(UNIT1, referral({ person: { lastName: 'Новенька', firstName: 'Олеся', phone: '0671110001', relation: 'spouse', dateOfBirth: '1990-01-02' } }))).json();
    const manager = await userId('manager2@razom.demo');
    const accepted = await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/referrals/${r.id}/accept`, payload: { caseManagerId: manager } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const caseId = accepted.json().caseId;
    const [c] = await t.sql<{ assignee_id: string; source_kind: string; source_id: string; beneficiary_name: string; categories: string[] }>(
      `select assignee_id, source_kind, source_id, beneficiary_name, categories from support_case where id = $1`, [caseId]);
    expect(c).toEqual({ assignee_id: manager, source_kind: 'referral', source_id: r.id, beneficiary_name: 'Новенька Олеся', categories: ['family_of_pow'] });
  });

  it('finds the person already on file and joins their open case; without a choice it asks', async () => {
    // Razom's demo family of a prisoner of war: the same person, referred again by the unit.
    const body = referral({ person: { lastName: 'Гнатюк', firstName: 'Оксана', patronymic: 'Петрівна', dateOfBirth: '1991-03-14', phone: '0671234501', relation: 'spouse' } });
    const r = (await submit(UNIT1, body)).json();
    const dups = await t.as('supervisor@razom.demo', { method: 'GET', url: `/api/v1/referrals/${r.id}/duplicates` });
    expect(dups.statusCode, dups.body).toBe(200);
    const match = dups.json().matches[0];
    expect(match).toMatchObject({ id: DEMO_CASE_IDS.razom.powWife, openCaseId: DEMO_CASE_IDS.razom.powCase });

    const manager = await userId('manager2@razom.demo');
    const blind = await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/referrals/${r.id}/accept`, payload: { caseManagerId: manager } });
    expect(blind.statusCode).toBe(409);
    expect(blind.json().code).toBe('possible_duplicate');
    expect((await t.sql(`select status from referral where id = $1`, [r.id]))[0]).toEqual({ status: 'submitted' });

    const joined = await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/referrals/${r.id}/accept`, payload: { caseManagerId: manager, beneficiaryId: match.id } });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json().caseId).toBe(DEMO_CASE_IDS.razom.powCase);
    // The case keeps its own case manager; the unit is told who that is.
    const [c] = await t.sql<{ assignee_id: string }>(`select assignee_id from support_case where id = $1`, [DEMO_CASE_IDS.razom.powCase]);
    expect(joined.json().caseManager.id).toBe(c!.assignee_id);
  });

  it("follows the case: first contact and closure reach the referrer, and nothing else of the case", async () => {
    t.setClock(new Date());
    const r = (await submit(UNIT1, referral({ person: { lastName: 'Контактна', firstName: 'Віра', phone: '0671110002', relation: 'parent' } }))).json();
    const manager = await userId('manager1@razom.demo');
    const caseId = (await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/referrals/${r.id}/accept`, payload: { caseManagerId: manager } })).json().caseId;
    await drain(QUEUES.notify);

    const contact = await t.as('manager1@razom.demo', { method: 'POST', url: `/api/v1/cases/${caseId}/contacts`, payload: { note: 'Поговорили з мамою, домовилися про зустріч' } });
    expect(contact.statusCode, contact.body).toBe(200);
    let seen = (await t.as(UNIT1, { method: 'GET', url: `/api/v1/my-unit/referrals/${r.id}` })).json();
    expect(seen.stage).toBe('first_contact');
    expect(seen.caseManager).toMatchObject({ fullName: 'Марина Бондаренко', phone: '+380441234563' });
    const detail = (await t.as('supervisor@razom.demo', { method: 'GET', url: `/api/v1/referrals/${r.id}` })).json();
    expect(detail.deadlines.find((d: { target: string }) => d.target === 'first_contact').metAt).not.toBeNull();

    // The referrer is told through the outbox the sweep empties.
    await sweep();
    const [note] = await t.sql<{ title: string }>(`select title from notification where user_id = $1 and link = $2 and kind = 'referral.first_contact'`,
      [await userId(UNIT1), `/my-referrals/${r.id}`]);
    expect(note!.title).toBe('Перший контакт відбувся');

    const c = (await t.as('manager1@razom.demo', { method: 'GET', url: `/api/v1/cases/${caseId}` })).json();
    const closed = await t.as('manager1@razom.demo', { method: 'POST', url: `/api/v1/cases/${caseId}/status`, payload: { status: 'closed', outcome: 'goals_met', version: c.version } });
    expect(closed.statusCode, closed.body).toBe(200);
    seen = (await t.as(UNIT1, { method: 'GET', url: `/api/v1/my-unit/referrals/${r.id}` })).json();
    expect(seen.stage).toBe('closed');
    expect(seen.timeline.map((e: { stage: string }) => e.stage)).toEqual(['submitted', 'accepted', 'first_contact', 'closed']);
    const raw = (await t.as(UNIT1, { method: 'GET', url: `/api/v1/my-unit/referrals/${r.id}` })).body;
    expect(raw).not.toContain('Поговорили');
    expect(raw).not.toContain(caseId);
    // The unit contact cannot reach the case itself.
    expect((await t.as(UNIT1, { method: 'GET', url: `/api/v1/cases/${caseId}` })).statusCode).toBe(404);

    // Anonymising the person also clears what the referral said about them.
    const person = (await t.as('supervisor@razom.demo', { method: 'GET', url: `/api/v1/beneficiaries/${c.beneficiaryId}` })).json();
    const anon = await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/beneficiaries/${c.beneficiaryId}/anonymise`, payload: { reason: 'Запит особи', version: person.version } });
    expect(anon.statusCode, anon.body).toBe(200);
    const [scrubbed] = await t.sql<{ person_name: string; person_phone: string; needs: string }>(`select person_name, person_phone, needs from referral where id = $1`, [r.id]);
    expect(scrubbed).toEqual({ person_name: 'Анонімізовано', person_phone: '—', needs: '—' });
  });
});

describe("who sees a referral", () => {
  it("the unit sees a narrow projection: never the needs or the person's contacts", async () => {
    const r = (await submit()).json();
    const list = await t.as(UNIT1, { method: 'GET', url: '/api/v1/my-unit/referrals' });
    const detail = await t.as(UNIT1, { method: 'GET', url: `/api/v1/my-unit/referrals/${r.id}` });
    for (const body of [list.body, detail.body]) {
      expect(body).not.toContain('Потрібна допомога з документами');
      expect(body).not.toContain('+380677654321');
    }
  });

  it("another unit's contact, another provider, and a case manager not on it get 404", async () => {
    const r = (await submit()).json();
    expect((await t.as('unit2@army.demo', { method: 'GET', url: `/api/v1/my-unit/referrals/${r.id}` })).statusCode).toBe(404);
    expect((await t.as('unit3@army.demo', { method: 'POST', url: `/api/v1/my-unit/referrals/${r.id}/withdraw`, payload: {} })).statusCode).toBe(404);
    expect((await t.as('supervisor@nadiya.demo', { method: 'GET', url: `/api/v1/referrals/${r.id}` })).statusCode).toBe(404);
    expect((await t.as('supervisor@nadiya.demo', { method: 'POST', url: `/api/v1/referrals/${r.id}/decline`, payload: { reason: 'other' } })).statusCode).toBe(404);
    expect((await t.as('manager1@razom.demo', { method: 'GET', url: `/api/v1/referrals/${r.id}` })).statusCode).toBe(404);
    const nadiyaInbox = await t.as('supervisor@nadiya.demo', { method: 'GET', url: '/api/v1/referrals?limit=200' });
    expect(nadiyaInbox.body).not.toContain(r.id);
    const unit2List = await t.as('unit2@army.demo', { method: 'GET', url: '/api/v1/my-unit/referrals?limit=200' });
    expect(unit2List.body).not.toContain(r.id);
  });
});

describe('service targets and escalation', () => {
  it('counts deadlines in working days across a weekend and a holiday', async () => {
    await t.as('coordinator@minsoc.demo', { method: 'POST', url: '/api/v1/holidays', payload: { date: '2026-12-07', name: 'Тестовий вихідний' } });
    t.setClock('2026-12-04T14:00:00Z'); // Friday 16:00 in Kyiv
    const r = (await submit()).json();
    const detail = (await t.as('supervisor@razom.demo', { method: 'GET', url: `/api/v1/referrals/${r.id}` })).json();
    expect(detail.deadlines.map((d: { target: string; dueAt: string; escalateAt: string }) => [d.target, d.dueAt, d.escalateAt])).toEqual([
      ['acknowledgement', '2026-12-08T16:00:00.000Z', '2026-12-09T16:00:00.000Z'],
      ['first_contact', '2026-12-10T16:00:00.000Z', '2026-12-11T16:00:00.000Z'],
      ['assessment', '2026-12-21T16:00:00.000Z', '2026-12-22T16:00:00.000Z'],
    ]);
  });

  it('reminds at the deadline and escalates a working day later, through the real queue', async () => {
    t.setClock('2026-12-11T09:00:00Z'); // Friday
    const r = (await submit()).json(); // acknowledgement due Monday 14th 18:00, escalates Tuesday 15th
    await drain(QUEUES.notify);
    const supervisor = await userId('supervisor@razom.demo');
    const notes = async (link: string) => t.sql<{ user_id: string; kind: string }>(
      `select user_id, kind from notification where link = $1 order by created_at`, [link]);

    t.setClock('2026-12-14T15:59:00Z');
    await sweep();
    expect((await notes(`/referrals/${r.id}`)).filter((n) => n.kind === 'referral.reminder')).toEqual([]);

    t.setClock('2026-12-14T16:05:00Z');
    await sweep();
    expect((await notes(`/referrals/${r.id}`)).filter((n) => n.kind === 'referral.reminder')).toEqual([{ user_id: supervisor, kind: 'referral.reminder' }]);
    await sweep(); // a second sweep does not repeat it
    expect((await notes(`/referrals/${r.id}`)).filter((n) => n.kind === 'referral.reminder')).toHaveLength(1);

    t.setClock('2026-12-15T16:05:00Z');
    await sweep();
    const escalated = await t.sql<{ email: string }>(
      `select u.email from notification n join user_account u on u.id = n.user_id where n.kind = 'referral.escalation' and n.body like '%в/ч А1234%'
         and n.created_at > now() - interval '1 minute' order by u.email`);
    expect(escalated.map((e) => e.email)).toEqual(expect.arrayContaining(['admin@razom.demo', 'coordinator@minsoc.demo']));
    expect(escalated.map((e) => e.email)).not.toContain('admin@nadiya.demo');
    const mails = await t.sql<{ data: { to: string; subject: string } }>(`select data from pgboss.job where name = 'email.send' and data->>'subject' like 'Ескалація%'`);
    expect(mails.map((m) => m.data.to)).toEqual(expect.arrayContaining(['admin@razom.demo', 'coordinator@minsoc.demo']));

    const detail = (await t.as('supervisor@razom.demo', { method: 'GET', url: `/api/v1/referrals/${r.id}` })).json();
    expect(detail.timeline.map((e: { kind: string; target: string | null }) => [e.kind, e.target])).toEqual([
      ['submitted', null], ['reminder', 'acknowledgement'], ['escalation', 'acknowledgement'],
    ]);
    const own = await t.as('admin@razom.demo', { method: 'GET', url: '/api/v1/escalations?open=true' });
    const mine = own.json().items.find((e: { referralId: string }) => e.referralId === r.id);
    expect(mine).toMatchObject({ target: 'acknowledgement', unit: { code: 'А1234' }, provider: { name: 'ГО «Разом»' } });
    const esc = await t.as('coordinator@minsoc.demo', { method: 'GET', url: '/api/v1/escalations?open=true' });
    expect(esc.json().items.find((e: { id: string }) => e.id === mine.id)).toMatchObject({ referralId: null, target: 'acknowledgement' });
    // The ministry's view carries no person, not even the referral's id.
    expect(esc.body).not.toContain('Тетяна');
    expect(esc.body).not.toContain(r.id);
    expect((await t.as('admin@nadiya.demo', { method: 'GET', url: '/api/v1/escalations' })).body).not.toContain(mine.id);
    const [audit] = await t.sql<{ provider_id: string }>(`select provider_id from audit_log where action = 'referral.escalation' and entity_id = $1`, [r.id]);
    expect(audit!.provider_id).toBe(DEMO_IDS.razom);

    // The referrer's timeline shows none of this.
    const unitView = (await t.as(UNIT1, { method: 'GET', url: `/api/v1/my-unit/referrals/${r.id}` })).json();
    expect(unitView.timeline.map((e: { stage: string }) => e.stage)).toEqual(['submitted']);
  });

  it('stops the clock once the referral is decided', async () => {
    t.setClock('2026-12-11T09:00:00Z');
    const r = (await submit()).json();
    await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/referrals/${r.id}/decline`, payload: { reason: 'no_capacity' } });
    t.setClock('2026-12-30T09:00:00Z');
    await sweep();
    const detail = (await t.as('supervisor@razom.demo', { method: 'GET', url: `/api/v1/referrals/${r.id}` })).json();
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'declined']);
  });
});

describe('notifications', () => {
  it('lists mine, counts unread and marks them read; never anyone else’s', async () => {
    await submit();
    await drain(QUEUES.notify);
    const list = await t.as('supervisor@razom.demo', { method: 'GET', url: '/api/v1/notifications?unread=true' });
    expect(list.json().items.length).toBeGreaterThan(0);
    const count = (await t.as('supervisor@razom.demo', { method: 'GET', url: '/api/v1/notifications/unread-count' })).json().unread;
    const first = list.json().items[0];
    expect((await t.as('supervisor@nadiya.demo', { method: 'POST', url: `/api/v1/notifications/${first.id}/read` })).statusCode).toBe(404);
    expect((await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/notifications/${first.id}/read` })).statusCode).toBe(204);
    expect((await t.as('supervisor@razom.demo', { method: 'GET', url: '/api/v1/notifications/unread-count' })).json().unread).toBe(count - 1);
    await t.as('supervisor@razom.demo', { method: 'POST', url: '/api/v1/notifications/read-all' });
    expect((await t.as('supervisor@razom.demo', { method: 'GET', url: '/api/v1/notifications/unread-count' })).json().unread).toBe(0);
  });
});

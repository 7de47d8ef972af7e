import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_IDS, startTestApp, type TestApp } from './harness.ts';
import { DEMO_CENTRES } from '../src/seeders/ministry.ts';
import { QUEUES } from '../src/jobs/queues.ts';
import { startMailSink } from '../src/dev/mail-sink.ts';

const COORD = 'coordinator@minsoc.demo';
const KHARKIV = 'UA63000000000041885';

let t: TestApp;
let now = new Date('2026-12-01T09:00:00Z');
let sink: Awaited<ReturnType<typeof startMailSink>>;

beforeAll(async () => {
  const port = 32025 + (process.pid % 500) * 2;
  sink = await startMailSink({ dir: mkdtempSync(join(tmpdir(), 'mail-')), smtpPort: port, httpPort: port + 1 });
  t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` }, { clock: () => now });
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

const as = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.as(who, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });

let centreId: string;
let ngoMemberId: string;
let officialId: string;
let meetingId: string;
let issueId: string;

describe('coordination centres', () => {
  it('the ministry creates a centre per oblast and refuses a second one or a bad oblast', async () => {
    const res = await as(COORD, 'POST', '/coordination/centres', { oblastCode: KHARKIV, name: 'Координаційний центр Харківської області' });
    expect(res.statusCode).toBe(201);
    centreId = res.json().id;
    expect(res.json()).toMatchObject({ oblastCode: KHARKIV, members: 0, meetings: 0, memberList: [], canManage: true });
    expect((await as(COORD, 'POST', '/coordination/centres', { oblastCode: KHARKIV, name: 'Ще один' })).statusCode).toBe(409);
    const bad = await as(COORD, 'POST', '/coordination/centres', { oblastCode: 'UA99', name: 'X' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.oblastCode');
    const list = await as(COORD, 'GET', '/coordination/centres');
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([centreId, DEMO_CENTRES.kyiv, DEMO_CENTRES.lviv]));
  });

  it('adds members; only an NGO member is linked to a provider', async () => {
    const official = await as(COORD, 'POST', `/coordination/centres/${centreId}/members`, {
      fullName: 'Олена Вдовенко', organisation: 'Харківська ОВА', role: 'military_administration', position: 'заступниця голови', email: 'Vdovenko@kharkiv.example',
    });
    expect(official.statusCode).toBe(201);
    expect(official.json()).toMatchObject({ email: 'vdovenko@kharkiv.example', providerId: null });
    officialId = official.json().id;
    const ngo = await as(COORD, 'POST', `/coordination/centres/${centreId}/members`, {
      fullName: 'Ганна Руденко', organisation: 'ГО «Разом»', role: 'ngo', providerId: DEMO_IDS.razom, email: '',
    });
    expect(ngo.statusCode).toBe(201);
    ngoMemberId = ngo.json().id;
    const wrong = await as(COORD, 'POST', `/coordination/centres/${centreId}/members`, { fullName: 'А Б', organisation: 'В', role: 'cimic', providerId: DEMO_IDS.nadiya });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('body.providerId');
  });

  it('records a meeting with attendees from the centre only; a place unless online', async () => {
    const noPlace = await as(COORD, 'POST', `/coordination/centres/${centreId}/meetings`, { heldOn: '2026-11-28', attendeeIds: [] });
    expect(noPlace.statusCode).toBe(400);
    expect(noPlace.json().errors[0].path).toBe('body.place');
    const [foreign] = await t.sql<{ id: string }>(`select id from centre_member where centre_id = $1 limit 1`, [DEMO_CENTRES.lviv]);
    const stranger = await as(COORD, 'POST', `/coordination/centres/${centreId}/meetings`, { heldOn: '2026-11-28', online: true, attendeeIds: [foreign!.id] });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors[0].path).toBe('body.attendeeIds');
    const res = await as(COORD, 'POST', `/coordination/centres/${centreId}/meetings`, {
      heldOn: '2026-11-28', place: 'Харків, майдан Свободи, 5', attendeeIds: [officialId, ngoMemberId], guests: 'представник ОВА',
    });
    expect(res.statusCode).toBe(201);
    meetingId = res.json().id;
    expect(res.json().attendees.map((a: { fullName: string }) => a.fullName).sort()).toEqual(['Ганна Руденко', 'Олена Вдовенко']);
  });

  it('adds an urgent issue with its discussion and decisions, and instructions from it', async () => {
    const issue = await as(COORD, 'POST', `/coordination/meetings/${meetingId}/issues`, {
      category: 'idp', title: 'Житло для ВПО з родин військовослужбовців', discussion: 'Бракує місць у модульних містечках.', decisions: 'Скласти перелік потреб.',
    });
    expect(issue.statusCode).toBe(201);
    expect(issue.json()).toMatchObject({ position: 1, category: 'idp', instructions: [] });
    issueId = issue.json().id;
    const badCategory = await as(COORD, 'POST', `/coordination/meetings/${meetingId}/issues`, { category: 'weather', title: 'x' });
    expect(badCategory.json().errors[0].path).toBe('body.category');

    const toNgo = await as(COORD, 'POST', `/coordination/issues/${issueId}/instructions`, {
      title: 'Скласти перелік сімей, які потребують житла (лише кількість)', assigneeMemberId: ngoMemberId, dueDate: '2026-12-10',
    });
    expect(toNgo.statusCode).toBe(201);
    expect(toNgo.json()).toMatchObject({ assigneeOrganisation: 'ГО «Разом»', assigneePerson: 'Ганна Руденко', assigneeProviderId: DEMO_IDS.razom, status: 'open', canReport: true });
    const toOther = await as(COORD, 'POST', `/coordination/issues/${issueId}/instructions`, {
      title: 'Визначити земельні ділянки', assigneeOrganisation: 'Харківська міська рада', assigneePerson: 'Іван Петренко', assigneeEmail: 'petrenko@city.example', dueDate: '2026-12-05',
    });
    expect(toOther.statusCode).toBe(201);
    // The new assignee is told at once (queued in the same transaction).
    expect(await t.sql(`select 1 from pgboss.job where name = 'email.send' and data->>'to' = 'petrenko@city.example' and data->>'subject' like 'Нове доручення%'`)).toHaveLength(1);
    // And Razom's NGO admins for the instruction assigned to Razom without an address.
    expect(await t.sql(`select 1 from pgboss.job where name = 'email.send' and data->>'to' = 'admin@razom.demo' and data->>'subject' like 'Нове доручення%'`)).toHaveLength(1);

    const missing = await as(COORD, 'POST', `/coordination/issues/${issueId}/instructions`, { title: 'Без виконавця', dueDate: '2026-12-10' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.assigneeOrganisation', 'body.assigneePerson']);
    const early = await as(COORD, 'POST', `/coordination/issues/${issueId}/instructions`, { title: 'x', assigneeMemberId: officialId, dueDate: '2026-11-01' });
    expect(early.json().errors[0].path).toBe('body.dueDate');
    const foreignMember = await as(COORD, 'POST', `/coordination/issues/${issueId}/instructions`, {
      title: 'x', assigneeMemberId: (await t.sql<{ id: string }>(`select id from centre_member where centre_id = $1 limit 1`, [DEMO_CENTRES.lviv]))[0]!.id, dueDate: '2026-12-10',
    });
    expect(foreignMember.json().errors[0].path).toBe('body.assigneeMemberId');

    const meeting = await as(COORD, 'GET', `/coordination/meetings/${meetingId}`);
    expect(meeting.json().issueList[0].instructions).toHaveLength(2);
  });

  it('closes an instruction only with an execution report; cancelling needs a reason', async () => {
    const list = await as(COORD, 'GET', `/coordination/instructions?centreId=${centreId}`);
    const other = list.json().items.find((i: { assigneeOrganisation: string }) => i.assigneeOrganisation === 'Харківська міська рада');
    const done = await as(COORD, 'POST', `/coordination/instructions/${other.id}/status`, { status: 'done' });
    expect(done.statusCode).toBe(409);
    expect(done.json().code).toBe('execution_report_required');
    const noReason = await as(COORD, 'POST', `/coordination/instructions/${other.id}/status`, { status: 'cancelled' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('body.reason');
    const future = await as(COORD, 'POST', `/coordination/instructions/${other.id}/reports`, { reportedOn: '2026-12-25', summary: 'x' });
    expect(future.json().errors[0].path).toBe('body.reportedOn');
    const report = await as(COORD, 'POST', `/coordination/instructions/${other.id}/reports`, { reportedOn: '2026-11-30', summary: 'Ділянки визначено, лист № 12/4 від 30.11.2026.' });
    expect(report.statusCode).toBe(201);
    expect(report.json()).toMatchObject({ status: 'in_progress', reports: 1, reportList: [{ reporterOrganisation: 'Міністерство соціальної політики України' }] });
    const closed = await as(COORD, 'POST', `/coordination/instructions/${other.id}/status`, { status: 'done' });
    expect(closed.json()).toMatchObject({ status: 'done' });
    expect(closed.json().closedAt).not.toBeNull();
    const again = await as(COORD, 'POST', `/coordination/instructions/${other.id}/reports`, { reportedOn: '2026-11-30', summary: 'ще' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('instruction_closed');
  });

  it('keeps quarterly work plans and links the meetings that reviewed them', async () => {
    const item = await as(COORD, 'POST', `/coordination/centres/${centreId}/work-plan`, { quarter: '2026-Q4', title: 'Виїзні прийоми в громадах', owner: 'Департамент соцзахисту', dueDate: '2026-12-20' });
    expect(item.statusCode).toBe(201);
    const badQuarter = await as(COORD, 'POST', `/coordination/centres/${centreId}/work-plan`, { quarter: '2026-Q5', title: 'x', owner: 'y', dueDate: '2026-12-20' });
    expect(badQuarter.json().errors[0].path).toBe('body.quarter');
    const review = await as(COORD, 'POST', `/coordination/meetings/${meetingId}/reviews`, { itemId: item.json().id, note: 'Виконується за планом' });
    expect(review.statusCode).toBe(201);
    expect(review.json().reviewedAt).toEqual([{ meetingId, heldOn: '2026-11-28', note: 'Виконується за планом' }]);
    const plan = await as(COORD, 'GET', `/coordination/centres/${centreId}/work-plan?quarter=2026-Q4`);
    expect(plan.json().items).toHaveLength(1);
    const updated = await as(COORD, 'PATCH', `/coordination/work-plan/${item.json().id}`, { status: 'in_progress' });
    expect(updated.json().status).toBe('in_progress');
    const meeting = await as(COORD, 'GET', `/coordination/meetings/${meetingId}`);
    expect(meeting.json().reviewedItems.map((i: { id: string }) => i.id)).toEqual([item.json().id]);
  });

  it('prints the minutes as a PDF with Cyrillic in an embedded font', async () => {
    const res = await as(COORD, 'GET', `/coordination/meetings/${meetingId}/minutes`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/DejaVuSans/);
    expect(text).not.toMatch(/\/BaseFont \/Helvetica/);
    expect(pdf.length).toBeGreaterThan(5_000);
  });
});

describe('an NGO admin of a member organisation', () => {
  it('sees the centres its organisation belongs to, and nothing of the others', async () => {
    const list = await as('admin@razom.demo', 'GET', '/coordination/centres');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((c: { id: string }) => c.id).sort()).toEqual([DEMO_CENTRES.kyiv, centreId].sort());
    expect((await as('admin@razom.demo', 'GET', `/coordination/centres/${DEMO_CENTRES.lviv}`)).statusCode).toBe(404);
    const nadiya = await as('admin@nadiya.demo', 'GET', '/coordination/centres');
    expect(nadiya.json().items.map((c: { id: string }) => c.id)).toEqual([DEMO_CENTRES.lviv]);
    expect((await as('admin@nadiya.demo', 'GET', `/coordination/meetings/${meetingId}`)).statusCode).toBe(404);
    const theirs = await as('admin@nadiya.demo', 'GET', '/coordination/instructions');
    expect(theirs.json().items.every((i: { centreId: string }) => i.centreId === DEMO_CENTRES.lviv)).toBe(true);
  });

  it('reads meetings but may not change them', async () => {
    const meeting = await as('admin@razom.demo', 'GET', `/coordination/meetings/${meetingId}`);
    expect(meeting.statusCode).toBe(200);
    expect(meeting.json().canManage).toBe(false);
    expect((await as('admin@razom.demo', 'POST', `/coordination/centres/${centreId}/meetings`, { heldOn: '2026-11-30', online: true })).statusCode).toBe(404);
    expect((await as('admin@razom.demo', 'POST', '/coordination/centres', { oblastCode: 'UA05000000000010236', name: 'x' })).statusCode).toBe(403);
    expect((await as('admin@razom.demo', 'PATCH', `/coordination/meetings/${meetingId}`, { online: true })).statusCode).toBe(404);
  });

  it('reports execution of the instruction assigned to it, which then shows done', async () => {
    const mine = await as('admin@razom.demo', 'GET', `/coordination/instructions?mine=true&centreId=${centreId}`);
    expect(mine.json().items).toHaveLength(1);
    const ins = mine.json().items[0];
    expect(ins.canReport).toBe(true);
    const notMine = (await as('admin@razom.demo', 'GET', `/coordination/instructions?centreId=${centreId}&status=done`)).json().items[0];
    expect(notMine.canReport).toBe(false);
    expect((await as('admin@razom.demo', 'POST', `/coordination/instructions/${notMine.id}/reports`, { reportedOn: '2026-11-30', summary: 'x' })).statusCode).toBe(404);
    const cancel = await as('admin@razom.demo', 'POST', `/coordination/instructions/${ins.id}/status`, { status: 'cancelled', reason: 'не будемо' });
    expect(cancel.statusCode).toBe(403);
    const report = await as('admin@razom.demo', 'POST', `/coordination/instructions/${ins.id}/reports`, {
      reportedOn: '2026-12-01', summary: 'Перелік складено: 14 сімей (знеособлено), передано до ОВА.', done: true,
    });
    expect(report.statusCode).toBe(201);
    expect(report.json()).toMatchObject({ status: 'done', reportList: [{ reporterOrganisation: 'ГО «Разом»' }] });
    const seen = await as(COORD, 'GET', `/coordination/instructions/${ins.id}`);
    expect(seen.json().status).toBe('done');
  });

  it('other roles have no access to coordination', async () => {
    for (const who of ['supervisor@razom.demo', 'manager1@razom.demo', 'unit1@army.demo', 'operator@pilot.demo']) {
      expect((await as(who, 'GET', '/coordination/centres')).statusCode, who).toBe(403);
      expect((await as(who, 'GET', `/coordination/meetings/${meetingId}`)).statusCode, who).toBe(404);
    }
  });
});

describe('instruction deadlines through the queue', () => {
  const sweep = async () => {
    await t.app.jobs.boss.send(QUEUES.instructionDeadlines, {});
    expect(await t.app.jobs.runOnce(QUEUES.instructionDeadlines)).toBe(true);
  };
  const deliverAll = async () => {
    while (await t.app.jobs.runOnce(QUEUES.email));
  };

  it('reminds ahead, on the day, then flags overdue, each once, and emails the assignee', async () => {
    const ins = await as(COORD, 'POST', `/coordination/issues/${issueId}/instructions`, {
      title: 'Підготувати звіт про житлові потреби', assigneeMemberId: officialId, dueDate: '2026-12-08',
    });
    const id = ins.json().id;
    await deliverAll();
    const before = sink.messages().length;
    const mailsTo = () => sink.messages().slice(before).filter((m) => m.to === 'vdovenko@kharkiv.example');

    now = new Date('2026-12-04T07:00:00Z'); // four days ahead: nothing yet
    await sweep();
    await deliverAll();
    expect(mailsTo()).toHaveLength(0);

    now = new Date('2026-12-05T07:00:00Z'); // three days ahead: a reminder
    await sweep();
    await sweep(); // a second run sends nothing new
    await deliverAll();
    expect(mailsTo().map((m) => m.subject)).toEqual([expect.stringMatching(/^Нагадування: строк доручення 2026-12-08/)]);

    now = new Date('2026-12-08T06:00:00Z'); // the due date
    await sweep();
    await deliverAll();
    expect(mailsTo().map((m) => m.subject)[1]).toMatch(/^Сьогодні строк виконання доручення/);
    expect((await as(COORD, 'GET', `/coordination/instructions/${id}`)).json().status).toBe('open');

    now = new Date('2026-12-08T22:30:00Z'); // past midnight in Kyiv: overdue
    await sweep();
    await deliverAll();
    expect(mailsTo().map((m) => m.subject)[2]).toMatch(/^Доручення прострочено/);
    expect(mailsTo()).toHaveLength(3);
    const [row] = await t.sql<{ status: string }>(`select status from instruction where id = $1`, [id]);
    expect(row!.status).toBe('overdue');
    const overdue = await as(COORD, 'GET', `/coordination/instructions?status=overdue&centreId=${centreId}`);
    expect(overdue.json().items.map((i: { id: string }) => i.id)).toContain(id);

    // Back in work only with a later due date; that arms the notices again.
    const inWork = await as(COORD, 'POST', `/coordination/instructions/${id}/status`, { status: 'in_progress' });
    expect(inWork.statusCode).toBe(409);
    const moved = await as(COORD, 'PATCH', `/coordination/instructions/${id}`, { dueDate: '2026-12-11' });
    expect(moved.json().status).toBe('open');
    now = new Date('2026-12-09T07:00:00Z');
    await sweep();
    await deliverAll();
    expect(mailsTo().map((m) => m.subject)[3]).toMatch(/^Нагадування: строк доручення 2026-12-11/);
  });
});

describe('row-level security on coordination tables', () => {
  it('shows a provider’s transaction only the centres it is a member of, and lets it write nothing else', async () => {
    const { withTenant } = await import('../src/db/tenancy.ts');
    const seen = await withTenant(t.orm, { providerId: DEMO_IDS.nadiya }, ({ em }) => em.execute<{ centre_id: string }[]>(`select distinct centre_id from meeting`));
    expect(seen.map((r) => r.centre_id)).toEqual([DEMO_CENTRES.lviv]);
    const instructions = await withTenant(t.orm, { providerId: DEMO_IDS.nadiya }, ({ em }) => em.execute<{ centre_id: string }[]>(`select distinct centre_id from instruction`));
    expect(instructions.map((r) => r.centre_id)).toEqual([DEMO_CENTRES.lviv]);
    await expect(withTenant(t.orm, { providerId: DEMO_IDS.nadiya }, ({ em }) =>
      em.execute(`insert into coordination_centre (id, oblast_code, name) values (gen_random_uuid(), 'UA05000000000010236', 'x')`))).rejects.toThrow(/row-level security/);
    const changed = await withTenant(t.orm, { providerId: DEMO_IDS.nadiya }, ({ em }) => em.execute(`update meeting set place = 'x'`));
    expect((changed as unknown as { affectedRows: number }).affectedRows ?? 0).toBe(0);
    expect(await t.sql(`select 1 from meeting where place = 'x'`)).toHaveLength(0);
    // A unit contact's transaction (no provider, a unit bound) sees none of it.
    const unitEm = t.orm.em.fork({ session: { variables: { 'app.tenant_id': '', 'app.unit_id': DEMO_IDS.units[0] } } });
    expect(await unitEm.transactional((em) => em.execute(`select 1 from coordination_centre`))).toHaveLength(0);
  });
});

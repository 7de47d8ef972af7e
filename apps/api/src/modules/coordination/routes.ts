import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LockMode } from '@mikro-orm/core';
import {
  ZCentre, ZCentreCreate, ZCentreList, ZCentreMember, ZCentreMemberCreate, ZCentreMemberUpdate, ZCentreUpdate, ZIdParams,
  ZInstruction, ZInstructionCreate, ZInstructionDetail, ZInstructionPage, ZInstructionQuery, ZInstructionReportCreate,
  ZInstructionStatusChange, ZInstructionUpdate, ZIssue, ZIssueCreate, ZIssueUpdate, ZMeeting, ZMeetingCreate, ZMeetingPage,
  ZMeetingUpdate, ZPageQuery, ZWorkPlan, ZWorkPlanItem, ZWorkPlanItemCreate, ZWorkPlanItemUpdate, ZWorkPlanQuery,
  ZWorkPlanReviewCreate, type TCentreSummary, type TMeeting,
} from '@pilot/contracts';
import { instructionTransition, quarterOf } from '@pilot/domain';
import { badRequest, conflict, forbidden, notFound } from '../../lib/problems.ts';
import { decodeCursor, iso, toPage } from '../../lib/pagination.ts';
import { today } from '../../lib/clock.ts';
import { render } from '../../lib/emails.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { Provider } from '../providers/entities.ts';
import {
  CentreMember, CoordinationCentre, Instruction, InstructionReport, Meeting, MeetingAttendee, MeetingIssue, WorkPlanItem,
  type IInstruction,
} from './entities.ts';
import {
  loadCentre, loadInCentre, managesCentres, mayReport, queryInstructions, toMember, visibleCentreIds,
  workPlanItems,
} from './service.ts';
import { coordinationEmails } from './emails.ts';
import { recipientsOf } from './deadlines.ts';
import { renderMinutes } from './minutes.ts';

const MINISTRY_ORGANISATION = 'Міністерство соціальної політики України';

/** Regional coordination centres: members, meetings, urgent issues, instructions, work plans, minutes. */
export default async function coordinationRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['coordination'];

  // ---- centres ----
  app.get('/coordination/centres', {
    config: { access: 'coordination.read' },
    schema: { tags, summary: 'Coordination centres the caller may see, with their activity', response: { 200: ZCentreList } },
  }, async (req) => {
    const ids = await visibleCentreIds(req);
    if (ids && ids.length === 0) return { items: [] };
    return { items: await centreSummaries(req, ids) };
  });

  app.post('/coordination/centres', {
    config: { access: 'coordination.manage', idempotent: true },
    schema: { tags, summary: 'Create the coordination centre of an oblast', body: ZCentreCreate, response: { 201: ZCentre } },
  }, async (req, reply) => {
    if (await req.em.count(CoordinationCentre, { oblastCode: req.body.oblastCode })) {
      throw conflict('centre_exists', 'This oblast already has a coordination centre');
    }
    const centre = req.em.create(CoordinationCentre, req.body);
    req.audit('coordination.centre_create', 'coordination_centre', centre.id);
    await req.em.flush();
    reply.code(201);
    return centreDetail(req, centre.id);
  });

  app.get('/coordination/centres/:id', {
    config: { access: 'coordination.read' },
    schema: { tags, summary: 'A centre and its members', params: ZIdParams, response: { 200: ZCentre } },
  }, async (req) => {
    await loadCentre(req, req.params.id);
    return centreDetail(req, req.params.id);
  });

  app.patch('/coordination/centres/:id', {
    config: { access: 'coordination.manage' },
    schema: { tags, summary: 'Rename a centre', params: ZIdParams, body: ZCentreUpdate, response: { 200: ZCentre } },
  }, async (req) => {
    const centre = await loadCentre(req, req.params.id);
    centre.name = req.body.name;
    req.audit('coordination.centre_update', 'coordination_centre', centre.id);
    await req.em.flush();
    return centreDetail(req, centre.id);
  });

  // ---- members ----
  app.post('/coordination/centres/:id/members', {
    config: { access: 'coordination.manage', idempotent: true },
    schema: { tags, summary: 'Add a member to a centre', params: ZIdParams, body: ZCentreMemberCreate, response: { 201: ZCentreMember } },
  }, async (req, reply) => {
    const centre = await loadCentre(req, req.params.id);
    if (req.body.providerId && !(await req.em.count(Provider, { id: req.body.providerId }))) {
      throw badRequest('No such provider', [{ path: 'body.providerId', message: 'Unknown provider' }]);
    }
    const member = req.em.create(CentreMember, { ...req.body, centreId: centre.id, providerId: req.body.providerId ?? null });
    req.audit('coordination.member_add', 'centre_member', member.id, { centreId: centre.id });
    await req.em.flush();
    reply.code(201);
    return toMember(member);
  });

  app.patch('/coordination/members/:id', {
    config: { access: 'coordination.manage' },
    schema: { tags, summary: 'Edit a member', params: ZIdParams, body: ZCentreMemberUpdate, response: { 200: ZCentreMember } },
  }, async (req) => {
    const member = await loadInCentre(req, () => req.em.findOne(CentreMember, { id: req.params.id }));
    req.em.assign(member, req.body);
    req.audit('coordination.member_update', 'centre_member', member.id, { fields: Object.keys(req.body) });
    await req.em.flush();
    return toMember(member);
  });

  app.delete('/coordination/members/:id', {
    config: { access: 'coordination.manage' },
    schema: { tags, summary: 'Remove a member (kept in past meetings and instructions)', params: ZIdParams, response: { 200: ZCentreMember } },
  }, async (req) => {
    const member = await loadInCentre(req, () => req.em.findOne(CentreMember, { id: req.params.id }));
    member.removedAt ??= req.server.clock();
    req.audit('coordination.member_remove', 'centre_member', member.id);
    await req.em.flush();
    return toMember(member);
  });

  // ---- meetings ----
  app.get('/coordination/centres/:id/meetings', {
    config: { access: 'coordination.read' },
    schema: { tags, summary: 'A centre’s meetings, newest first', params: ZIdParams, querystring: ZPageQuery, response: { 200: ZMeetingPage } },
  }, async (req) => {
    const centre = await loadCentre(req, req.params.id);
    const { limit, cursor } = req.query;
    const after = decodeCursor(cursor, ['date', 'uuid']);
    const rows = await req.em.execute<{ id: string; held_on: string; online: boolean; place: string | null; issues: number; instructions: number }[]>(
      `select m.id, to_char(m.held_on, 'YYYY-MM-DD') as held_on, m.online, m.place,
              (select count(*) from meeting_issue i where i.meeting_id = m.id)::int as issues,
              (select count(*) from instruction i where i.meeting_id = m.id)::int as instructions
         from meeting m where m.centre_id = ? ${after ? `and (m.held_on, m.id) < (?::date, ?::uuid)` : ''}
        order by m.held_on desc, m.id desc limit ?`,
      [centre.id, ...(after ?? []), limit + 1]);
    const page = toPage(rows, limit, (r) => [r.held_on, r.id]);
    return { items: page.items.map((r) => ({ id: r.id, centreId: centre.id, heldOn: r.held_on, online: r.online, place: r.place, issues: r.issues, instructions: r.instructions })), nextCursor: page.nextCursor };
  });

  app.post('/coordination/centres/:id/meetings', {
    config: { access: 'coordination.manage', idempotent: true },
    schema: { tags, summary: 'Record a meeting: date, place or online, attendees', params: ZIdParams, body: ZMeetingCreate, response: { 201: ZMeeting } },
  }, async (req, reply) => {
    const centre = await loadCentre(req, req.params.id);
    const { attendeeIds, ...fields } = req.body;
    const meeting = req.em.create(Meeting, { ...fields, place: fields.place ?? null, guests: fields.guests ?? null, centreId: centre.id, createdBy: req.actor!.userId });
    await setAttendees(req, meeting.id, centre.id, attendeeIds);
    req.audit('coordination.meeting_create', 'meeting', meeting.id, { centreId: centre.id });
    await req.em.flush();
    reply.code(201);
    return meetingDetail(req, meeting.id);
  });

  app.get('/coordination/meetings/:id', {
    config: { access: 'coordination.read' },
    schema: { tags, summary: 'A meeting with its attendees, agenda, decisions and instructions', params: ZIdParams, response: { 200: ZMeeting } },
  }, async (req) => {
    await loadInCentre(req, () => req.em.findOne(Meeting, { id: req.params.id }));
    return meetingDetail(req, req.params.id);
  });

  app.patch('/coordination/meetings/:id', {
    config: { access: 'coordination.manage' },
    schema: { tags, summary: 'Edit a meeting', params: ZIdParams, body: ZMeetingUpdate, response: { 200: ZMeeting } },
  }, async (req) => {
    const meeting = await loadInCentre(req, () => req.em.findOne(Meeting, { id: req.params.id }));
    const { attendeeIds, ...fields } = req.body;
    req.em.assign(meeting, fields);
    if (!meeting.online && !meeting.place) throw badRequest('Give the place, or mark the meeting as online', [{ path: 'body.place', message: 'Required unless online' }]);
    if (attendeeIds) {
      await req.em.nativeDelete(MeetingAttendee, { meetingId: meeting.id });
      await setAttendees(req, meeting.id, meeting.centreId, attendeeIds);
    }
    req.audit('coordination.meeting_update', 'meeting', meeting.id, { fields: Object.keys(req.body) });
    await req.em.flush();
    return meetingDetail(req, meeting.id);
  });

  app.get('/coordination/meetings/:id/minutes', {
    config: { access: 'coordination.read' },
    schema: { tags, summary: 'The minutes of a meeting as a PDF (Ukrainian)', params: ZIdParams, produces: ['application/pdf'] },
  }, async (req, reply) => {
    await loadInCentre(req, () => req.em.findOne(Meeting, { id: req.params.id }));
    const meeting = await meetingDetail(req, req.params.id);
    const pdf = await renderMinutes(meeting, today(req.server.clock));
    req.audit('coordination.minutes_export', 'meeting', meeting.id);
    reply.type('application/pdf').header('content-disposition', `attachment; filename="minutes-${meeting.heldOn}.pdf"`);
    return pdf;
  });

  // ---- agenda issues ----
  app.post('/coordination/meetings/:id/issues', {
    config: { access: 'coordination.manage', idempotent: true },
    schema: { tags, summary: 'Add an urgent issue to a meeting, with its discussion and decisions', params: ZIdParams, body: ZIssueCreate, response: { 201: ZIssue } },
  }, async (req, reply) => {
    const meeting = await loadInCentre(req, () => req.em.findOne(Meeting, { id: req.params.id }, { lockMode: LockMode.PESSIMISTIC_WRITE }));
    const [{ next }] = await req.em.execute<{ next: number }[]>(`select coalesce(max(position), 0) + 1 as next from meeting_issue where meeting_id = ?`, [meeting.id]) as [{ next: number }];
    const issue = req.em.create(MeetingIssue, {
      meetingId: meeting.id, centreId: meeting.centreId, position: next, category: req.body.category, title: req.body.title,
      discussion: req.body.discussion ?? null, decisions: req.body.decisions ?? null,
    });
    req.audit('coordination.issue_create', 'meeting_issue', issue.id, { meetingId: meeting.id });
    await req.em.flush();
    reply.code(201);
    return { ...issueOut(issue), instructions: [] };
  });

  app.patch('/coordination/issues/:id', {
    config: { access: 'coordination.manage' },
    schema: { tags, summary: 'Edit an issue, its discussion or decisions', params: ZIdParams, body: ZIssueUpdate, response: { 200: ZIssue } },
  }, async (req) => {
    const issue = await loadInCentre(req, () => req.em.findOne(MeetingIssue, { id: req.params.id }));
    req.em.assign(issue, req.body);
    req.audit('coordination.issue_update', 'meeting_issue', issue.id, { fields: Object.keys(req.body) });
    await req.em.flush();
    return { ...issueOut(issue), instructions: await queryInstructions(req, req.em, ['i.issue_id = ?'], [issue.id], 'order by created_at, id') };
  });

  // ---- instructions ----
  app.post('/coordination/issues/:id/instructions', {
    config: { access: 'coordination.manage', idempotent: true },
    schema: { tags, summary: 'Give an instruction from a decision: assignee, due date', params: ZIdParams, body: ZInstructionCreate, response: { 201: ZInstruction } },
  }, async (req, reply) => {
    const issue = await loadInCentre(req, () => req.em.findOne(MeetingIssue, { id: req.params.id }));
    const meeting = (await req.em.findOne(Meeting, { id: issue.meetingId }))!;
    const body = req.body;
    if (body.dueDate < meeting.heldOn) throw badRequest('The due date is before the meeting', [{ path: 'body.dueDate', message: 'Before the meeting' }]);
    let assignee = { assigneeMemberId: null as string | null, assigneeOrganisation: body.assigneeOrganisation ?? '', assigneePerson: body.assigneePerson ?? '', assigneeEmail: body.assigneeEmail ?? null, assigneeProviderId: null as string | null };
    if (body.assigneeMemberId) {
      const member = await req.em.findOne(CentreMember, { id: body.assigneeMemberId, centreId: issue.centreId, removedAt: null });
      if (!member) throw badRequest('The assignee is not a member of this centre', [{ path: 'body.assigneeMemberId', message: 'Not a member of this centre' }]);
      assignee = {
        assigneeMemberId: member.id, assigneeOrganisation: member.organisation, assigneePerson: member.fullName,
        assigneeEmail: body.assigneeEmail ?? member.email ?? null, assigneeProviderId: member.providerId ?? null,
      };
    }
    const instruction = req.em.create(Instruction, {
      centreId: issue.centreId, meetingId: issue.meetingId, issueId: issue.id, title: body.title, dueDate: body.dueDate,
      createdBy: req.actor!.userId, ...assignee,
    });
    req.audit('coordination.instruction_create', 'instruction', instruction.id, { issueId: issue.id });
    await req.em.flush();
    const centre = (await req.em.findOne(CoordinationCentre, { id: issue.centreId }))!;
    for (const r of await recipientsOf(req.em, { assignee_email: instruction.assigneeEmail ?? null, assignee_person: instruction.assigneePerson, assignee_provider_id: instruction.assigneeProviderId ?? null })) {
      await req.server.jobs.send(req.em, QUEUES.email, render(coordinationEmails.assigned, r.locale, r.email, {
        person: r.name, centre: centre.name, title: instruction.title, dueDate: instruction.dueDate,
        link: `${req.server.config.publicUrl}/coordination/instructions/${instruction.id}`,
      }));
    }
    reply.code(201);
    return oneInstruction(req, instruction.id);
  });

  app.get('/coordination/instructions', {
    config: { access: 'coordination.read' },
    schema: { tags, summary: 'Instructions across the caller’s centres, by due date', querystring: ZInstructionQuery, response: { 200: ZInstructionPage } },
  }, async (req) => {
    const { limit, cursor, centreId, status, mine } = req.query;
    const ids = await visibleCentreIds(req);
    if (ids && ids.length === 0) return { items: [], nextCursor: null };
    const where: string[] = [];
    const params: unknown[] = [];
    if (ids) { where.push('i.centre_id in (?)'); params.push(ids); }
    if (centreId) { where.push('i.centre_id = ?'); params.push(centreId); }
    if (status === 'open_all') where.push(`i.status in ('open', 'in_progress', 'overdue')`);
    else if (status) { where.push('i.status = ?'); params.push(status); }
    if (mine) { where.push('i.assignee_provider_id = ?'); params.push(req.actor!.providerId ?? '00000000-0000-0000-0000-000000000000'); }
    const after = decodeCursor(cursor, ['date', 'uuid']);
    if (after) { where.push('(i.due_sort, i.id) > (?::date, ?::uuid)'); params.push(...after); }
    const rows = await queryInstructions(req, req.em, where, [...params, limit + 1], 'order by due_sort, id limit ?');
    return toPage(rows, limit, (r) => [r.dueDate, r.id]);
  });

  app.get('/coordination/instructions/:id', {
    config: { access: 'coordination.read' },
    schema: { tags, summary: 'An instruction and its execution reports', params: ZIdParams, response: { 200: ZInstructionDetail } },
  }, async (req) => {
    await loadInCentre(req, () => req.em.findOne(Instruction, { id: req.params.id }));
    return instructionDetail(req, req.params.id);
  });

  app.patch('/coordination/instructions/:id', {
    config: { access: 'coordination.manage' },
    schema: { tags, summary: 'Edit an open instruction (a later due date lifts the overdue flag)', params: ZIdParams, body: ZInstructionUpdate, response: { 200: ZInstructionDetail } },
  }, async (req) => {
    const instruction = await lockInstruction(req);
    if (instruction.closedAt) throw conflict('instruction_closed', 'The instruction is closed');
    req.em.assign(instruction, req.body);
    if (instruction.status === 'overdue' && instruction.dueDate >= today(req.server.clock)) {
      instruction.status = (await reportCount(req, instruction.id)) > 0 ? 'in_progress' : 'open';
    }
    req.audit('coordination.instruction_update', 'instruction', instruction.id, { fields: Object.keys(req.body) });
    await req.em.flush();
    return instructionDetail(req, instruction.id);
  });

  app.post('/coordination/instructions/:id/status', {
    config: { access: 'coordination.report' },
    schema: { tags, summary: 'Move an instruction on: in progress, done (needs an execution report), cancelled', params: ZIdParams, body: ZInstructionStatusChange, response: { 200: ZInstructionDetail } },
  }, async (req) => {
    const instruction = await lockInstruction(req);
    const ministry = managesCentres(req);
    if (!mayReport(req, instruction.assigneeProviderId ?? null)) throw forbidden('Only the ministry or the assigned organisation may change this instruction');
    const next = req.body.status;
    if (!ministry && !['in_progress', 'done'].includes(next)) throw forbidden('The assigned organisation may mark an instruction in progress or done');
    const reports = await reportCount(req, instruction.id);
    const overdue = instruction.status === 'overdue' || instruction.dueDate < today(req.server.clock);
    const outcome = instructionTransition(instruction.status, next, { reports, overdue });
    if (!outcome.ok) throw conflict(outcome.code, refusalText[outcome.code]);
    instruction.status = next;
    if (next === 'done' || next === 'cancelled') instruction.closedAt = req.server.clock();
    if (next === 'cancelled') instruction.cancelReason = req.body.reason ?? null;
    req.audit('coordination.instruction_status', 'instruction', instruction.id, { status: next });
    await req.em.flush();
    return instructionDetail(req, instruction.id);
  });

  app.post('/coordination/instructions/:id/reports', {
    config: { access: 'coordination.report', idempotent: true },
    schema: { tags, summary: 'Report execution of an instruction (optionally as done)', params: ZIdParams, body: ZInstructionReportCreate, response: { 201: ZInstructionDetail } },
  }, async (req, reply) => {
    const instruction = await lockInstruction(req);
    if (!mayReport(req, instruction.assigneeProviderId ?? null)) throw forbidden('Only the ministry or the assigned organisation may report on this instruction');
    if (instruction.closedAt) throw conflict('instruction_closed', 'The instruction is closed');
    if (req.body.reportedOn > today(req.server.clock)) throw badRequest('A report cannot be dated in the future', [{ path: 'body.reportedOn', message: 'In the future' }]);
    const organisation = managesCentres(req) ? MINISTRY_ORGANISATION : (await req.em.findOne(Provider, { id: req.actor!.providerId! }))!.name;
    const report = req.em.create(InstructionReport, {
      instructionId: instruction.id, centreId: instruction.centreId, reportedOn: req.body.reportedOn, summary: req.body.summary,
      reportedBy: req.actor!.userId, reporterOrganisation: organisation,
    });
    if (req.body.done) {
      instruction.status = 'done';
      instruction.closedAt = req.server.clock();
    } else if (instruction.status === 'open') instruction.status = 'in_progress';
    req.audit('coordination.instruction_report', 'instruction', instruction.id, { reportId: report.id, done: req.body.done });
    await req.em.flush();
    reply.code(201);
    return instructionDetail(req, instruction.id);
  });

  // ---- work plans ----
  app.get('/coordination/centres/:id/work-plan', {
    config: { access: 'coordination.read' },
    schema: { tags, summary: 'A centre’s quarterly work plan (this quarter unless asked)', params: ZIdParams, querystring: ZWorkPlanQuery, response: { 200: ZWorkPlan } },
  }, async (req) => {
    const centre = await loadCentre(req, req.params.id);
    const quarter = req.query.quarter ?? quarterOf(today(req.server.clock));
    const items = await req.em.find(WorkPlanItem, { centreId: centre.id, quarter }, { orderBy: { dueDate: 'asc', id: 'asc' } });
    return { quarter, items: await workPlanItems(req.em, items) };
  });

  app.post('/coordination/centres/:id/work-plan', {
    config: { access: 'coordination.manage', idempotent: true },
    schema: { tags, summary: 'Add an item to a quarter’s work plan', params: ZIdParams, body: ZWorkPlanItemCreate, response: { 201: ZWorkPlanItem } },
  }, async (req, reply) => {
    const centre = await loadCentre(req, req.params.id);
    const item = req.em.create(WorkPlanItem, { ...req.body, centreId: centre.id });
    req.audit('coordination.plan_item_create', 'work_plan_item', item.id, { centreId: centre.id });
    await req.em.flush();
    reply.code(201);
    return (await workPlanItems(req.em, [item]))[0]!;
  });

  app.patch('/coordination/work-plan/:id', {
    config: { access: 'coordination.manage' },
    schema: { tags, summary: 'Edit a work plan item or its status', params: ZIdParams, body: ZWorkPlanItemUpdate, response: { 200: ZWorkPlanItem } },
  }, async (req) => {
    const item = await loadInCentre(req, () => req.em.findOne(WorkPlanItem, { id: req.params.id }));
    req.em.assign(item, req.body);
    req.audit('coordination.plan_item_update', 'work_plan_item', item.id, { fields: Object.keys(req.body) });
    await req.em.flush();
    return (await workPlanItems(req.em, [item]))[0]!;
  });

  app.post('/coordination/meetings/:id/reviews', {
    config: { access: 'coordination.manage', idempotent: true },
    schema: { tags, summary: 'Record that a meeting reviewed a work plan item', params: ZIdParams, body: ZWorkPlanReviewCreate, response: { 201: ZWorkPlanItem } },
  }, async (req, reply) => {
    const meeting = await loadInCentre(req, () => req.em.findOne(Meeting, { id: req.params.id }));
    const item = await req.em.findOne(WorkPlanItem, { id: req.body.itemId, centreId: meeting.centreId });
    if (!item) throw badRequest('The item is not in this centre’s work plan', [{ path: 'body.itemId', message: 'Not in this centre’s plan' }]);
    await req.em.execute(
      `insert into work_plan_review (item_id, meeting_id, centre_id, note) values (?, ?, ?, ?)
       on conflict (item_id, meeting_id) do update set note = excluded.note`, [item.id, meeting.id, meeting.centreId, req.body.note ?? null]);
    req.audit('coordination.plan_item_review', 'work_plan_item', item.id, { meetingId: meeting.id });
    reply.code(201);
    return (await workPlanItems(req.em, [item]))[0]!;
  });
}

const refusalText = {
  instruction_closed: 'The instruction is closed',
  execution_report_required: 'An instruction is done only with an execution report',
  invalid_transition: 'An overdue instruction needs a later due date before it is back in work',
} as const;

async function lockInstruction(req: FastifyRequest<{ Params: z.infer<typeof ZIdParams> }>): Promise<IInstruction> {
  return loadInCentre(req, () => req.em.findOne(Instruction, { id: req.params.id }, { lockMode: LockMode.PESSIMISTIC_WRITE }));
}

const reportCount = (req: FastifyRequest, id: string) => req.em.count(InstructionReport, { instructionId: id });

async function setAttendees(req: FastifyRequest, meetingId: string, centreId: string, memberIds: string[]) {
  const unique = [...new Set(memberIds)];
  if (unique.length === 0) return;
  const members = await req.em.find(CentreMember, { id: { $in: unique }, centreId });
  if (members.length !== unique.length) throw badRequest('Attendees must be members of the centre', [{ path: 'body.attendeeIds', message: 'Not all are members of this centre' }]);
  for (const id of unique) req.em.create(MeetingAttendee, { meetingId, memberId: id, centreId });
}

async function centreSummaries(req: FastifyRequest, ids: string[] | null, only?: string): Promise<TCentreSummary[]> {
  const where: string[] = [];
  const params: unknown[] = [today(req.server.clock)];
  if (ids) { where.push('c.id in (?)'); params.push(ids); }
  if (only) { where.push('c.id = ?'); params.push(only); }
  const rows = await req.em.execute<{ id: string; oblast_code: string; name: string; members: number; meetings: number; last_meeting_on: string | null; open: number; overdue: number }[]>(
    `select c.id, c.oblast_code, c.name,
            (select count(*) from centre_member m where m.centre_id = c.id and m.removed_at is null)::int as members,
            (select count(*) from meeting m where m.centre_id = c.id)::int as meetings,
            (select to_char(max(held_on), 'YYYY-MM-DD') from meeting m where m.centre_id = c.id) as last_meeting_on,
            (select count(*) from instruction i where i.centre_id = c.id and i.status in ('open', 'in_progress', 'overdue'))::int as open,
            (select count(*) from instruction i where i.centre_id = c.id
               and (i.status = 'overdue' or (i.status in ('open', 'in_progress') and i.due_date < ?::date)))::int as overdue
       from coordination_centre c ${where.length ? `where ${where.join(' and ')}` : ''}
      order by c.name, c.id`, params);
  return rows.map((r) => ({
    id: r.id, oblastCode: r.oblast_code, name: r.name, members: r.members, meetings: r.meetings, lastMeetingOn: r.last_meeting_on,
    openInstructions: r.open, overdueInstructions: r.overdue,
  }));
}

async function centreDetail(req: FastifyRequest, id: string) {
  const [summary] = await centreSummaries(req, null, id);
  if (!summary) throw notFound();
  const members = await req.em.find(CentreMember, { centreId: id }, { orderBy: { removedAt: 'asc nulls first', fullName: 'asc', id: 'asc' } });
  return { ...summary, memberList: members.map(toMember), canManage: managesCentres(req) };
}

const issueOut = (i: { id: string; position: number; category: TMeeting['issueList'][number]['category']; title: string; discussion?: string | null; decisions?: string | null }) => ({
  id: i.id, position: i.position, category: i.category, title: i.title, discussion: i.discussion ?? null, decisions: i.decisions ?? null,
});

async function meetingDetail(req: FastifyRequest, id: string): Promise<TMeeting> {
  const meeting = await req.em.findOne(Meeting, { id });
  if (!meeting) throw notFound();
  const centre = (await req.em.findOne(CoordinationCentre, { id: meeting.centreId }))!;
  const attendeeIds = (await req.em.find(MeetingAttendee, { meetingId: id })).map((a) => a.memberId);
  const attendees = attendeeIds.length ? await req.em.find(CentreMember, { id: { $in: attendeeIds } }, { orderBy: { fullName: 'asc', id: 'asc' } }) : [];
  const issues = await req.em.find(MeetingIssue, { meetingId: id }, { orderBy: { position: 'asc' } });
  const instructions = await queryInstructions(req, req.em, ['i.meeting_id = ?'], [id], 'order by created_at, id');
  const reviewed = await req.em.execute<{ item_id: string }[]>(`select item_id from work_plan_review where meeting_id = ?`, [id]);
  const items = reviewed.length ? await req.em.find(WorkPlanItem, { id: { $in: reviewed.map((r) => r.item_id) } }, { orderBy: { dueDate: 'asc', id: 'asc' } }) : [];
  return {
    id: meeting.id, centreId: meeting.centreId, centreName: centre.name, oblastCode: centre.oblastCode, heldOn: meeting.heldOn,
    online: meeting.online, place: meeting.place ?? null, guests: meeting.guests ?? null,
    issues: issues.length, instructions: instructions.length,
    attendees: attendees.map(toMember),
    issueList: issues.map((i) => ({ ...issueOut(i), instructions: instructions.filter((x) => x.issueId === i.id) })),
    reviewedItems: await workPlanItems(req.em, items),
    canManage: managesCentres(req),
  };
}

async function oneInstruction(req: FastifyRequest, id: string) {
  const [row] = await queryInstructions(req, req.em, ['i.id = ?'], [id]);
  if (!row) throw notFound();
  return row;
}

async function instructionDetail(req: FastifyRequest, id: string) {
  const instruction = await oneInstruction(req, id);
  const reports = await req.em.find(InstructionReport, { instructionId: id }, { orderBy: { reportedOn: 'asc', createdAt: 'asc' } });
  return {
    ...instruction,
    reportList: reports.map((r) => ({ id: r.id, reportedOn: r.reportedOn, summary: r.summary, reporterOrganisation: r.reporterOrganisation, createdAt: iso(r.createdAt)! })),
  };
}


/**
 * Coordination centres at national scale: one per oblast, a dozen members each (one of them a
 * provider of that oblast, when there is one), a meeting a month over the last year attended
 * by most members, with three urgent issues and two instructions each: most done (a provider
 * reports its own), the rest open or overdue by their due dates. Ministry data: written
 * without a tenant.
 */
import { CENTRE_MEMBER_ROLES, ISSUE_CATEGORIES, OBLASTS } from '@pilot/domain';
import type { GeneratorContext, TableGenerator } from './context.ts';

interface Centre { id: string; oblast: string; members: { id: string; name: string; organisation: string; providerId: string | null }[] }
const DAY = 86_400_000;
interface Issue { id: string; meetingId: string; centreId: string; heldOn: Date }

/**
 * What the generators of this file hand each other (ids only), kept with the run's shared ids:
 * each generator has a context of its own.
 */
const state = new WeakMap<GeneratorContext['shared'], { centres: Centre[]; meetings: { id: string; centreId: string; heldOn: Date }[]; issues: Issue[]; done: Done[] }>();
const of = (ctx: GeneratorContext) => {
  let s = state.get(ctx.shared);
  if (!s) state.set(ctx.shared, (s = { centres: [], meetings: [], issues: [], done: [] }));
  return s;
};
const MEMBERS = 12;
const MEETINGS = 12;
const ISSUES = 3;
const INSTRUCTIONS = 2;
const day = (d: Date) => d.toISOString().slice(0, 10);
const coordinator = (ctx: GeneratorContext) => ctx.shared.ministry[0]?.id ?? '00000000-0000-0000-0000-000000000000';

const centres: TableGenerator = {
  table: 'coordination_centre',
  columns: ['id', 'oblast_code', 'name', 'created_at', 'updated_at'],
  count: () => OBLASTS.length,
  *rows(ctx) {
    for (const o of OBLASTS) {
      const at = ctx.random.before(700);
      const id = ctx.random.uuid(at);
      of(ctx).centres.push({ id, oblast: o.code, members: [] });
      yield [id, o.code, `Координаційний центр підтримки цивільного населення (${o.uk})`, at, at];
    }
  },
};

const members: TableGenerator = {
  table: 'centre_member',
  columns: ['id', 'centre_id', 'full_name', 'organisation', 'role', 'position', 'email', 'provider_id', 'created_at'],
  count: () => OBLASTS.length * MEMBERS,
  *rows(ctx) {
    const r = ctx.random;
    for (const c of of(ctx).centres) {
      for (let i = 0; i < MEMBERS; i++) {
        const local = ctx.shared.providers.filter((p) => p.oblast === c.oblast);
        const provider = i === 0 ? r.pick(local.length ? local : ctx.shared.providers) : null;
        const role = provider ? 'ngo' : r.pick(CENTRE_MEMBER_ROLES.filter((x) => x !== 'ngo'));
        const at = r.before(600);
        const m = { id: r.uuid(at), name: `Учасник ${i + 1}`, organisation: provider ? `Надавач ${provider.slug}` : `Організація ${i + 1}`, providerId: provider?.id ?? null };
        c.members.push(m);
        yield [m.id, c.id, m.name, m.organisation, role, 'представник', `member${i}@${c.oblast.toLowerCase()}.pilot.test`, m.providerId, at];
      }
    }
  },
};

const meetings: TableGenerator = {
  table: 'meeting',
  columns: ['id', 'centre_id', 'held_on', 'place', 'online', 'created_by', 'created_at', 'updated_at'],
  count: () => OBLASTS.length * MEETINGS,
  *rows(ctx) {
    for (const c of of(ctx).centres) {
      for (let i = MEETINGS; i > 0; i--) {
        // Around the middle of each of the last twelve months.
        const heldOn = new Date(Date.UTC(ctx.now.getUTCFullYear(), ctx.now.getUTCMonth() - i + 1, 1) + ctx.random.int(8, 20) * DAY);
        if (heldOn >= ctx.now) continue;
        const id = ctx.random.uuid(heldOn);
        of(ctx).meetings.push({ id, centreId: c.id, heldOn });
        yield [id, c.id, day(heldOn), 'Зала засідань ОВА', ctx.random.chance(0.3), coordinator(ctx), heldOn, heldOn];
      }
    }
  },
};

const attendees: TableGenerator = {
  table: 'meeting_attendee',
  columns: ['meeting_id', 'member_id', 'centre_id'],
  count: (ctx) => Math.round(of(ctx).meetings.length * MEMBERS * 0.8),
  *rows(ctx) {
    const byId = new Map(of(ctx).centres.map((c) => [c.id, c]));
    for (const m of of(ctx).meetings) {
      for (const member of byId.get(m.centreId)!.members) if (ctx.random.chance(0.8)) yield [m.id, member.id, m.centreId];
    }
  },
};

const issues: TableGenerator = {
  table: 'meeting_issue',
  columns: ['id', 'meeting_id', 'centre_id', 'position', 'category', 'title', 'discussion', 'decisions', 'created_at'],
  count: (ctx) => of(ctx).meetings.length * ISSUES,
  *rows(ctx) {
    for (const m of of(ctx).meetings) {
      for (let i = 1; i <= ISSUES; i++) {
        const id = ctx.random.uuid(m.heldOn);
        of(ctx).issues.push({ id, meetingId: m.id, centreId: m.centreId, heldOn: m.heldOn });
        yield [id, m.id, m.centreId, i, ctx.random.pick(ISSUE_CATEGORIES), `Питання ${i}`, 'Обговорено', 'Доручити виконавцям', m.heldOn];
      }
    }
  },
};

interface Done { id: string; centreId: string; closedAt: Date; member: Centre['members'][number] }

const instructions: TableGenerator = {
  table: 'instruction',
  columns: ['id', 'centre_id', 'meeting_id', 'issue_id', 'title', 'assignee_member_id', 'assignee_organisation', 'assignee_person',
    'assignee_provider_id', 'due_date', 'status', 'closed_at', 'created_by', 'created_at', 'updated_at'],
  count: (ctx) => of(ctx).issues.length * INSTRUCTIONS,
  *rows(ctx) {
    const r = ctx.random;
    const byId = new Map(of(ctx).centres.map((c) => [c.id, c]));
    const now = ctx.now.getTime();
    for (const issue of of(ctx).issues) {
      for (let i = 0; i < INSTRUCTIONS; i++) {
        const member = r.pick(byId.get(issue.centreId)!.members);
        const due = new Date(issue.heldOn.getTime() + r.int(14, 60) * DAY);
        const closedAt = r.chance(0.7) ? new Date(issue.heldOn.getTime() + r.int(3, due.getTime() < now - 30 * DAY ? 70 : 13) * DAY) : null;
        const done = closedAt && closedAt.getTime() < now ? closedAt : null;
        const status = done ? 'done' : due.getTime() < now ? 'overdue' : r.chance(0.5) ? 'in_progress' : 'open';
        const id = r.uuid(issue.heldOn);
        if (done) of(ctx).done.push({ id, centreId: issue.centreId, closedAt: done, member });
        yield [id, issue.centreId, issue.meetingId, issue.id, `Доручення ${i + 1}`, member.id, member.organisation, member.name,
          member.providerId, day(due), status, done, coordinator(ctx), issue.heldOn, done ?? issue.heldOn];
      }
    }
  },
};

/** What the assignees reported on instructions they carried out (a provider's admin reports its own). */
const reports: TableGenerator = {
  table: 'instruction_report',
  columns: ['id', 'instruction_id', 'centre_id', 'reported_on', 'summary', 'reported_by', 'reporter_organisation', 'created_at'],
  count: (ctx) => of(ctx).done.length,
  *rows(ctx) {
    for (const d of of(ctx).done) {
      const admin = d.member.providerId ? ctx.shared.staff.get(d.member.providerId)?.[0]?.id : undefined;
      yield [ctx.random.uuid(d.closedAt), d.id, d.centreId, day(d.closedAt), 'Виконано, подробиці у звіті організації', admin ?? coordinator(ctx),
        d.member.organisation, d.closedAt];
    }
  },
};

export const COORDINATION_TABLES: TableGenerator[] = [centres, members, meetings, attendees, issues, instructions, reports];

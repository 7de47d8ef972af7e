/**
 * Coordination centres at national scale: one per oblast, a dozen members each (one of them a
 * provider of that oblast, when there is one), a meeting a month over the last year with three
 * urgent issues and two instructions each. Ministry data: written without a tenant.
 */
import { CENTRE_MEMBER_ROLES, ISSUE_CATEGORIES, OBLASTS } from '@pilot/domain';
import type { GeneratorContext, TableGenerator } from './context.ts';

interface Centre { id: string; oblast: string; members: { id: string; name: string; organisation: string; providerId: string | null }[] }
interface Issue { id: string; meetingId: string; centreId: string; heldOn: Date }

/**
 * What the generators of this file hand each other (ids only), kept with the run's shared ids:
 * each generator has a context of its own.
 */
const state = new WeakMap<GeneratorContext['shared'], { centres: Centre[]; meetings: { id: string; centreId: string; heldOn: Date }[]; issues: Issue[] }>();
const of = (ctx: GeneratorContext) => {
  let s = state.get(ctx.shared);
  if (!s) state.set(ctx.shared, (s = { centres: [], meetings: [], issues: [] }));
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
        const provider = i === 0 ? r.pick(ctx.shared.providers) : null;
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
      for (let i = 0; i < MEETINGS; i++) {
        const heldOn = new Date(Date.UTC(2025, i, 15));
        const id = ctx.random.uuid(heldOn);
        of(ctx).meetings.push({ id, centreId: c.id, heldOn });
        yield [id, c.id, day(heldOn), 'Зала засідань ОВА', ctx.random.chance(0.3), coordinator(ctx), heldOn, heldOn];
      }
    }
  },
};

const issues: TableGenerator = {
  table: 'meeting_issue',
  columns: ['id', 'meeting_id', 'centre_id', 'position', 'category', 'title', 'discussion', 'decisions', 'created_at'],
  count: () => OBLASTS.length * MEETINGS * ISSUES,
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

const instructions: TableGenerator = {
  table: 'instruction',
  columns: ['id', 'centre_id', 'meeting_id', 'issue_id', 'title', 'assignee_member_id', 'assignee_organisation', 'assignee_person',
    'assignee_provider_id', 'due_date', 'status', 'closed_at', 'created_by', 'created_at', 'updated_at'],
  count: () => OBLASTS.length * MEETINGS * ISSUES * INSTRUCTIONS,
  *rows(ctx) {
    const r = ctx.random;
    const byId = new Map(of(ctx).centres.map((c) => [c.id, c]));
    for (const issue of of(ctx).issues) {
      for (let i = 0; i < INSTRUCTIONS; i++) {
        const member = r.pick(byId.get(issue.centreId)!.members);
        const due = new Date(issue.heldOn.getTime() + r.int(14, 60) * 86_400_000);
        const done = r.chance(0.7);
        yield [r.uuid(issue.heldOn), issue.centreId, issue.meetingId, issue.id, `Доручення ${i + 1}`, member.id, member.organisation, member.name,
          member.providerId, day(due), done ? 'done' : 'overdue', done ? due : null, coordinator(ctx), issue.heldOn, issue.heldOn];
      }
    }
  },
};

export const COORDINATION_TABLES: TableGenerator[] = [centres, members, meetings, issues, instructions];

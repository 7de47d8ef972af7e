import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE, DEFERRED } from './sql.ts';

const statuses = `('pending', 'accredited', 'suspended', 'revoked')`;

/**
 * The ministry's workspace: accreditation decisions on providers, and the regional
 * coordination centres (members, meetings, urgent issues, instructions with execution reports
 * and deadline notices, quarterly work plans).
 *
 * None of these tables is provider-owned: the ministry writes them. Row-level security still
 * narrows what a provider's transaction sees: its own accreditation history, and the centres
 * its organisation is a member of (through `app_centres()`), where it may only report on the
 * instructions assigned to it. Transactions of unit contacts see none of it.
 */
export class Ministry extends Migration {
  override name = '0006_ministry';

  override up(): void {
    const sql = [
      // Ministry or platform transactions: neither a provider nor a unit bound.
      `create function app_ministry_scope() returns boolean language sql stable as
         $$ select app_tenant() is null and app_unit() is null $$`,

      // ---- accreditation ----
      `alter table provider
         add column accredited_from date,
         add column accredited_until date,
         add column accreditation_decision_number text,
         add column accreditation_decision_date date,
         add column accreditation_changed_at timestamptz`,
      `create index provider_accredited_until on provider (accredited_until) where accreditation_status = 'accredited'`,
      `create table accreditation_decision (
         id uuid primary key,
         provider_id uuid not null references provider (id) ${DEFERRED},
         action text not null check (action in ('accredit', 'suspend', 'revoke')),
         from_status text not null check (from_status in ${statuses}),
         to_status text not null check (to_status in ${statuses}),
         decision_number text not null,
         decision_date date not null,
         valid_from date,
         valid_until date,
         reason text,
         decided_by uuid not null,
         created_at timestamptz not null default now(),
         unique (provider_id, decision_number),
         check (action <> 'accredit' or (valid_from is not null and valid_until is not null and valid_until > valid_from)),
         check (action = 'accredit' or reason is not null)
       )`,
      `create index accreditation_decision_provider on accreditation_decision (provider_id, created_at desc, id desc)`,
      `alter table accreditation_decision enable row level security`,
      `alter table accreditation_decision force row level security`,
      `create policy read_own on accreditation_decision for select to ${APP_ROLE}
         using (app_ministry_scope() or provider_id = app_tenant())`,
      `create policy ministry_writes on accreditation_decision for insert to ${APP_ROLE} with check (app_ministry_scope())`,
      // Decisions are history: never changed or removed.
      `revoke update, delete, truncate on accreditation_decision from ${APP_ROLE}`,

      // ---- coordination centres ----
      `create table coordination_centre (
         id uuid primary key,
         oblast_code text not null unique,
         name text not null,
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         version integer not null default 1
       )`,
      `create table centre_member (
         id uuid primary key,
         centre_id uuid not null references coordination_centre (id) ${DEFERRED},
         full_name text not null,
         organisation text not null,
         role text not null check (role in ('military_administration', 'social_protection', 'cimic', 'ngo', 'other')),
         position text,
         email text check (email = lower(email)),
         provider_id uuid references provider (id) ${DEFERRED},
         removed_at timestamptz,
         created_at timestamptz not null default now(),
         check (provider_id is null or role = 'ngo')
       )`,
      `create index centre_member_centre on centre_member (centre_id, full_name)`,
      `create index centre_member_provider on centre_member (provider_id) where removed_at is null`,
      // Centres a provider's transaction may see: those its organisation is a current member of.
      // SECURITY DEFINER reads centre_member as its owner (the table's RLS is not forced, so the
      // owner is not subject to it), which also keeps the policies below from recursing.
      `create function app_centres() returns uuid[] language sql stable security definer set search_path = public as
         $$ select coalesce(array_agg(distinct centre_id), '{}') from centre_member
             where provider_id = app_tenant() and removed_at is null $$`,
      `revoke execute on function app_centres() from public`,
      `grant execute on function app_centres() to ${APP_ROLE}`,

      `create table meeting (
         id uuid primary key,
         centre_id uuid not null references coordination_centre (id) ${DEFERRED},
         held_on date not null,
         place text,
         online boolean not null default false,
         guests text,
         created_by uuid not null,
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         version integer not null default 1,
         check (online or place is not null)
       )`,
      `create index meeting_centre on meeting (centre_id, held_on desc, id desc)`,
      `create table meeting_attendee (
         meeting_id uuid not null references meeting (id) on delete cascade ${DEFERRED},
         member_id uuid not null references centre_member (id) ${DEFERRED},
         centre_id uuid not null,
         primary key (meeting_id, member_id)
       )`,
      `create table meeting_issue (
         id uuid primary key,
         meeting_id uuid not null references meeting (id) ${DEFERRED},
         centre_id uuid not null,
         position integer not null,
         category text not null check (category in ('idp', 'veteran_policy', 'defenders_families', 'psychosocial_support', 'humanitarian_aid', 'other')),
         title text not null,
         discussion text,
         decisions text,
         created_at timestamptz not null default now(),
         unique (meeting_id, position)
       )`,
      `create table instruction (
         id uuid primary key,
         centre_id uuid not null references coordination_centre (id) ${DEFERRED},
         meeting_id uuid not null references meeting (id) ${DEFERRED},
         issue_id uuid not null references meeting_issue (id) ${DEFERRED},
         title text not null,
         assignee_member_id uuid references centre_member (id) ${DEFERRED},
         assignee_organisation text not null,
         assignee_person text not null,
         assignee_email text check (assignee_email = lower(assignee_email)),
         assignee_provider_id uuid references provider (id) ${DEFERRED},
         due_date date not null,
         status text not null default 'open' check (status in ('open', 'in_progress', 'done', 'overdue', 'cancelled')),
         closed_at timestamptz,
         cancel_reason text,
         created_by uuid not null,
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         version integer not null default 1,
         check ((status in ('done', 'cancelled')) = (closed_at is not null)),
         check (status <> 'cancelled' or cancel_reason is not null)
       )`,
      `create index instruction_centre on instruction (centre_id, due_date, id)`,
      `create index instruction_meeting on instruction (meeting_id, created_at)`,
      `create index instruction_open on instruction (due_date, id) where status in ('open', 'in_progress', 'overdue')`,
      `create index instruction_assignee_provider on instruction (assignee_provider_id, due_date) where assignee_provider_id is not null`,
      `create table instruction_report (
         id uuid primary key,
         instruction_id uuid not null references instruction (id) ${DEFERRED},
         centre_id uuid not null,
         reported_on date not null,
         summary text not null,
         reported_by uuid not null,
         reporter_organisation text not null,
         created_at timestamptz not null default now()
       )`,
      `create index instruction_report_instruction on instruction_report (instruction_id, reported_on, created_at)`,
      // One row per notice sent, per due date: the deadline sweep sends each notice once, and
      // again only if the due date moves.
      `create table instruction_notice (
         instruction_id uuid not null references instruction (id) ${DEFERRED},
         kind text not null check (kind in ('reminder', 'due', 'overdue')),
         due_date date not null,
         sent_at timestamptz not null default now(),
         primary key (instruction_id, kind, due_date)
       )`,
      `create table work_plan_item (
         id uuid primary key,
         centre_id uuid not null references coordination_centre (id) ${DEFERRED},
         quarter text not null check (quarter ~ '^[0-9]{4}-Q[1-4]$'),
         title text not null,
         owner text not null,
         due_date date not null,
         status text not null default 'planned' check (status in ('planned', 'in_progress', 'done', 'postponed', 'cancelled')),
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         version integer not null default 1
       )`,
      `create index work_plan_item_centre on work_plan_item (centre_id, quarter, due_date, id)`,
      `create table work_plan_review (
         item_id uuid not null references work_plan_item (id) ${DEFERRED},
         meeting_id uuid not null references meeting (id) ${DEFERRED},
         centre_id uuid not null,
         note text,
         created_at timestamptz not null default now(),
         primary key (item_id, meeting_id)
       )`,
      `create index work_plan_review_meeting on work_plan_review (meeting_id)`,

      ...visibleToMembers('coordination_centre', 'id'),
      ...visibleToMembers('meeting', 'centre_id'),
      ...visibleToMembers('meeting_attendee', 'centre_id'),
      ...visibleToMembers('meeting_issue', 'centre_id'),
      ...visibleToMembers('work_plan_item', 'centre_id'),
      ...visibleToMembers('work_plan_review', 'centre_id'),
      ...visibleToMembers('instruction', 'centre_id', { update: 'assignee_provider_id = app_tenant()' }),
      ...visibleToMembers('instruction_report', 'centre_id', {
        insert: `exists (select 1 from instruction i where i.id = instruction_id and i.assignee_provider_id = app_tenant())`,
      }),
      // Members: RLS enabled but not forced (see app_centres()).
      `alter table centre_member enable row level security`,
      `create policy members_read on centre_member for select to ${APP_ROLE}
         using (app_ministry_scope() or centre_id = any (app_centres()))`,
      `create policy ministry_writes on centre_member for all to ${APP_ROLE}
         using (app_ministry_scope()) with check (app_ministry_scope())`,
      // Notices are the deadline job's bookkeeping (no tenant bound).
      `alter table instruction_notice enable row level security`,
      `alter table instruction_notice force row level security`,
      `create policy job_only on instruction_notice for all to ${APP_ROLE}
         using (app_ministry_scope()) with check (app_ministry_scope())`,
    ];
    for (const s of sql) this.addSql(s);
  }
}

/**
 * Forced RLS on a coordination table: the ministry (no tenant, no unit) reads and writes all;
 * a provider's transaction reads the rows of centres it is a member of, and writes only what
 * `extra` allows it (reporting on its own instructions).
 */
function visibleToMembers(table: string, centreColumn: string, extra: { update?: string; insert?: string } = {}): string[] {
  const member = `${centreColumn} = any (app_centres())`;
  return [
    `alter table ${table} enable row level security`,
    `alter table ${table} force row level security`,
    `create policy members_read on ${table} for select to ${APP_ROLE} using (app_ministry_scope() or ${member})`,
    `create policy ministry_insert on ${table} for insert to ${APP_ROLE}
       with check (app_ministry_scope()${extra.insert ? ` or (${member} and ${extra.insert})` : ''})`,
    `create policy ministry_update on ${table} for update to ${APP_ROLE}
       using (app_ministry_scope()${extra.update ? ` or (${member} and ${extra.update})` : ''})
       with check (app_ministry_scope()${extra.update ? ` or (${member} and ${extra.update})` : ''})`,
    `create policy ministry_delete on ${table} for delete to ${APP_ROLE} using (app_ministry_scope())`,
  ];
}

import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE, DEFERRED, tenantKey, tenantTable } from './sql.ts';
import { HROMADAS, MEASURES, PLAYBOOKS } from './0002_cases.seed.ts';

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const json = (v: unknown) => `${lit(JSON.stringify(v))}::jsonb`;

/** A composite foreign key to a tenant parent: the database refuses cross-tenant references. */
const tenantRef = (column: string, parent: string, opts = '') =>
  `foreign key (provider_id, ${column}) references "${parent}" (provider_id, id) ${opts} ${DEFERRED}`;

/**
 * Case management: the ministry's catalogue of measures and playbooks (versioned, shared by all
 * providers), hromadas, and the provider-owned records of people, families, consent, cases,
 * assessments, plans, deliveries, notes, documents and transfers.
 */
export class Cases extends Migration {
  override name = '0002_cases';

  override up(): void {
    const sql = [
      // ---- reference data, owned by the ministry, no personal data ----
      `create table hromada (
         code text primary key,
         oblast_code text not null,
         name_uk text not null,
         name_en text not null
       )`,
      `create index hromada_oblast on hromada (oblast_code, name_uk)`,

      `create table measure (
         id uuid primary key,
         code text not null unique,
         position integer not null,
         created_at timestamptz not null default now(),
         retired_at timestamptz
       )`,
      // A version is what a delivery records: names and description as they were then.
      `create table measure_version (
         id uuid primary key,
         measure_id uuid not null references measure (id) ${DEFERRED},
         version integer not null,
         name_uk text not null,
         name_en text not null,
         description_uk text not null,
         description_en text not null,
         valid_from date not null,
         valid_to date,
         created_at timestamptz not null default now(),
         unique (measure_id, version),
         check (valid_to is null or valid_to >= valid_from),
         constraint measure_version_no_overlap exclude using gist (
           measure_id with =, daterange(valid_from, valid_to, '[]') with &&)
       )`,

      `create table playbook (
         id uuid primary key,
         code text not null unique,
         created_at timestamptz not null default now(),
         retired_at timestamptz
       )`,
      // Steps and the document checklist are an immutable template per version.
      `create table playbook_version (
         id uuid primary key,
         playbook_id uuid not null references playbook (id) ${DEFERRED},
         version integer not null,
         title_uk text not null,
         title_en text not null,
         description_uk text not null,
         description_en text not null,
         categories text[] not null,
         steps jsonb not null,
         checklist jsonb not null,
         valid_from date not null,
         valid_to date,
         created_at timestamptz not null default now(),
         unique (playbook_id, version),
         constraint playbook_version_no_overlap exclude using gist (
           playbook_id with =, daterange(valid_from, valid_to, '[]') with &&)
       )`,

      // ---- people ----
      `create table beneficiary (
         id uuid primary key,
         provider_id uuid not null references provider (id) ${DEFERRED},
         last_name text not null,
         first_name text not null,
         patronymic text,
         full_name text generated always as (
           last_name || ' ' || first_name || coalesce(' ' || patronymic, '')) stored,
         birth_date date,
         sex text check (sex in ('female', 'male')),
         -- Encrypted (AES-256-GCM, lib/crypto.ts); exact matches go through the keyed blind index.
         rnokpp text,
         rnokpp_index text,
         phones text[] not null default '{}',
         email text,
         oblast_code text,
         hromada_code text references hromada (code) ${DEFERRED},
         address text,
         categories text[] not null default '{}',
         is_service_member boolean not null default false,
         military_rank text,
         unit_code text check (unit_code ~ '^А[0-9]{4}$'),
         military_status text check (military_status in ('serving', 'wounded', 'in_captivity', 'missing', 'fallen', 'discharged')),
         merged_into_id uuid,
         anonymised_at timestamptz,
         created_by uuid not null,
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         version integer not null default 1
       )`,
      tenantKey('beneficiary'),
      `alter table beneficiary add ${tenantRef('merged_into_id', 'beneficiary')}`,
      `create index beneficiary_rnokpp on beneficiary (provider_id, rnokpp_index) where rnokpp_index is not null`,
      `create index beneficiary_birth on beneficiary (provider_id, birth_date)`,
      // No trigram index on names: under RLS only leakproof operators become index conditions, and
      // pg_trgm's are not. Name searches run within one provider's rows (provider_id is indexed),
      // and the duplicate check first narrows to the same date of birth.
      ...tenantTable('beneficiary'),

      `create table family_link (
         id uuid primary key,
         provider_id uuid not null,
         member_id uuid not null,
         relative_id uuid not null,
         relation text not null check (relation in ('spouse', 'child', 'parent', 'sibling', 'other')),
         created_at timestamptz not null default now(),
         unique (provider_id, member_id, relative_id),
         check (member_id <> relative_id),
         ${tenantRef('member_id', 'beneficiary')},
         ${tenantRef('relative_id', 'beneficiary')}
       )`,
      `create index family_link_relative on family_link (provider_id, relative_id)`,
      ...tenantTable('family_link'),

      `create table consent (
         id uuid primary key,
         provider_id uuid not null,
         beneficiary_id uuid not null,
         method text not null check (method in ('written', 'verbal', 'electronic')),
         given_on date not null,
         recorded_by uuid not null,
         purposes text[] not null check (cardinality(purposes) > 0),
         recipients jsonb not null default '[]',
         expires_on date,
         withdrawn_on date,
         withdrawal_reason text,
         withdrawn_by uuid,
         note text,
         created_at timestamptz not null default now(),
         version integer not null default 1,
         check (expires_on is null or expires_on >= given_on),
         ${tenantRef('beneficiary_id', 'beneficiary')}
       )`,
      `create index consent_beneficiary on consent (provider_id, beneficiary_id, given_on desc)`,
      ...tenantTable('consent'),

      // ---- cases ----
      `create table support_case (
         id uuid primary key,
         provider_id uuid not null references provider (id) ${DEFERRED},
         beneficiary_id uuid not null,
         beneficiary_name text not null,
         unit_code text,
         status text not null default 'intake' check (status in ('intake', 'assessment', 'active', 'closed')),
         categories text[] not null check (cardinality(categories) > 0),
         assignee_id uuid,
         opened_at timestamptz not null default now(),
         assessment_due_on date,
         first_contact_at timestamptz,
         last_contact_at timestamptz,
         closed_at timestamptz,
         closure_outcome text check (closure_outcome in ('goals_met', 'partly_met', 'declined_further_help', 'lost_contact', 'moved', 'transferred', 'deceased')),
         closure_note text,
         previous_case_id uuid,
         source_kind text not null check (source_kind in ('intake', 'referral', 'reopen', 'transfer')),
         source_id uuid,
         created_by uuid not null,
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         version integer not null default 1,
         check ((status = 'closed') = (closure_outcome is not null)),
         ${tenantRef('beneficiary_id', 'beneficiary')}
       )`,
      tenantKey('support_case'),
      `alter table support_case add ${tenantRef('previous_case_id', 'support_case')}`,
      // The case list: a case manager's own cases by status, newest first, without a join.
      `create index support_case_list on support_case (provider_id, assignee_id, status, opened_at desc, id desc) include (beneficiary_name, categories)`,
      `create index support_case_status on support_case (provider_id, status, opened_at desc, id desc)`,
      // A case manager's unfiltered list: their cases, newest first.
      `create index support_case_assignee on support_case (provider_id, assignee_id, opened_at desc, id desc)`,
      // A supervisor's unfiltered list: the provider's cases, newest first.
      `create index support_case_opened on support_case (provider_id, opened_at desc, id desc)`,
      // "Without contact for N days" on the supervisor's dashboard.
      `create index support_case_contact on support_case (provider_id, (coalesce(last_contact_at, opened_at))) where status <> 'closed'`,
      `create index support_case_beneficiary on support_case (provider_id, beneficiary_id)`,
      `create index support_case_unit on support_case (provider_id, unit_code) where unit_code is not null`,
      `create index support_case_categories on support_case using gin (categories)`,
      ...tenantTable('support_case'),

      // The case's timeline: status changes, assignment, first contact... Other features
      // (referrals) read it to tell a unit contact where things stand.
      `create table case_event (
         id uuid primary key,
         provider_id uuid not null,
         case_id uuid not null,
         kind text not null,
         at timestamptz not null default now(),
         actor_id uuid,
         data jsonb,
         ${tenantRef('case_id', 'support_case')}
       )`,
      `create index case_event_case on case_event (provider_id, case_id, at desc)`,
      `create index case_event_kind on case_event (provider_id, kind, at)`,
      ...tenantTable('case_event'),

      `create table assessment (
         id uuid primary key,
         provider_id uuid not null,
         case_id uuid not null,
         assessed_on date not null,
         assessor_id uuid not null,
         needs jsonb not null,
         summary text,
         review_due_on date,
         created_at timestamptz not null default now(),
         ${tenantRef('case_id', 'support_case')}
       )`,
      `create index assessment_case on assessment (provider_id, case_id, assessed_on desc, created_at desc)`,
      ...tenantTable('assessment'),

      `create table support_plan (
         id uuid primary key,
         provider_id uuid not null,
         case_id uuid not null,
         playbook_version_ids uuid[] not null default '{}',
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         version integer not null default 1,
         unique (provider_id, case_id),
         ${tenantRef('case_id', 'support_case')}
       )`,
      tenantKey('support_plan'),
      ...tenantTable('support_plan'),

      `create table plan_step (
         id uuid primary key,
         provider_id uuid not null,
         plan_id uuid not null,
         case_id uuid not null,
         position integer not null,
         title text not null,
         measure_id uuid references measure (id) ${DEFERRED},
         owner_id uuid,
         due_on date,
         status text not null default 'planned' check (status in ('planned', 'in_progress', 'done', 'cancelled')),
         cancel_reason text,
         completed_at timestamptz,
         documents jsonb not null default '[]',
         playbook_version_id uuid references playbook_version (id) ${DEFERRED},
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         version integer not null default 1,
         check (status <> 'cancelled' or cancel_reason is not null),
         ${tenantRef('plan_id', 'support_plan')},
         ${tenantRef('case_id', 'support_case')}
       )`,
      tenantKey('plan_step'),
      `create index plan_step_case on plan_step (provider_id, case_id, position)`,
      // The overdue count of each case in the list.
      `create index plan_step_case_open on plan_step (provider_id, case_id, due_on) where status in ('planned', 'in_progress')`,
      // "My tasks" and the overdue counts: open steps of one owner by due date.
      `create index plan_step_owner_due on plan_step (provider_id, owner_id, due_on) where status in ('planned', 'in_progress')`,
      ...tenantTable('plan_step'),

      `create table service_delivery (
         id uuid primary key,
         provider_id uuid not null,
         case_id uuid not null,
         measure_id uuid not null references measure (id) ${DEFERRED},
         measure_version_id uuid not null references measure_version (id) ${DEFERRED},
         delivered_on date not null,
         duration_minutes integer not null check (duration_minutes between 1 and 1440),
         mode text not null check (mode in ('in_person', 'phone', 'video', 'home_visit', 'outreach')),
         delivered_by uuid not null,
         outcome text not null,
         plan_step_id uuid,
         transferred_from uuid,
         created_at timestamptz not null default now(),
         ${tenantRef('case_id', 'support_case')},
         ${tenantRef('plan_step_id', 'plan_step')}
       )`,
      `create index service_delivery_case on service_delivery (provider_id, case_id, delivered_on desc, id desc)`,
      `create index service_delivery_measure on service_delivery (provider_id, delivered_on, measure_id)`,
      ...tenantTable('service_delivery'),

      `create table case_note (
         id uuid primary key,
         provider_id uuid not null,
         case_id uuid not null,
         author_id uuid not null,
         body text not null,
         sensitive boolean not null default false,
         created_at timestamptz not null default now(),
         ${tenantRef('case_id', 'support_case')}
       )`,
      `create index case_note_case on case_note (provider_id, case_id, created_at desc)`,
      ...tenantTable('case_note'),

      `create table case_document (
         id uuid primary key,
         provider_id uuid not null,
         case_id uuid not null,
         plan_step_id uuid,
         file_name text not null,
         content_type text not null,
         size_bytes integer not null check (size_bytes > 0),
         sha256 text not null,
         storage_key text not null unique,
         uploaded_by uuid not null,
         created_at timestamptz not null default now(),
         ${tenantRef('case_id', 'support_case')},
         ${tenantRef('plan_step_id', 'plan_step')}
       )`,
      `create index case_document_case on case_document (provider_id, case_id, created_at desc)`,
      ...tenantTable('case_document'),

      // A transfer involves two providers: each sees the rows it sends or receives. The
      // summary is what the receiver sees before accepting (covered by the person's consent).
      `create table case_transfer (
         id uuid primary key,
         from_provider_id uuid not null references provider (id) ${DEFERRED},
         to_provider_id uuid not null references provider (id) ${DEFERRED},
         from_case_id uuid not null,
         to_case_id uuid,
         consent_id uuid not null,
         status text not null default 'requested' check (status in ('requested', 'accepted', 'declined')),
         reason text not null,
         summary jsonb not null,
         data_categories text[] not null,
         decline_reason text,
         requested_by uuid not null,
         requested_at timestamptz not null default now(),
         decided_by uuid,
         decided_at timestamptz,
         check (from_provider_id <> to_provider_id),
         check (status <> 'declined' or decline_reason is not null),
         foreign key (from_provider_id, from_case_id) references support_case (provider_id, id) ${DEFERRED}
       )`,
      `create unique index case_transfer_open on case_transfer (from_case_id) where status = 'requested'`,
      `create index case_transfer_to on case_transfer (to_provider_id, status, requested_at desc)`,
      `create index case_transfer_from on case_transfer (from_provider_id, requested_at desc)`,
      `alter table case_transfer enable row level security`,
      `alter table case_transfer force row level security`,
      `create policy tenant_isolation on case_transfer to ${APP_ROLE}
         using (from_provider_id = app_tenant() or to_provider_id = app_tenant())
         with check (from_provider_id = app_tenant() or to_provider_id = app_tenant())`,

      // One task digest per person per day, even when the job runs twice.
      `create table task_digest_sent (
         user_id uuid not null references user_account (id) ${DEFERRED},
         day date not null,
         sent_at timestamptz not null default now(),
         primary key (user_id, day)
       )`,
    ];
    for (const s of sql) this.addSql(s);
    this.seed();
  }

  /** The pilot's measures and playbooks (domain.md) and a first set of hromadas. */
  private seed(): void {
    this.addSql(`insert into hromada (code, oblast_code, name_uk, name_en) values ${HROMADAS
      .map((h) => `(${lit(h.code)}, ${lit(h.oblastCode)}, ${lit(h.uk)}, ${lit(h.en)})`).join(', ')}`);
    MEASURES.forEach((m, i) => {
      this.addSql(`insert into measure (id, code, position, created_at) values (${lit(m.id)}, ${lit(m.code)}, ${i + 1}, '2023-12-01')`);
      this.addSql(`insert into measure_version (id, measure_id, version, name_uk, name_en, description_uk, description_en, valid_from)
        values (${lit(m.versionId)}, ${lit(m.id)}, 1, ${lit(m.uk)}, ${lit(m.en)}, ${lit(m.descriptionUk)}, ${lit(m.descriptionEn)}, '2023-12-01')`);
    });
    for (const pb of PLAYBOOKS) {
      this.addSql(`insert into playbook (id, code, created_at) values (${lit(pb.id)}, ${lit(pb.code)}, '2023-12-01')`);
      this.addSql(`insert into playbook_version (id, playbook_id, version, title_uk, title_en, description_uk, description_en, categories, steps, checklist, valid_from)
        values (${lit(pb.versionId)}, ${lit(pb.id)}, 1, ${lit(pb.uk)}, ${lit(pb.en)}, ${lit(pb.descriptionUk)}, ${lit(pb.descriptionEn)},
          array[${pb.categories.map(lit).join(', ')}]::text[], ${json(pb.steps)}, ${json(pb.checklist)}, '2023-12-01')`);
    }
  }
}

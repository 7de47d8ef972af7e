import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE, DEFERRED, tenantKey } from './sql.ts';

/**
 * Military units, unit assignments, pilot waves, the working calendar and service targets
 * (ministry data: no provider_id, no tenant RLS, written by ministry coordinators only);
 * provider intake pauses; referrals with their timeline and deadlines; in-app notifications.
 */
export class UnitsReferrals extends Migration {
  override name = '0003_units_referrals';

  override up(): void {
    const sql = [
      `create table military_unit (
         id uuid primary key,
         code text not null unique check (code ~ '^А[0-9]{4}$'),
         name text not null,
         kind text not null check (kind in ('military_unit', 'military_hospital', 'recruitment_centre', 'training_centre')),
         oblast_code text not null,
         status text not null default 'active' check (status in ('active', 'inactive')),
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         version integer not null default 1
       )`,
      `create index military_unit_name_trgm on military_unit using gin (name gin_trgm_ops)`,
      // Checked for new rows (existing development databases may hold demo contacts of units that
      // the demo seed of this version creates).
      `alter table membership add constraint membership_unit_fk foreign key (unit_id) references military_unit (id) ${DEFERRED} not valid`,

      // Which provider serves which unit over which period (ends_on inclusive, null = open).
      // At most one assignment per unit on any day; rows are never deleted nor rewritten.
      `create table unit_assignment (
         id uuid primary key,
         unit_id uuid not null references military_unit (id) ${DEFERRED},
         provider_id uuid not null references provider (id) ${DEFERRED},
         starts_on date not null,
         ends_on date check (ends_on >= starts_on),
         note text,
         created_by uuid references user_account (id) ${DEFERRED},
         created_at timestamptz not null default now(),
         ended_by uuid references user_account (id) ${DEFERRED},
         ended_at timestamptz,
         constraint unit_assignment_no_overlap exclude using gist (unit_id with =, daterange(starts_on, ends_on, '[]') with &&)
       )`,
      `create index unit_assignment_provider on unit_assignment (provider_id, starts_on)`,
      `create function unit_assignment_history_kept() returns trigger language plpgsql as $$
         begin
           if tg_op = 'DELETE' then
             raise exception 'unit assignments are history: end one instead of deleting it' using errcode = 'check_violation';
           end if;
           if new.unit_id <> old.unit_id or new.provider_id <> old.provider_id or new.starts_on <> old.starts_on
              or new.note is distinct from old.note or new.created_at <> old.created_at
              or (old.ends_on is not null and (new.ends_on is null or new.ends_on > old.ends_on)) then
             raise exception 'an assignment can only be ended earlier, never rewritten' using errcode = 'check_violation';
           end if;
           return new;
         end $$`,
      `create trigger unit_assignment_history_kept before update or delete on unit_assignment
         for each row execute function unit_assignment_history_kept()`,

      `create table pilot_wave (
         id uuid primary key,
         name text not null unique,
         starts_on date not null,
         max_units integer check (max_units > 0),
         created_at timestamptz not null default now(),
         version integer not null default 1
       )`,
      // A unit joins the pilot once, in one wave.
      `create table pilot_wave_unit (
         wave_id uuid not null references pilot_wave (id) ${DEFERRED},
         unit_id uuid not null unique references military_unit (id) ${DEFERRED},
         added_at timestamptz not null default now(),
         primary key (wave_id, unit_id)
       )`,

      `create table holiday (
         day date primary key,
         name text not null,
         created_at timestamptz not null default now()
       )`,
      // The pilot's service targets in working days, and who at the ministry gets escalations.
      `create table pilot_settings (
         id boolean primary key default true check (id),
         acknowledgement_days integer not null default 1 check (acknowledgement_days between 1 and 60),
         first_contact_days integer not null default 3 check (first_contact_days between 1 and 60),
         assessment_days integer not null default 10 check (assessment_days between 1 and 60),
         escalation_recipient_ids uuid[] not null default '{}',
         updated_at timestamptz not null default now(),
         version integer not null default 1
       )`,
      `insert into pilot_settings default values`,

      // A provider at capacity pauses intake. No personal data: the provider sees its own pauses,
      // contexts without a tenant (the ministry, unit contacts told before they refer) see all.
      `create table intake_pause (
         id uuid primary key,
         provider_id uuid not null references provider (id) ${DEFERRED},
         reason text not null,
         started_at timestamptz not null,
         started_by uuid references user_account (id) ${DEFERRED},
         ended_at timestamptz,
         ended_by uuid references user_account (id) ${DEFERRED}
       )`,
      `create unique index intake_pause_open on intake_pause (provider_id) where ended_at is null`,
      `alter table intake_pause enable row level security`,
      `alter table intake_pause force row level security`,
      `create policy provider_or_untenanted on intake_pause to ${APP_ROLE}
         using (provider_id = app_tenant() or app_tenant() is null)
         with check (provider_id = app_tenant())`,

      // Owned by the provider it is routed to; readable by the contacts of the referring unit
      // (the API shows them a restricted projection). Every write happens bound to the provider.
      `create table referral (
         id uuid primary key,
         provider_id uuid not null references provider (id) ${DEFERRED},
         unit_id uuid not null references military_unit (id) ${DEFERRED},
         assignment_id uuid not null references unit_assignment (id) ${DEFERRED},
         referred_by uuid not null references user_account (id) ${DEFERRED},
         -- Who referred, as they were then: the provider calls them back without reading unit accounts.
         referrer_name text not null,
         referrer_phone text,
         referrer_position text,
         subject text not null check (subject in ('service_member', 'family_member')),
         -- Identity as the duplicate check at acceptance reads it; person_name is the display form.
         person_last_name text not null,
         person_first_name text not null,
         person_patronymic text,
         person_name text not null,
         person_birth_date date,
         person_phone text not null,
         person_email text,
         person_relation text check (person_relation in ('spouse', 'child', 'parent', 'sibling', 'other')),
         person_settlement text,
         service_member_name text,
         service_member_status text not null
           check (service_member_status in ('serving', 'wounded', 'in_captivity', 'missing', 'fallen', 'discharged')),
         categories text[] not null check (cardinality(categories) > 0),
         needs text not null,
         urgency text not null check (urgency in ('normal', 'urgent', 'emergency')),
         consent_method text not null check (consent_method in ('written', 'verbal')),
         consent_recorded_at timestamptz not null,
         status text not null default 'submitted' check (status in ('submitted', 'accepted', 'declined', 'withdrawn')),
         submitted_at timestamptz not null,
         decided_at timestamptz,
         decided_by uuid references user_account (id) ${DEFERRED},
         decline_reason text check (decline_reason in ('out_of_scope', 'no_capacity', 'already_served', 'person_unreachable', 'person_declined', 'other')),
         decline_note text,
         withdrawn_at timestamptz,
         withdraw_reason text,
         case_id uuid,
         beneficiary_id uuid,
         case_manager_id uuid references user_account (id) ${DEFERRED},
         first_contact_at timestamptz,
         closed_at timestamptz,
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         version integer not null default 1,
         constraint referral_decline_has_reason check ((status = 'declined') = (decline_reason is not null)),
         constraint referral_accepted_has_manager check (status <> 'accepted' or case_manager_id is not null)
       )`,
      tenantKey('referral'),
      `create index referral_inbox on referral (provider_id, status, submitted_at desc, id desc)`,
      `create index referral_unit on referral (unit_id, submitted_at desc, id desc)`,
      `create index referral_case_manager on referral (provider_id, case_manager_id) where case_manager_id is not null`,
      `create index referral_person_trgm on referral using gin (person_name gin_trgm_ops)`,
      `alter table referral enable row level security`,
      `alter table referral force row level security`,
      `create policy referral_access on referral to ${APP_ROLE}
         using (provider_id = app_tenant() or unit_id = app_unit())
         with check (provider_id = app_tenant())`,

      // The timeline. The referring unit sees only the events of its own referrals that the
      // referrer may know of (never reminders, escalations, assessments).
      `create table referral_event (
         id uuid primary key,
         provider_id uuid not null,
         referral_id uuid not null,
         at timestamptz not null,
         kind text not null check (kind in ('submitted', 'accepted', 'declined', 'withdrawn', 'first_contact', 'assessed', 'closed', 'reminder', 'escalation')),
         actor_id uuid,
         target text check (target in ('acknowledgement', 'first_contact', 'assessment')),
         decline_reason text,
         foreign key (provider_id, referral_id) references referral (provider_id, id) ${DEFERRED}
       )`,
      `create index referral_event_referral on referral_event (referral_id, at)`,
      `alter table referral_event enable row level security`,
      `alter table referral_event force row level security`,
      `create policy referral_event_access on referral_event to ${APP_ROLE}
         using (provider_id = app_tenant() or (
           kind in ('submitted', 'accepted', 'declined', 'withdrawn', 'first_contact', 'closed')
           and exists (select 1 from referral r where r.id = referral_event.referral_id and r.unit_id = app_unit())))
         with check (provider_id = app_tenant())`,

      // Service-target clocks: ids and times only, so the escalation sweep and the ministry
      // (no tenant) read them across providers; a provider reads its own.
      `create table referral_deadline (
         id uuid primary key,
         provider_id uuid not null,
         referral_id uuid not null,
         unit_id uuid not null references military_unit (id) ${DEFERRED},
         target text not null check (target in ('acknowledgement', 'first_contact', 'assessment')),
         due_at timestamptz not null,
         escalate_at timestamptz not null,
         met_at timestamptz,
         cancelled_at timestamptz,
         reminded_at timestamptz,
         escalated_at timestamptz,
         unique (referral_id, target),
         foreign key (provider_id, referral_id) references referral (provider_id, id) ${DEFERRED}
       )`,
      `create index referral_deadline_open on referral_deadline (due_at) where met_at is null and cancelled_at is null`,
      `create index referral_deadline_escalated on referral_deadline (escalated_at desc, id desc) where escalated_at is not null`,
      `alter table referral_deadline enable row level security`,
      `alter table referral_deadline force row level security`,
      `create policy provider_or_ministry on referral_deadline to ${APP_ROLE}
         using (provider_id = app_tenant() or (app_tenant() is null and app_unit() is null))
         with check (provider_id = app_tenant())`,

      // In-app notifications belong to one user and are only ever read by that user's id.
      `create table notification (
         id uuid primary key,
         user_id uuid not null references user_account (id) ${DEFERRED},
         kind text not null,
         title text not null,
         body text not null,
         link text,
         created_at timestamptz not null default now(),
         read_at timestamptz
       )`,
      `create index notification_user on notification (user_id, created_at desc, id desc)`,
      `create index notification_unread on notification (user_id) where read_at is null`,
    ];
    for (const s of sql) this.addSql(s);
  }
}

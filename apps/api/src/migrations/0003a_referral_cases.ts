import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE, DEFERRED } from './sql.ts';

/**
 * Referrals follow their case: the case they opened or joined is referenced within the provider,
 * and the case's first contact, assessment and closure reach the referral (what the referrer
 * sees, the service-target clocks, the timeline) from the case timeline itself, whatever code
 * path wrote it. Notices to the referrer leave through an outbox the escalation sweep empties.
 */
export class ReferralCases extends Migration {
  override name = '0003a_referral_cases';

  override up(): void {
    const sql = [
      `alter table referral add constraint referral_case_fk foreign key (provider_id, case_id) references support_case (provider_id, id) ${DEFERRED}`,
      `create index referral_case on referral (provider_id, case_id) where case_id is not null`,

      // Ids and kinds only, like referral_deadline: the sweep (no tenant, no unit) reads it.
      `create table referral_outbox (
         id uuid primary key,
         provider_id uuid not null,
         referral_id uuid not null,
         kind text not null check (kind in ('first_contact')),
         created_at timestamptz not null default now(),
         sent_at timestamptz,
         foreign key (provider_id, referral_id) references referral (provider_id, id) ${DEFERRED}
       )`,
      `create index referral_outbox_unsent on referral_outbox (created_at) where sent_at is null`,
      `alter table referral_outbox enable row level security`,
      `alter table referral_outbox force row level security`,
      `create policy provider_or_ministry on referral_outbox to ${APP_ROLE}
         using (provider_id = app_tenant() or (app_tenant() is null and app_unit() is null))
         with check (provider_id = app_tenant())`,

      // Runs in the writer's transaction, bound to the case's provider (RLS applies as usual).
      `create function referral_follows_case() returns trigger language plpgsql as $$
         declare
           happened timestamptz := coalesce((new.data->>'at')::timestamptz, new.at);
           r record;
         begin
           for r in select id, provider_id from referral
                     where provider_id = new.provider_id and case_id = new.case_id and status = 'accepted' loop
             if new.kind = 'first_contact' then
               update referral set first_contact_at = happened, version = version + 1, updated_at = now()
                where id = r.id and first_contact_at is null;
               if found then
                 insert into referral_event (id, provider_id, referral_id, at, kind) values (uuidv7(), r.provider_id, r.id, happened, 'first_contact');
                 insert into referral_outbox (id, provider_id, referral_id, kind) values (uuidv7(), r.provider_id, r.id, 'first_contact');
               end if;
               update referral_deadline set met_at = happened
                where referral_id = r.id and target = 'first_contact' and met_at is null and cancelled_at is null;
             elsif new.kind = 'assessment_recorded' then
               update referral_deadline set met_at = new.at
                where referral_id = r.id and target = 'assessment' and met_at is null and cancelled_at is null;
               if found then
                 insert into referral_event (id, provider_id, referral_id, at, kind) values (uuidv7(), r.provider_id, r.id, new.at, 'assessed');
               end if;
             elsif new.kind = 'closed' then
               -- When the case says it closed (its clock), not when the event row was written.
               select coalesce(c.closed_at, new.at) into happened from support_case c where c.provider_id = new.provider_id and c.id = new.case_id;
               update referral set closed_at = happened, version = version + 1, updated_at = now() where id = r.id and closed_at is null;
               if found then
                 insert into referral_event (id, provider_id, referral_id, at, kind) values (uuidv7(), r.provider_id, r.id, happened, 'closed');
               end if;
               update referral_deadline set cancelled_at = happened where referral_id = r.id and met_at is null and cancelled_at is null;
             end if;
           end loop;
           return null;
         end $$`,
      `create trigger referral_follows_case after insert on case_event
         for each row when (new.kind in ('first_contact', 'assessment_recorded', 'closed')) execute function referral_follows_case()`,
    ];
    for (const s of sql) this.addSql(s);
  }
}

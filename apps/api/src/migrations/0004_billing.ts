import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE, DEFERRED } from './sql.ts';

/**
 * Billing: one account per provider (pilot sponsorship, Stripe customer and subscription as last
 * fetched from Stripe, the past-due clock) and the log of Stripe webhook events, whose unique id
 * makes each event take effect exactly once.
 */
export class Billing extends Migration {
  override name = '0004_billing';

  override up(): void {
    const sql = [
      `create table billing_account (
         provider_id uuid primary key references provider (id) ${DEFERRED},
         sponsored boolean not null default false,
         pilot_seat_limit integer check (pilot_seat_limit > 0),
         pilot_changed_at timestamptz,
         pilot_changed_by uuid,
         stripe_customer_id text unique,
         stripe_subscription_id text unique,
         stripe_item_id text,
         stripe_price_id text,
         subscription_status text,
         seat_quantity integer check (seat_quantity >= 0),
         current_period_end timestamptz,
         cancel_at_period_end boolean not null default false,
         past_due_since timestamptz,
         past_due_notified_at timestamptz,
         restricted_notified_at timestamptz,
         synced_at timestamptz,
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         version integer not null default 1,
         check (not sponsored or pilot_seat_limit is not null)
       )`,
      // Organisation-level data, no personal data. A provider's transaction sees its own row only;
      // transactions without a tenant (platform operator, ministry, Stripe webhooks, jobs) see all,
      // and the billing services scope those queries explicitly (as for membership, ADR 2 and 5).
      `alter table billing_account enable row level security`,
      `alter table billing_account force row level security`,
      `create policy tenant_isolation on billing_account to ${APP_ROLE}
         using (app_tenant() is null or provider_id = app_tenant())
         with check (app_tenant() is null or provider_id = app_tenant())`,
      // Providers that exist before billing do are the pilot's own: they stay sponsored, so
      // switching billing on never restricts anyone already serving people.
      `insert into billing_account (provider_id, sponsored, pilot_seat_limit, pilot_changed_at)
         select p.id, true, greatest(25, (select count(*) from membership m join user_account u on u.id = m.user_id
                                          where m.provider_id = p.id and u.status <> 'deactivated')), now()
           from provider p`,

      `create table billing_event (
         id text primary key,
         type text not null,
         outcome text not null check (outcome in ('processed', 'ignored', 'unmatched', 'failed')),
         provider_id uuid references provider (id) ${DEFERRED},
         object_id text,
         attempts integer not null default 1,
         error text,
         received_at timestamptz not null default now(),
         last_attempt_at timestamptz not null default now(),
         processed_at timestamptz
       )`,
      `create index billing_event_received on billing_event (received_at desc, id desc)`,
      `create index billing_event_outcome on billing_event (outcome, received_at desc, id desc)`,
    ];
    for (const s of sql) this.addSql(s);
  }
}

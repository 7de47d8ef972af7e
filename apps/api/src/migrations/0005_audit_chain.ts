import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from './sql.ts';

/**
 * Tamper evidence for the audit log: a hash chain per provider (and one for platform-level
 * entries), sealed by a job shortly after entries commit. Append-only, like the log itself.
 */
export class AuditChain extends Migration {
  override name = '0005_audit_chain';

  override up(): void {
    for (const sql of [
      `create table audit_chain (
         chain_id uuid not null,
         seq bigint not null,
         audit_id bigint not null unique references audit_log (id) deferrable initially deferred,
         prev_hash text not null,
         hash text not null,
         sealed_at timestamptz not null default now(),
         primary key (chain_id, seq)
       )`,
      `create trigger audit_chain_append_only before update or delete on audit_chain
         for each statement execute function audit_log_append_only()`,
      `create trigger audit_chain_no_truncate before truncate on audit_chain
         for each statement execute function audit_log_append_only()`,
      `revoke update, delete, truncate on audit_chain from ${APP_ROLE}`,
      // The chain of a provider is its id; platform-level entries chain under the nil uuid.
      `alter table audit_chain enable row level security`,
      `alter table audit_chain force row level security`,
      `create index audit_log_provider_at on audit_log (provider_id, at)`,
      `create policy audit_chain_tenant on audit_chain to ${APP_ROLE}
         using (chain_id = coalesce(app_tenant(), '00000000-0000-0000-0000-000000000000'))
         with check (chain_id = coalesce(app_tenant(), '00000000-0000-0000-0000-000000000000'))`,
    ]) this.addSql(sql);
  }
}

import { Migration } from '@mikro-orm/migrations';
import { DEFERRED } from './sql.ts';

/** Two-factor sign-in: TOTP secrets (encrypted by the app), one-time recovery codes, sign-in challenges. */
export class Mfa extends Migration {
  override name = '0005b_mfa';

  override up(): void {
    for (const sql of [
      `alter table user_account
         add column totp_secret text,
         add column totp_pending_secret text,
         add column totp_enabled_at timestamptz,
         add column totp_last_step bigint`,
      `create table mfa_recovery_code (
         id uuid primary key,
         user_id uuid not null references user_account (id) ${DEFERRED},
         code_hash text not null unique,
         used_at timestamptz,
         created_at timestamptz not null default now()
       )`,
      `create index mfa_recovery_code_user on mfa_recovery_code (user_id)`,
      `alter table action_token drop constraint action_token_kind_check`,
      `alter table action_token add constraint action_token_kind_check
         check (kind in ('invitation', 'password_reset', 'mfa_challenge'))`,
    ]) this.addSql(sql);
  }
}

import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from './sql.ts';

/** Roles, tenancy helpers, providers, identity, audit log and idempotency keys. */
export class Foundation extends Migration {
  override name = '0001_foundation';

  override up(): void {
    const sql = [
      `create extension if not exists pg_trgm`,
      `create extension if not exists btree_gist`,
      `do $$ begin
         if not exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
           create role ${APP_ROLE} nologin;
         end if;
       end $$`,
      `grant usage on schema public to ${APP_ROLE}`,
      `alter default privileges in schema public grant select, insert, update, delete on tables to ${APP_ROLE}`,
      `alter default privileges in schema public grant usage, select on sequences to ${APP_ROLE}`,
      `alter default privileges in schema public grant execute on functions to ${APP_ROLE}`,

      // The request's tenant and unit, set per transaction by the API (never per session).
      `create function app_tenant() returns uuid language sql stable as
         $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$`,
      `create function app_unit() returns uuid language sql stable as
         $$ select nullif(current_setting('app.unit_id', true), '')::uuid $$`,

      `create table provider (
         id uuid primary key,
         name text not null,
         edrpou text not null unique,
         oblast_code text not null,
         contact_email text not null,
         contact_phone text not null,
         accreditation_status text not null default 'pending'
           check (accreditation_status in ('pending', 'accredited', 'suspended', 'revoked')),
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         version integer not null default 1
       )`,
      `create index provider_name_trgm on provider using gin (name gin_trgm_ops)`,

      `create table user_account (
         id uuid primary key,
         email text not null unique check (email = lower(email)),
         full_name text not null,
         phone text,
         password_hash text,
         status text not null default 'invited' check (status in ('invited', 'active', 'deactivated')),
         locale text not null default 'uk' check (locale in ('uk', 'en')),
         last_login_at timestamptz,
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         version integer not null default 1
       )`,

      `create table membership (
         id uuid primary key,
         user_id uuid not null unique references user_account (id) deferrable initially deferred,
         provider_id uuid references provider (id) deferrable initially deferred,
         unit_id uuid,
         roles text[] not null check (cardinality(roles) > 0),
         position text,
         created_at timestamptz not null default now()
       )`,
      `create index membership_provider on membership (provider_id)`,
      `create index membership_unit on membership (unit_id)`,
      // Staff rows are visible to their own provider; contexts without a tenant (sign-in,
      // ministry, platform) see all, and the services scope those queries explicitly.
      `alter table membership enable row level security`,
      `alter table membership force row level security`,
      `create policy tenant_isolation on membership to ${APP_ROLE}
         using (app_tenant() is null or provider_id = app_tenant())
         with check (app_tenant() is null or provider_id = app_tenant())`,
      `alter table user_account enable row level security`,
      `alter table user_account force row level security`,
      `create policy tenant_isolation on user_account to ${APP_ROLE}
         using (app_tenant() is null or exists (
           select 1 from membership m where m.user_id = user_account.id and m.provider_id = app_tenant()))
         with check (true)`,

      `create table auth_session (
         id uuid primary key,
         user_id uuid not null references user_account (id) deferrable initially deferred,
         user_agent text,
         ip text,
         created_at timestamptz not null default now(),
         last_used_at timestamptz not null default now(),
         expires_at timestamptz not null,
         revoked_at timestamptz,
         revoked_reason text
       )`,
      `create index auth_session_user on auth_session (user_id)`,
      `create table refresh_token (
         id uuid primary key,
         session_id uuid not null references auth_session (id) deferrable initially deferred,
         token_hash text not null unique,
         created_at timestamptz not null default now(),
         used_at timestamptz
       )`,
      `create index refresh_token_session on refresh_token (session_id)`,
      `create table action_token (
         id uuid primary key,
         user_id uuid not null references user_account (id) deferrable initially deferred,
         kind text not null check (kind in ('invitation', 'password_reset')),
         token_hash text not null unique,
         expires_at timestamptz not null,
         used_at timestamptz,
         created_at timestamptz not null default now()
       )`,
      `create index action_token_user on action_token (user_id)`,
      `create table login_throttle (
         email text primary key,
         failures integer not null default 0,
         locked_until timestamptz,
         updated_at timestamptz not null default now()
       )`,

      `create table audit_log (
         id bigint generated always as identity primary key,
         at timestamptz not null default now(),
         provider_id uuid references provider (id) deferrable initially deferred,
         actor_id uuid,
         action text not null,
         entity text not null,
         entity_id text,
         request_id text,
         ip text,
         meta jsonb
       )`,
      `create index audit_log_provider_id on audit_log (provider_id, id desc)`,
      `create index audit_log_entity on audit_log (entity, entity_id)`,
      `create function audit_log_append_only() returns trigger language plpgsql as $$
         begin raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege'; end $$`,
      `create trigger audit_log_append_only before update or delete on audit_log
         for each statement execute function audit_log_append_only()`,
      `create trigger audit_log_no_truncate before truncate on audit_log
         for each statement execute function audit_log_append_only()`,
      `revoke update, delete, truncate on audit_log from ${APP_ROLE}`,
      `alter table audit_log enable row level security`,
      `alter table audit_log force row level security`,
      `create policy audit_read on audit_log for select to ${APP_ROLE}
         using (provider_id = app_tenant() or (app_tenant() is null and provider_id is null))`,
      `create policy audit_append on audit_log for insert to ${APP_ROLE}
         with check (provider_id is not distinct from app_tenant())`,

      // Readiness compares the applied migrations with the ones the code knows.
      `grant select on mikro_orm_migrations to ${APP_ROLE}`,

      // Replays of POSTs that create, keyed per user (architecture.md, "Writes").
      `create table idempotency_key (
         user_id uuid not null,
         key text not null,
         method text not null,
         path text not null,
         status_code integer,
         response jsonb,
         created_at timestamptz not null default now(),
         primary key (user_id, key)
       )`,
    ];
    for (const s of sql) this.addSql(s);
  }
}

/**
 * SQL building blocks shared by migrations. Migrations are never edited after they land, so
 * these helpers must keep producing the same SQL: add new helpers rather than change these.
 */

/** The role the API connects as: no superuser, no BYPASSRLS. Created by the first migration. */
export const APP_ROLE = 'app_user';

/**
 * Tenancy, part two: forced row-level security on a provider-owned table. `app_tenant()` reads
 * the transaction-local `app.tenant_id`; when it is unset the policy matches no row.
 */
export function tenantTable(table: string): string[] {
  return [
    `alter table "${table}" enable row level security`,
    `alter table "${table}" force row level security`,
    `create policy tenant_isolation on "${table}" to ${APP_ROLE} using (provider_id = app_tenant()) with check (provider_id = app_tenant())`,
  ];
}

/** Lets child rows reference their parent only within one provider: unique (provider_id, id). */
export function tenantKey(table: string): string {
  return `alter table "${table}" add constraint "${table}_provider_id_id_key" unique (provider_id, id)`;
}

/**
 * Foreign keys are checked at commit (deferrable initially deferred): entities carry plain id
 * columns rather than ORM relations, so the unit of work does not order inserts by them.
 */
export const DEFERRED = 'deferrable initially deferred';

import pg from 'pg';
import { APP_ROLE } from '../migrations/sql.ts';

/**
 * Creates the login role the API uses (no superuser, no BYPASSRLS) and the database, as a
 * superuser. Production does this once by hand or through the operator (docs/operations.md).
 */
export async function ensureRoleAndDatabase(superUrl: string, database: string, appPassword: string) {
  const client = new pg.Client({ connectionString: superUrl });
  await client.connect();
  try {
    const role = await client.query('select 1 from pg_roles where rolname = $1', [APP_ROLE]);
    const pw = client.escapeLiteral(appPassword);
    await client.query(role.rowCount
      ? `alter role ${APP_ROLE} login password ${pw} nosuperuser nobypassrls`
      : `create role ${APP_ROLE} login password ${pw} nosuperuser nobypassrls`);
    const db = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!db.rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string, user?: { name: string; password: string }) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user.name;
    u.password = encodeURIComponent(user.password);
  }
  return u.toString();
}

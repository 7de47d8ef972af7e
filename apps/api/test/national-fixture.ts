/** What the national generator's tests share: the tables it fills, and SQL as a database's owner. */
import pg from 'pg';
import { expect } from 'vitest';
import { OBLASTS, isValidEdrpou } from '@pilot/domain';
import { providerCount, TABLES } from '../src/seeders/national/tables.ts';
import { isGroup } from '../src/seeders/national/context.ts';
import type { createTestDatabase } from './harness.ts';

export type Db = Awaited<ReturnType<typeof createTestDatabase>>;

export const TABLE_NAMES = [...new Set(TABLES.flatMap((g) => (isGroup(g) ? g.tables.map((t) => t.table) : [g.table])))];

/** Rows of one statement on a connection of its own (the owner's, unless `url` says another role). */
export async function query<T extends pg.QueryResultRow>(db: Db, text: string, params: unknown[] = [], url = db.ownerUrl) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

export const one = async <T extends pg.QueryResultRow>(db: Db, text: string, params: unknown[] = []) => (await query<T>(db, text, params))[0]!;

/** The generated providers: as many as the scale says, each in an oblast, with a valid and unique EDRPOU. */
export async function expectProviders(db: Db, scale: number) {
  const providers = await query<{ edrpou: string; oblast_code: string }>(db, `select * from provider`);
  expect(providers).toHaveLength(providerCount(scale));
  expect(providers.every((p) => isValidEdrpou(p.edrpou))).toBe(true);
  expect(new Set(providers.map((p) => p.edrpou)).size).toBe(providers.length);
  const oblasts = new Set(OBLASTS.map((o) => o.code));
  expect(providers.every((p) => oblasts.has(p.oblast_code))).toBe(true);
  return providers;
}

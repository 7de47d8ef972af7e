import { z } from 'zod';
import { badRequest } from './problems.ts';

/**
 * Opaque keyset cursors: the sort key of the last row of a page. Lists sort by a stable key
 * (e.g. created_at desc, id desc), so the next page starts strictly after it.
 */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A calendar date PostgreSQL accepts, exactly as `to_char(…, 'YYYY-MM-DD')` writes it. */
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/**
 * What each part of a sort key may hold. A cursor is client input: it decodes to values the
 * query then casts (`?::timestamptz`, `?::uuid`, a bigint), and a value the cast refuses would
 * fail the query with a 500 instead of telling the client its cursor is wrong.
 */
const KEY_PARTS = {
  /** A timestamp, exactly as `iso()` wrote it (the only form this API hands out). */
  time: z.string().refine((v) => /^\d{4}-/.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v),
  date: z.string().refine(isDate),
  uuid: z.guid(),
  /** A name or code: any text PostgreSQL can store (no NUL), no longer than the cursor allows. */
  text: z.string().max(300).refine((v) => !v.includes('\u0000')),
  /** An identity column (audit log): digits within bigint. */
  seq: z.string().regex(/^\d{1,18}$/),
} as const;

export type CursorShape = readonly (keyof typeof KEY_PARTS)[];

/**
 * The sort key a cursor holds, checked part by part against the list's `shape`, or null for the
 * first page. Anything else is the client's mistake: 400 naming the `cursor` field.
 */
export function decodeCursor(cursor: string | undefined, shape: CursorShape): string[] | null {
  if (!cursor) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (Array.isArray(key) && key.length === shape.length && key.every((v, i) => KEY_PARTS[shape[i]!].safeParse(v).success)) {
    return key as string[];
  }
  throw badRequest('The cursor is not valid', [{ path: 'query.cursor', message: 'Invalid cursor' }]);
}

/** Fetch limit+1 rows, return `limit` of them and the cursor of the last when more exist. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  return { items, nextCursor: more ? encodeCursor(keyOf(items[items.length - 1]!)) : null };
}

export const iso = (d: Date | string | null | undefined): string | null =>
  d == null ? null : (d instanceof Date ? d : new Date(d)).toISOString();

import { badRequest } from './problems.ts';

/**
 * Opaque keyset cursors: the sort key of the last row of a page. Lists sort by a stable key
 * (e.g. created_at desc, id desc), so the next page starts strictly after it.
 */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((v) => typeof v === 'string' || typeof v === 'number')) return key;
  } catch {
    // fall through to the 400 below
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

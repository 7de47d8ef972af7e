import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value in PostgreSQL's COPY text format: `\N` for null, arrays as `{a,b}`, escapes for the rest. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return copyValue(`{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  if (typeof v === 'object') return copyValue(JSON.stringify(v));
  return String(v).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

/**
 * Streams rows into `table` with COPY FROM STDIN, honouring backpressure. `onRows` is called
 * with the count written so far (progress).
 */
export async function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>, onRows: (n: number) => void) {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let n = 0;
  for (const row of rows) {
    if (!stream.write(`${row.map(copyValue).join('\t')}\n`)) await new Promise((r) => stream.once('drain', r));
    if (++n % 1000 === 0) onRows(n);
  }
  stream.end();
  await done;
  onRows(n);
  return n;
}

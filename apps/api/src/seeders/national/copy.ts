import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in PostgreSQL's COPY text format: `\N` for null, arrays as `{a,b}`, escapes for the rest. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return copyValue(`{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  if (typeof v === 'object') return copyValue(JSON.stringify(v));
  const s = String(v);
  return SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}

/** Rows are sent in chunks of about this many characters: one message and one socket write each. */
const CHUNK = 256 * 1024;

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
  let chunk = '';
  const flush = async () => {
    if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r));
    chunk = '';
    onRows(n);
  };
  for (const row of rows) {
    chunk += `${row.map(copyValue).join('\t')}\n`;
    n++;
    if (chunk.length >= CHUNK) await flush();
  }
  if (chunk) await flush();
  stream.end();
  await done;
  onRows(n);
  return n;
}

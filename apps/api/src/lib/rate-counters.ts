/**
 * Rate-limit counters shared by every API replica through the `rate_limit_hit` table (ADR 16).
 * Two ways of counting, by how much a few extra requests matter:
 * - exact (sign-in): one upsert per counted request, so no replica can let a guess through
 *   that another has already counted;
 * - batched (API calls, page views): counted in memory and added to the table every
 *   FLUSH_MS in one statement, which also brings back what the other replicas counted. A
 *   request costs no round trip; a replica learns of the others' requests up to FLUSH_MS late.
 */
import type { Orm } from '../db/orm.ts';

export interface Count { current: number; ttl: number }

const FLUSH_MS = 250;

const ADD = `insert into rate_limit_hit as h (key, hits, window_ends)
  select k, n, clock_timestamp() + w * interval '1 millisecond'
    from jsonb_to_recordset(?::jsonb) as t(k text, n integer, w integer)
  on conflict (key) do update set
    hits = case when h.window_ends <= clock_timestamp() then excluded.hits else h.hits + excluded.hits end,
    window_ends = case when h.window_ends <= clock_timestamp() then excluded.window_ends else h.window_ends end
  returning key, hits, greatest(0, ceil(extract(epoch from h.window_ends - clock_timestamp()) * 1000))::integer as ttl`;

interface Local { counted: number; pending: number; windowEnds: number; window: number }

export class RateCounters {
  readonly #orm: Orm;
  readonly #local = new Map<string, Local>();
  #flushing: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(orm: Orm) {
    this.#orm = orm;
  }

  /** Adds `n` hits to each key in one statement; answers the table's totals. */
  async #add(keys: string[], hits: number[], windows: number[]): Promise<Map<string, Count>> {
    // One JSON parameter: the driver would spread arrays into lists of parameters.
    const batch = JSON.stringify(keys.map((k, i) => ({ k, n: hits[i], w: windows[i] })));
    const rows = await this.#orm.em.getConnection().execute<{ key: string; hits: number; ttl: number }[]>(ADD, [batch], 'all');
    return new Map(rows.map((r) => [r.key, { current: r.hits, ttl: r.ttl }]));
  }

  /** One more request of `key`, counted in the table before it answers. */
  async exact(key: string, window: number): Promise<Count> {
    return (await this.#add([key], [1], [window])).get(key)!;
  }

  /** One more request of `key`, counted here now and in the table at the next flush. */
  batched(key: string, window: number): Count {
    const now = Date.now();
    let entry = this.#local.get(key);
    if (!entry || entry.windowEnds <= now) {
      entry = { counted: 0, pending: 0, windowEnds: now + window, window };
      this.#local.set(key, entry);
    }
    entry.pending += 1;
    this.#timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
    return { current: entry.counted + entry.pending, ttl: entry.windowEnds - now };
  }

  /** Sends what was counted here since the last flush and takes the totals back. */
  flush(): Promise<void> {
    this.#flushing ??= this.#flush().finally(() => { this.#flushing = null; });
    return this.#flushing;
  }

  async #flush() {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const now = Date.now();
    const sent = [...this.#local].filter(([key, e]) => {
      if (e.windowEnds <= now) this.#local.delete(key);
      return e.pending > 0 && e.windowEnds > now;
    });
    if (!sent.length) return;
    const pending = sent.map(([, e]) => e.pending);
    for (const [, e] of sent) e.pending = 0;
    try {
      const totals = await this.#add(sent.map(([k]) => k), pending, sent.map(([, e]) => e.window));
      for (const [key, e] of sent) {
        const total = totals.get(key);
        if (total) Object.assign(e, { counted: total.current, windowEnds: Date.now() + total.ttl });
      }
    } catch {
      // The database is away: keep counting here, and send the hits with the next flush.
      sent.forEach(([, e], i) => { e.pending += pending[i]!; });
      this.#timer ??= setTimeout(() => void this.flush(), FLUSH_MS * 4).unref();
    }
  }
}

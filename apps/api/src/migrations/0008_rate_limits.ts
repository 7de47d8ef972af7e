import { Migration } from '@mikro-orm/migrations';

/**
 * Request counters of the rate limits, shared by every API replica (an in-memory counter per
 * process multiplied a person's limit by the number of pods). Unlogged: counters are worthless
 * after a crash and need no WAL. Keys are client addresses with a group suffix; nothing about a
 * person. Expired windows are deleted by the `rate-limits.prune` job.
 */
export class RateLimits extends Migration {
  override name = '0008_rate_limits';

  override up(): void {
    this.addSql(`create unlogged table rate_limit_hit (
      key text primary key,
      hits integer not null,
      window_ends timestamptz not null
    )`);
    this.addSql('create index rate_limit_hit_window_ends on rate_limit_hit (window_ends)');
  }
}

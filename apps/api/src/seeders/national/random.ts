import { createHash } from 'node:crypto';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { v7 } from 'uuid';

/**
 * Deterministic randomness for the national-scale generator. Every table draws from its own
 * stream, derived from the run's seed and the table's name, so adding a table generator never
 * changes the rows of the others.
 */
export class Random {
  readonly #rng: ReturnType<typeof xoroshiro128plus>;
  readonly #epoch: number;
  #ids = 0;

  constructor(seed: number, stream: string, epoch = Date.UTC(2026, 0, 1)) {
    const derived = createHash('sha256').update(`${seed}:${stream}`).digest().readInt32BE(0);
    this.#rng = xoroshiro128plus(derived);
    this.#epoch = epoch;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return uniformInt(this.#rng, min, max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  chance(p: number): boolean {
    return this.int(0, 999_999) < p * 1_000_000;
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let r = this.int(0, total - 1);
    for (const [value, w] of choices) {
      if (r < w) return value;
      r -= w;
    }
    return choices.at(-1)![0];
  }

  /** A moment within `days` days before the generator's fixed "now" (never the real clock). */
  before(days: number): Date {
    return new Date(this.#epoch - this.int(0, days * 86_400) * 1000);
  }

  /** A time-ordered UUID (v7) like the application's own, from this stream's randomness. */
  uuid(at = this.before(365)): string {
    const random = new Uint8Array(16);
    for (let i = 0; i < 16; i++) random[i] = this.int(0, 255);
    // Ids made in the same millisecond stay unique and ordered through the counter bits.
    return v7({ msecs: at.getTime(), seq: this.#ids++, random });
  }
}

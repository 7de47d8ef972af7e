import { createHash } from 'node:crypto';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { v7 } from 'uuid';

const DAY = 86_400_000;

/**
 * Deterministic randomness for the national-scale generator. Every table draws from its own
 * stream, derived from the run's seed and the table's name, so adding a table generator never
 * changes the rows of the others.
 */
export class Random {
  readonly #rng: ReturnType<typeof xoroshiro128plus>;
  readonly #epoch: number;
  /**
   * The stream's full hash: the generator's seed is only 32 bits of it, and among the hundreds
   * of thousands of per-case streams two share a seed; mixing the rest into ids keeps those apart.
   */
  readonly #salt: Buffer;
  #ids = 0;

  /** `epoch` is the generated data's "now" (never the real clock): `before()` counts back from it. */
  constructor(seed: number, stream: string, epoch = Date.UTC(2026, 0, 1)) {
    this.#salt = createHash('sha256').update(`${seed}:${stream}`).digest();
    this.#rng = xoroshiro128plus(this.#salt.readInt32BE(0));
    this.#epoch = epoch;
  }

  /** The stream's "now". */
  get now(): Date {
    return new Date(this.#epoch);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return uniformInt(this.#rng, min, max);
  }

  /** A number in [0, 1). */
  float(): number {
    return (this.#rng.next() >>> 0) / 4_294_967_296;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let r = this.float() * total;
    for (const [value, w] of choices) {
      if (r < w) return value;
      r -= w;
    }
    return choices.at(-1)![0];
  }

  /** A moment within `days` days before the stream's "now". */
  before(days: number): Date {
    return new Date(this.#epoch - this.int(0, days * 86_400) * 1000);
  }

  /** A moment between two others (uniform). */
  between(from: Date, to: Date): Date {
    return new Date(from.getTime() + this.float() * Math.max(0, to.getTime() - from.getTime()));
  }

  /** A duration in days with a long tail: most are near `typical`, a few many times longer. */
  days(typical: number): number {
    return -Math.log(1 - this.float()) * typical;
  }

  /** `at` plus a number of days (fractional). */
  static after(at: Date, days: number): Date {
    return new Date(at.getTime() + days * DAY);
  }

  /** A time-ordered UUID (v7) like the application's own, from this stream's randomness. */
  uuid(at = this.before(365)): string {
    const random = new Uint8Array(16);
    for (let i = 0; i < 16; i += 4) {
      const n = this.#rng.next();
      random[i] = (n >>> 24) ^ this.#salt[16 + i]!;
      random[i + 1] = (n >>> 16) ^ this.#salt[17 + i]!;
      random[i + 2] = (n >>> 8) ^ this.#salt[18 + i]!;
      random[i + 3] = n ^ this.#salt[19 + i]!;
    }
    // Ids made in the same millisecond stay unique and ordered through the counter bits.
    return v7({ msecs: at.getTime(), seq: this.#ids++, random });
  }
}

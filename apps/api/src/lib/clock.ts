/**
 * Where "now" comes from for anything time-based (deadlines, escalations), so tests can move
 * time: the app reads `app.clock.now()`, never `new Date()`, for decisions that depend on time.
 */
export interface Clock { now(): Date }

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests set by hand. It follows real time until set, then stands still where put. */
export class ManualClock implements Clock {
  #fixed: number | null = null;

  now(): Date {
    return new Date(this.#fixed ?? Date.now());
  }

  set(at: Date | string): void {
    this.#fixed = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.#fixed = this.now().getTime() + ms;
  }

  /** Back to real time. */
  reset(): void {
    this.#fixed = null;
  }
}

import { LRUCache } from 'lru-cache';
import { Counter, type Registry } from 'prom-client';

/**
 * Built report views of this process (ADR 15). A view is keyed by everything that makes it
 * immutable — the published refresh id, what it shows, and whose view it is — so an entry is
 * never wrong, only unused: a new publish changes the id and the old entries age out.
 *
 * Bounded by entries (least recently used out first); concurrent requests for one key share one
 * build; at most `building` different views are built at once, the rest wait their turn.
 */
export class ViewCache {
  readonly #cache: LRUCache<string, object, () => Promise<object>>;
  readonly #served: Counter<'result'>;
  readonly #building: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(registry: Registry, opts: { entries: number; building: number }) {
    this.#building = opts.building;
    this.#served = new Counter({
      name: 'pilot_report_views_total',
      help: 'Report views asked for, by how the cache answered (hit, miss: built, inflight: shared a build under way)',
      labelNames: ['result'] as const,
      registers: [registry],
    });
    this.#cache = new LRUCache({
      max: opts.entries,
      // An entry evicted while it is being built still answers the requests waiting for it.
      ignoreFetchAbort: true,
      fetchMethod: (_key, _stale, { context }) => this.#limited(context),
    });
  }

  /** The view under `key`, built by `build` when no entry (or build under way) has it. */
  async get<T extends object>(key: string, build: () => Promise<T>): Promise<T> {
    const status: LRUCache.Status<string, object, () => Promise<object>> = {};
    const view = this.#cache.fetch(key, { context: build, status });
    this.#served.inc({ result: status.fetch ?? 'miss' });
    return (await view) as T;
  }

  async #limited(build: () => Promise<object>) {
    if (this.#running >= this.#building) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      return await build();
    } finally {
      // The slot passes straight to the next waiter, or frees up.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

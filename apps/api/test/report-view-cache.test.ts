import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { ViewCache } from '../src/modules/reports/view-cache.ts';

/** The cache's own guarantees, with builds the test finishes by hand (no timing involved). */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('ViewCache', () => {
  it('shares one build among concurrent requests for a key, then answers from memory', async () => {
    const cache = new ViewCache(new Registry(), { entries: 10, building: 2 });
    const gate = deferred<{ n: number }>();
    let builds = 0;
    const build = () => { builds++; return gate.promise; };
    const waiting = Array.from({ length: 5 }, () => cache.get('a', build));
    await tick();
    gate.resolve({ n: 1 });
    const views = await Promise.all(waiting);
    expect(builds).toBe(1);
    for (const v of views) expect(v).toBe(views[0]);
    expect(await cache.get('a', build)).toBe(views[0]);
    expect(builds).toBe(1);
  });

  it('builds at most `building` different views at once; the others wait for a slot', async () => {
    const cache = new ViewCache(new Registry(), { entries: 10, building: 2 });
    const gates = new Map(['a', 'b', 'c'].map((k) => [k, deferred<{ k: string }>()]));
    const started: string[] = [];
    const get = (k: string) => cache.get(k, () => { started.push(k); return gates.get(k)!.promise; });
    const views = ['a', 'b', 'c'].map(get);
    await tick();
    expect(started).toEqual(['a', 'b']);
    gates.get('a')!.resolve({ k: 'a' });
    await views[0];
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    gates.get('b')!.resolve({ k: 'b' });
    gates.get('c')!.resolve({ k: 'c' });
    expect((await Promise.all(views)).map((v) => v.k)).toEqual(['a', 'b', 'c']);
  });

  it('keeps no failed build, and evicts the least recently used view beyond its bound', async () => {
    const cache = new ViewCache(new Registry(), { entries: 2, building: 2 });
    await expect(cache.get('x', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    expect(await cache.get('x', async () => ({ ok: true }))).toEqual({ ok: true });
    let builds = 0;
    const build = async () => ({ n: ++builds });
    await cache.get('a', build);
    await cache.get('b', build);
    await cache.get('a', build);
    await cache.get('c', build); // evicts b, the least recently used
    expect(builds).toBe(3);
    await cache.get('a', build);
    expect(builds).toBe(3);
    await cache.get('b', build);
    expect(builds).toBe(4);
  });
});

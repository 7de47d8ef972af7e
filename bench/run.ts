/**
 * `pnpm bench [--duration 10] [--connections 50] [--pool 10] [--scale 0.1 | --full] [--seed 1] [--only name]`, or
 * `pnpm bench --pages` for server-rendered pages beside their API routes (bench/pages.ts), or
 * `pnpm bench --web [--no-build]` for the web app's JavaScript per screen (bench/web-size.ts) and
 * Lighthouse's performance and accessibility scores of the key screens (bench/lighthouse.ts).
 *
 * Starts its own PostgreSQL 18 (embedded, durable settings), migrates it and fills it with the
 * national-scale generator; starts the API in production mode (NODE_ENV=production, its own
 * secrets, no demo data) and the floor server (bare Fastify + node-postgres, bench/floor-server.ts)
 * against the same database; signs in generated users of several providers; then, for each
 * scenario in bench/scenarios.ts:
 *   1. counts the SQL round trips of one request, through a counting proxy (bench/pg-counter.ts);
 *   2. loads the API, then the floor, with autocannon over loopback (warm-up, then measured).
 * Prints a table (throughput, p50/p95/p99, the floor beside it and the ratio) and writes the
 * figures to bench/results/. Not part of `pnpm test` (docs/performance.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { commitSha, percentile, prepareBench, root, startServer, step } from './harness.ts';
import { startPgCounter } from './pg-counter.ts';
import { SCENARIOS, type BenchUser, type Scenario } from './scenarios.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    scale: { type: 'string', default: '0.1' },
    /** The whole country: `--scale 1` (about 10 minutes of generation before the runs). */
    full: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
    pool: { type: 'string', default: '10' },
    /** Only the web app: JavaScript per screen (bench/web-size.ts) and Lighthouse (bench/lighthouse.ts). */
    web: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    /** Server-rendered pages beside their API routes (bench/pages.ts, which reads its own options). */
    pages: { type: 'boolean', default: false },
    'server-root': { type: 'string' },
  },
});
if (args.pages) {
  await import('./pages.ts');
  process.exit(process.exitCode ?? 0);
}
if (args.web) {
  await import('./web-size.ts');
  await import('./lighthouse.ts');
  process.exit(0);
}
const SCALE = args.full ? 1 : Number(args.scale);
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const USERS_PER_SCENARIO = 24;
const COUNTED_REQUESTS = 20;
/** `--only a,b`: those scenarios; `--only -a`: all but those. */
const only = args.only?.split(',').map((n) => n.trim());
const scenarios = SCENARIOS.filter((s) => !only || (only.every((n) => n.startsWith('-')) ? !only.includes(`-${s.name}`) : only.includes(s.name)));
if (!scenarios.length) throw new Error(`No scenario named ${args.only}: ${SCENARIOS.map((s) => s.name).join(', ')}`);

interface Target { url: string; request(s: Scenario, i: number, u: BenchUser, n: number): { method: 'GET' | 'POST' | 'PATCH'; path: string; headers: Record<string, string>; body?: string } }

/** The API, called as the user would: bearer token, JSON body. */
const apiTarget = (url: string, password: string): Target => ({
  url,
  request: (s, _i, u, n) => {
    const r = s.request(u, { password, n });
    return {
      method: r.method, path: r.path,
      headers: { ...(r.anonymous ? {} : { authorization: `Bearer ${u.token}` }), ...(r.body ? { 'content-type': 'application/json' } : {}) },
      ...(r.body ? { body: JSON.stringify(r.body) } : {}),
    };
  },
});
/** The floor: the scenario's SQL with the same user's parameters. */
const floorTarget = (url: string, password: string): Target => ({
  url,
  request: (s, i, u, n) => ({
    method: 'POST', path: `/floor/${i}`, headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ params: s.floor.params(u, { password, n }), password }),
  }),
});

/** Numbers every request of the run, so writes can carry unique values (`RequestContext.n`). */
let sequence = 0;

interface LoadResult { rps: number; p50: number; p95: number; p99: number; requests: number; failures: number }

/** autocannon against one target, users rotating per request; latencies recorded per response. */
function load(target: Target, s: Scenario, i: number, users: BenchUser[], duration: number): Promise<LoadResult> {
  let n = 0;
  const latencies: number[] = [];
  return new Promise((resolveLoad, reject) => {
    const instance = autocannon({
      url: target.url,
      connections: CONNECTIONS,
      duration,
      requests: [{ setupRequest: (req) => ({ ...req, ...target.request(s, i, users[n++ % users.length]!, sequence++) }) }],
    }, (err, r) => {
      if (err) return reject(err);
      latencies.sort((a, b) => a - b);
      resolveLoad({
        rps: r.requests.total / r.duration, requests: r.requests.total,
        p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99),
        failures: r.non2xx + r.errors + r.timeouts,
      });
    });
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

/** Round trips and statements of one request, averaged over a few sequential ones. */
async function countRoundTrips(counter: Awaited<ReturnType<typeof startPgCounter>>, target: Target, s: Scenario, i: number, users: BenchUser[]) {
  counter.take();
  for (let k = 0; k < COUNTED_REQUESTS; k++) {
    const r = target.request(s, i, users[k % users.length]!, sequence++);
    const res = await fetch(target.url + r.path, { method: r.method, headers: r.headers, body: r.body });
    if (!res.ok) throw new Error(`${s.name}: ${res.status} ${await res.text()}`);
  }
  const { roundTrips, statements } = counter.take();
  // The ORM inlines values into the SQL text: fold them back into placeholders to list shapes.
  const shape = (t: string) => t.replace(/'(?:[^']|'')*'/g, '?').replace(/\b\d+(\.\d+)?\b/g, '?').replace(/\s+/g, ' ').trim();
  const shapes = [...new Set(statements.map(shape))];
  return { roundTrips: roundTrips / COUNTED_REQUESTS, statements: shapes };
}

// ---- the run ---------------------------------------------------------------------------------
const loadAtStart = loadavg();
const bench = await prepareBench({ scale: SCALE, seed: Number(args.seed), pool: args.pool, report: scenarios.some((s) => s.readsReport) });
const { pgPort, owner, password, generated, reportRefresh, apiEnv, floorEnv, stops } = bench;

try {
  const pgVersion = (await owner.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!.v;
  const startPair = async (dbPort: number) => {
    const api = await startServer('apps/api/src/server.ts', apiEnv(dbPort), '/api/ready');
    const floor = await startServer('bench/floor-server.ts', floorEnv(dbPort), '/health');
    return { api, floor, stop: async () => { await api.stop(); await floor.stop(); } };
  };

  step('counting SQL round trips per request');
  const counter = await startPgCounter(pgPort);
  stops.push(() => counter.close());
  let pair = await startPair(counter.port);
  const { users } = await bench.signInUsers(pair.api.url, scenarios, USERS_PER_SCENARIO);
  const counts = new Map<Scenario, { api: Awaited<ReturnType<typeof countRoundTrips>>; floor: Awaited<ReturnType<typeof countRoundTrips>> }>();
  for (const s of scenarios) {
    const i = SCENARIOS.indexOf(s);
    counts.set(s, {
      api: await countRoundTrips(counter, apiTarget(pair.api.url, password), s, i, users.get(s)!),
      floor: await countRoundTrips(counter, floorTarget(pair.floor.url, password), s, i, users.get(s)!),
    });
  }
  await pair.stop();

  step(`load: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per run, API then floor`);
  pair = await startPair(pgPort);
  stops.push(() => pair.stop());
  const results = [];
  for (const s of scenarios) {
    const i = SCENARIOS.indexOf(s);
    const measured: Record<'api' | 'floor', LoadResult> = {} as never;
    for (const [which, target] of [['api', apiTarget(pair.api.url, password)], ['floor', floorTarget(pair.floor.url, password)]] as const) {
      await load(target, s, i, users.get(s)!, WARMUP);
      measured[which] = await load(target, s, i, users.get(s)!, DURATION);
    }
    const c = counts.get(s)!;
    results.push({
      scenario: s.name, as: s.as, users: users.get(s)!.length,
      api: { ...measured.api, roundTrips: c.api.roundTrips, statements: c.api.statements },
      floor: { ...measured.floor, roundTrips: c.floor.roundTrips },
      ratio: measured.api.rps / measured.floor.rps,
    });
    const failed = (which: 'api' | 'floor') => (measured[which].failures ? `, ${measured[which].failures} FAILED` : '');
    console.log(`  ${s.name}: API ${measured.api.rps.toFixed(0)} req/s (p95 ${measured.api.p95.toFixed(1)} ms${failed('api')}), `
      + `floor ${measured.floor.rps.toFixed(0)} req/s (p95 ${measured.floor.p95.toFixed(1)} ms${failed('floor')}), ${c.api.roundTrips.toFixed(1)} / ${c.floor.roundTrips.toFixed(1)} round trips`);
  }

  const fmt = (n: number, d = 1) => n.toFixed(d);
  console.log('');
  console.table(Object.fromEntries(results.map((r) => [r.scenario, {
    'API req/s': fmt(r.api.rps, 0), 'p50 ms': fmt(r.api.p50), 'p95 ms': fmt(r.api.p95), 'p99 ms': fmt(r.api.p99),
    'floor req/s': fmt(r.floor.rps, 0), 'floor p50': fmt(r.floor.p50), 'floor p95': fmt(r.floor.p95), 'floor p99': fmt(r.floor.p99),
    'API/floor': fmt(r.ratio, 2), 'SQL trips': `${fmt(r.api.roundTrips)} / ${fmt(r.floor.roundTrips)}`,
    failed: `${r.api.failures} / ${r.floor.failures}`,
  }])));

  const sha = commitSha();
  const when = new Date().toISOString();
  const out = join(root, 'bench/results', `${when.replace(/[:.]/g, '-')}-${sha}.json`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(out, JSON.stringify({
    when, commit: sha,
    // The load average says how much else ran on the machine: compare runs only at similar loads.
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: pgVersion, loadAverage: { atStart: loadAtStart, atEnd: loadavg() } },
    options: { durationSeconds: DURATION, warmupSeconds: WARMUP, connections: CONNECTIONS, pool: Number(args.pool), scale: SCALE, seed: Number(args.seed) },
    data: generated,
    reportRefresh,
    results,
  }, null, 2));
  console.log(`\n  load average ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} → ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores (other work on the machine skews every figure)`);
  console.log(`  written to ${out}\n`);
  // A failed answer (an error or a timeout) is a finding: the run says so and fails, after the
  // figures are written. The floor has no such duty: at national scale it may not keep up.
  const apiFailures = results.filter((r) => r.api.failures > 0).map((r) => r.scenario);
  if (apiFailures.length) {
    console.error(`✗ the API failed requests in: ${apiFailures.join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  await bench.cleanup();
}

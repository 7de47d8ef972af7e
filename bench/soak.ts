/**
 * `pnpm bench:soak [--minutes 30] [--rate 50] [--every 60] [--scale 0.1] [--seed 1] [--pool 10]`
 *
 * A long run at a steady, realistic rate rather than flat out: the API (production mode, on the
 * bench harness's generated data) takes `--rate` requests per second of a mixed workload (mostly
 * reading cases and tasks, some dashboards and reports, a few sign-ins) for `--minutes`. Every
 * `--every` seconds it reports that window's throughput, p50/p95/p99 latency and failures, with
 * the API's memory (resident set, V8 heap) and event-loop lag from its Prometheus endpoint. What
 * to look for: memory that keeps climbing after warm-up (a leak), latency that drifts upward
 * (growing tables, bloat, a pool running dry), any failure. Writes bench/results/soak-*.json.
 * Not part of `pnpm test` (docs/performance.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { commitSha, freePort, percentile, prepareBench, root, startServer, step } from './harness.ts';
import { SCENARIOS, type BenchUser, type Scenario } from './scenarios.ts';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rate: { type: 'string', default: '50' },
    every: { type: 'string', default: '60' },
    scale: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '1' },
    pool: { type: 'string', default: '10' },
  },
});
const RATE = Number(args.rate);
const EVERY = Number(args.every);
const SECONDS = Math.round(Number(args.minutes) * 60);

/** The day's mix, by scenario name: reading people's cases and tasks dominates; sign-ins are rare. */
const MIX: Record<string, number> = {
  'case list': 25, 'case page': 25, 'my tasks': 15, 'GET /me': 10, 'supervisor dashboard': 8,
  'referral submission': 5, 'ministry report': 4, 'provider report': 4, 'staff list': 2, 'login': 2,
};
const mixed = SCENARIOS.filter((s) => MIX[s.name]);
/** A fixed, interleaved order of scenarios honouring the weights (no randomness between runs). */
const schedule: Scenario[] = [];
for (let round = 0; schedule.length < mixed.reduce((n, s) => n + MIX[s.name]!, 0); round++) {
  for (const s of mixed) if (MIX[s.name]! > round) schedule.push(s);
}

const metric = (text: string, name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

const loadAtStart = loadavg();
const bench = await prepareBench({ scale: Number(args.scale), seed: Number(args.seed), pool: args.pool, report: true });
try {
  const metricsPort = await freePort();
  const api = await startServer('apps/api/src/server.ts', { ...bench.apiEnv(bench.pgPort), METRICS_PORT: String(metricsPort) }, '/api/ready');
  bench.stops.push(() => api.stop());
  const { users, renew } = await bench.signInUsers(api.url, mixed, 24);
  // Access tokens live 15 minutes; people sign in again, and so does the soak, every 10.
  let renewing = Promise.resolve();
  const renewal = setInterval(() => { renewing = renew().catch((err: Error) => console.error(`  renewing sign-ins: ${err.message}`)); }, 10 * 60_000);
  const sample = async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return {
      rssMiB: metric(text, 'process_resident_memory_bytes') / 2 ** 20,
      heapMiB: metric(text, 'nodejs_heap_size_used_bytes') / 2 ** 20,
      eventLoopLagP99Ms: metric(text, 'nodejs_eventloop_lag_p99_seconds') * 1000,
    };
  };

  step(`soak: ${RATE} req/s for ${args.minutes} min, a window every ${EVERY} s; mix ${mixed.map((s) => `${s.name} ${MIX[s.name]}`).join(', ')}`);
  let n = 0;
  let window = { latencies: [] as number[], failures: 0, started: Date.now() };
  /** Failed answers by scenario and status, over the whole run (a soak should have none). */
  const failedBy: Record<string, number> = {};
  const windows: Record<string, number>[] = [];
  const close = async () => {
    const w = window;
    window = { latencies: [], failures: 0, started: Date.now() };
    w.latencies.sort((a, b) => a - b);
    const row = {
      minute: Math.round((windows.length + 1) * EVERY / 6) / 10,
      'req/s': w.latencies.length / ((Date.now() - w.started) / 1000),
      p50: percentile(w.latencies, 0.5), p95: percentile(w.latencies, 0.95), p99: percentile(w.latencies, 0.99),
      failures: w.failures, ...(await sample()),
    };
    windows.push(row);
    console.log(`  ${row.minute.toFixed(1)} min: ${row['req/s'].toFixed(1)} req/s, p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, `
      + `${row.failures} failed, RSS ${row.rssMiB.toFixed(0)} MiB, heap ${row.heapMiB.toFixed(0)} MiB, loop lag p99 ${row.eventLoopLagP99Ms.toFixed(1)} ms`);
  };
  const ticker = setInterval(() => void close(), EVERY * 1000);
  await new Promise<void>((resolveRun, reject) => {
    const instance = autocannon({
      url: api.url, connections: 10, overallRate: RATE, duration: SECONDS,
      requests: [{
        setupRequest: (req, context: { scenario?: string }) => {
          const s = schedule[n % schedule.length]!;
          context.scenario = s.name;
          const list: BenchUser[] = users.get(s)!;
          const u = list[Math.floor(n / schedule.length) % list.length]!;
          const r = s.request(u, { password: bench.password, n: n++ });
          return {
            ...req, method: r.method, path: r.path,
            headers: { ...(r.anonymous ? {} : { authorization: `Bearer ${u.token}` }), ...(r.body ? { 'content-type': 'application/json' } : {}) },
            ...(r.body ? { body: JSON.stringify(r.body) } : {}),
          };
        },
        onResponse: (status, body, context: { scenario?: string }) => {
          if (status < 400) return;
          const key = `${String(context.scenario)} → ${status}`;
          if (!failedBy[key]) console.log(`  failed: ${key} ${body.slice(0, 200)}`);
          failedBy[key] = (failedBy[key] ?? 0) + 1;
        },
      }],
    }, (err) => (err ? reject(err) : resolveRun()));
    instance.on('response', (_client, status, _bytes, ms) => {
      window.latencies.push(ms);
      if (status >= 400) window.failures++;
    });
  });
  clearInterval(ticker);
  clearInterval(renewal);
  await renewing;
  if (window.latencies.length) await close();

  const first = windows[0];
  const last = windows.at(-1);
  console.log('');
  console.table(windows.map((w) => Object.fromEntries(Object.entries(w).map(([k, v]) => [k, Number(v.toFixed(1))]))));
  if (first && last) {
    console.log(`  from the first window to the last: RSS ${first.rssMiB!.toFixed(0)} → ${last.rssMiB!.toFixed(0)} MiB, heap ${first.heapMiB!.toFixed(0)} → ${last.heapMiB!.toFixed(0)} MiB, p95 ${first.p95!.toFixed(1)} → ${last.p95!.toFixed(1)} ms`);
  }
  if (Object.keys(failedBy).length) console.log(`  failures: ${JSON.stringify(failedBy)}`);
  const when = new Date().toISOString();
  const out = join(root, 'bench/results', `soak-${when.replace(/[:.]/g, '-')}-${commitSha()}.json`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(out, JSON.stringify({
    when, commit: commitSha(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, loadAverage: { atStart: loadAtStart, atEnd: loadavg() } },
    options: { minutes: Number(args.minutes), rate: RATE, everySeconds: EVERY, scale: Number(args.scale), seed: Number(args.seed), pool: Number(args.pool), mix: Object.fromEntries(mixed.map((s) => [s.name, MIX[s.name]])) },
    data: bench.generated,
    windows,
    failedBy,
  }, null, 2));
  console.log(`  written to ${out}\n`);
} finally {
  await bench.cleanup();
}

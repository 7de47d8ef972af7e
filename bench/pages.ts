/**
 * `pnpm bench --pages [--duration 10] [--connections 50] [--scale 0.1] [--server-root DIR]`:
 * server-rendered pages as signed-in people load them (case list, case page, the pilot report,
 * a unit's referrals), beside the API route each page is built on, on the same server and data.
 * Prints page views per second, the ratio to the route's API throughput, the API calls one page
 * makes, and the server's CPU time per answered request (steadier than req/s on a shared
 * machine). `--server-root` runs the server of another checkout (an older commit, its web app
 * built) against the same data, for a before/after. Writes bench/results/pages-*.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { commitSha, freePort, percentile, prepareBench, root, startServer, step } from './harness.ts';
import { quarterNow, SCENARIOS, type BenchUser, type Scenario } from './scenarios.ts';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--pages'),
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    scale: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '1' },
    pool: { type: 'string', default: '10' },
    'server-root': { type: 'string' },
  },
});
const serverRoot = resolve(args['server-root'] ?? root);
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const COUNTED_PAGES = 10;

interface PageScenario {
  name: string;
  /** Who loads it, and how the users are found and prepared (an API scenario's, or its own). */
  users: Scenario;
  page(u: BenchUser): string;
  api(u: BenchUser): string;
}
const byName = (name: string) => SCENARIOS.find((s) => s.name === name)!;
const PAGES: PageScenario[] = [
  { name: 'case list', users: byName('case list'), page: () => '/cases', api: (u) => byName('case list').request(u, { password: '', n: 0 }).path },
  { name: 'case page', users: byName('case page'), page: (u) => `/cases/${String(u.data.caseId)}`, api: (u) => `/api/v1/cases/${String(u.data.caseId)}` },
  { name: 'pilot report', users: byName('ministry report'), page: () => `/reports?period=${quarterNow()}&hierarchy=org`, api: () => `/api/v1/reports/pilot?period=${quarterNow()}&hierarchy=org` },
  {
    name: "unit's referrals",
    users: { ...byName('GET /me'), name: 'unit referrals', as: 'unit_contact', prepare: undefined },
    page: () => '/my-referrals',
    api: () => '/api/v1/my-unit/referrals',
  },
];

/** The server's CPU time so far (user + system), in microseconds, from /proc. */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1e6 / 100);
}

/** API requests the server has answered so far, from its Prometheus metrics. */
async function apiCallsSoFar(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('http_request_duration_seconds_count') && line.includes('route="/api/v1/')) total += Number(line.split(' ').at(-1));
  }
  return total;
}

/** One GET with these headers, Host included (fetch would replace it with the URL's). */
function getStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((done, reject) => {
    httpGet(url, { headers }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

interface Run { rps: number; p50: number; p95: number; failures: number; cpuMicrosPerRequest: number }

function load(url: string, pid: number, users: BenchUser[], request: (u: BenchUser) => { path: string; headers: Record<string, string> }, duration: number): Promise<Run> {
  let n = 0;
  const latencies: number[] = [];
  const cpuAtStart = cpuMicros(pid);
  return new Promise((done, reject) => {
    const instance = autocannon({
      url, connections: CONNECTIONS, duration,
      requests: [{ setupRequest: (req) => ({ ...req, method: 'GET', ...request(users[n++ % users.length]!) }) }],
    }, (err, r) => {
      if (err) return reject(err);
      latencies.sort((a, b) => a - b);
      done({
        rps: r.requests.total / r.duration, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95),
        failures: r.non2xx + r.errors + r.timeouts, cpuMicrosPerRequest: (cpuMicros(pid) - cpuAtStart) / Math.max(1, r.requests.total),
      });
    });
    instance.on('response', (_c, _s, _b, ms) => latencies.push(ms));
  });
}

if (!existsSync(join(serverRoot, 'apps/web/build/handler.js'))) {
  step(`building the web app in ${serverRoot}`);
  const r = spawnSync('pnpm', ['--filter', '@pilot/web', 'run', 'build'], { cwd: serverRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('web build failed');
}

const loadAtStart = loadavg();
const bench = await prepareBench({ scale: Number(args.scale), seed: Number(args.seed), pool: args.pool, report: true });
try {
  const metricsPort = await freePort();
  const server = await startServer(join(serverRoot, 'apps/api/src/server.ts'), { ...bench.apiEnv(bench.pgPort), METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1' }, '/api/ready');
  bench.stops.push(() => server.stop());
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const { users } = await bench.signInUsers(server.url, PAGES.map((p) => p.users), 24);
  // Pages are asked for by a name the server does not bind, as a browser behind a proxy would.
  const host = `localhost:${new URL(server.url).port}`;
  const asPage = (p: PageScenario) => (u: BenchUser) => ({ path: p.page(u), headers: { host, cookie: `pilot_access=${u.token}` } });
  const asApi = (p: PageScenario) => (u: BenchUser) => ({ path: p.api(u), headers: { authorization: `Bearer ${u.token}` } });

  step(`load: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per run, page then API`);
  const results = [];
  for (const p of PAGES) {
    const list = users.get(p.users)!;
    const before = await apiCallsSoFar(metricsUrl);
    for (let k = 0; k < COUNTED_PAGES; k++) {
      const { path, headers } = asPage(p)(list[k % list.length]!);
      const status = await getStatus(server.url + path, headers);
      if (status !== 200) throw new Error(`${p.name}: page ${path} answered ${status}`);
    }
    const apiCallsPerPage = (await apiCallsSoFar(metricsUrl) - before) / COUNTED_PAGES;
    await load(server.url, server.pid, list, asPage(p), WARMUP);
    const page = await load(server.url, server.pid, list, asPage(p), DURATION);
    await load(server.url, server.pid, list, asApi(p), WARMUP);
    const api = await load(server.url, server.pid, list, asApi(p), DURATION);
    results.push({ page: p.name, pageRps: page.rps, apiRps: api.rps, ratio: page.rps / api.rps, apiCallsPerPage, pageRun: page, apiRun: api });
    console.log(`  ${p.name}: ${page.rps.toFixed(0)} pages/s (p95 ${page.p95.toFixed(0)} ms, ${page.cpuMicrosPerRequest.toFixed(0)} µs CPU each, ${apiCallsPerPage.toFixed(1)} API calls), `
      + `API ${api.rps.toFixed(0)} req/s (${api.cpuMicrosPerRequest.toFixed(0)} µs CPU each), ratio ${(page.rps / api.rps).toFixed(2)}`
      + (page.failures || api.failures ? `, FAILED ${page.failures} / ${api.failures}` : ''));
  }
  console.table(Object.fromEntries(results.map((r) => [r.page, {
    'pages/s': r.pageRps.toFixed(0), 'page p95 ms': r.pageRun.p95.toFixed(0), 'page CPU µs': r.pageRun.cpuMicrosPerRequest.toFixed(0),
    'API calls/page': r.apiCallsPerPage.toFixed(1), 'API req/s': r.apiRps.toFixed(0), 'API CPU µs': r.apiRun.cpuMicrosPerRequest.toFixed(0),
    'pages/API': r.ratio.toFixed(2), failed: `${r.pageRun.failures} / ${r.apiRun.failures}`,
  }])));
  const sha = commitSha();
  const when = new Date().toISOString();
  const out = join(root, 'bench/results', `pages-${when.replace(/[:.]/g, '-')}-${sha}.json`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(out, JSON.stringify({
    when, commit: sha, serverRoot: serverRoot === root ? '.' : serverRoot,
    machine: { cores: cpus().length, loadAverage: { atStart: loadAtStart, atEnd: loadavg() } },
    options: { durationSeconds: DURATION, connections: CONNECTIONS, scale: Number(args.scale) },
    results,
  }, null, 2));
  console.log(`  written to ${out}`);
  if (results.some((r) => r.pageRun.failures || r.apiRun.failures)) process.exitCode = 1;
} finally {
  await bench.cleanup();
}

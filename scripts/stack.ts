/**
 * `pnpm start` / `./pilot start`: the whole product on one machine. Starts embedded PostgreSQL
 * (unless DATABASE_URL is set), a local SMTP sink, migrates, loads demo data on the first run,
 * builds the web app when needed, starts the server and prints the URL and demo logins.
 * `pnpm dev` does the same but runs the API with --watch and the web app under `vite dev`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { startEmbeddedPgProcess } from '../apps/api/src/dev/embedded-pg.ts';
import { ensureRoleAndDatabase, withDatabase } from '../apps/api/src/dev/bootstrap.ts';
import { startMailSink } from '../apps/api/src/dev/mail-sink.ts';
import { migrateDatabase } from '../apps/api/src/db/migrate.ts';
import { ormConfig } from '../apps/api/src/db/orm.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoUsers, seedDemo } from '../apps/api/src/seeders/demo.ts';
import { APP_ROLE } from '../apps/api/src/migrations/sql.ts';
import { newKey } from '../apps/api/src/lib/crypto.ts';
import { loadConfig } from '../apps/api/src/config.ts';

const mode = process.argv[2] === 'dev' ? 'dev' : 'start';
const flags = new Set(process.argv.slice(3));
/** `--verbose`: the web build's full output. `--api-only`: the API without building or serving the web app. */
const verbose = flags.has('--verbose');
const apiOnly = flags.has('--api-only');
const root = resolve(import.meta.dirname, '..');
const env = process.env;
const port = Number(env.PORT ?? 3000);
const dataDir = resolve(root, env.DATA_DIR ?? '.data');
const smtpPort = Number(env.SMTP_PORT ?? 1025);
const mailHttpPort = Number(env.MAIL_HTTP_PORT ?? 1080);
const pgPort = Number(env.PG_PORT ?? 15432 + (port - 3000));
const step = (m: string) => console.log(`› ${m}`);

mkdirSync(dataDir, { recursive: true });

/** Secrets generated once per data directory, so no default secret is ever used. */
function localSecrets() {
  const file = join(dataDir, 'secrets.json');
  if (!existsSync(file)) {
    const s = { pgPassword: randomBytes(18).toString('base64url'), appPassword: randomBytes(18).toString('base64url'), jwtSecret: randomBytes(48).toString('base64url') };
    writeFileSync(file, JSON.stringify(s, null, 2), { mode: 0o600 });
  }
  const s = JSON.parse(readFileSync(file, 'utf8')) as { pgPassword: string; appPassword: string; jwtSecret: string; encryptionKeys?: string; blindIndexKey?: string };
  if (!s.encryptionKeys || !s.blindIndexKey) {
    // Data directories made before field encryption get their keys now.
    Object.assign(s, { encryptionKeys: `k1:${newKey()}`, blindIndexKey: newKey() });
    writeFileSync(file, JSON.stringify(s, null, 2), { mode: 0o600 });
  }
  return s as Required<typeof s>;
}

const secrets = localSecrets();
const stops: (() => Promise<unknown>)[] = [];
const children: ChildProcess[] = [];
let stopping = false;
/** A child gets this long to stop after SIGTERM, then is killed (it may be hung or stopped). */
const CHILD_GRACE_MS = 3_000;
/** The mail sink and PostgreSQL get this long to stop (PostgreSQL is killed after 3.5 s). */
const SERVICE_GRACE_MS = 5_000;

// From the first moment: Ctrl-C while starting stops what has started so far.
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));
let appUrl: string;
let ownerUrl: string;

if (env.DATABASE_URL) {
  appUrl = env.DATABASE_URL;
  ownerUrl = env.DATABASE_OWNER_URL ?? env.DATABASE_URL;
  step('using the PostgreSQL at DATABASE_URL');
} else {
  step(`starting embedded PostgreSQL 18 (data in ${join(dataDir, 'pg')}, port ${pgPort})`);
  // In a process group of its own: stopped by us after the server has closed its connections.
  const pg = await startEmbeddedPgProcess({ dir: join(dataDir, 'pg'), port: pgPort, password: secrets.pgPassword });
  stops.push(() => pg.stop(3_500));
  await ensureRoleAndDatabase(pg.superUrl(), 'pilot', secrets.appPassword);
  ownerUrl = pg.superUrl('pilot');
  appUrl = withDatabase(ownerUrl, 'pilot', { name: APP_ROLE, password: secrets.appPassword });
}

step('applying migrations');
await migrateDatabase(ownerUrl, (m) => step(`  ${m}`));

let smtpUrl = env.SMTP_URL;
if (!smtpUrl) {
  const sink = await startMailSink({ dir: join(dataDir, 'mail'), smtpPort, httpPort: mailHttpPort });
  stops.push(() => sink.close());
  smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
}

/** Rebuilds the web app when it was never built or its sources changed since. */
function webIsStale(): boolean {
  const built = join(root, 'apps/web/build/handler.js');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newest = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    if (e.name === 'node_modules' || e.name === 'build' || e.name === '.svelte-kit' || e.name === 'paraglide') return max;
    const p = join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
  const mtime = (p: string) => (statSync(p).isDirectory() ? newest(p) : statSync(p).mtimeMs);
  return ['apps/web/src', 'apps/web/messages', 'apps/web/project.inlang', 'apps/web/vite.config.ts', 'packages/contracts/src', 'packages/domain/src']
    .some((d) => existsSync(join(root, d)) && mtime(join(root, d)) > builtAt);
}

if (mode === 'start' && !apiOnly && webIsStale()) {
  step('building the web app (vite build, about a minute) …');
  const started = Date.now();
  // Quiet unless it fails: Vite lists every chunk it writes (hundreds of lines before the URL).
  const r = spawnSync('pnpm', ['--filter', '@pilot/web', 'run', 'build'], {
    cwd: root, stdio: verbose ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    if (!verbose) process.stderr.write(`${r.stdout}${r.stderr}`);
    console.error('✗ web build failed');
    await Promise.all(stops.map((s) => s()));
    process.exit(1);
  }
  step(`  built in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * STRIPE_FAKE_PORT starts the repository's fake Stripe (apps/api/src/dev/fake-stripe.ts) and points
 * billing at it: the e2e suite and demos exercise checkout and webhooks without a Stripe account.
 */
const stripeEnv: Record<string, string> = {};
if (env.STRIPE_FAKE_PORT && env.NODE_ENV !== 'production') {
  const { FakeStripe, FAKE_PRICES } = await import('../apps/api/src/dev/fake-stripe.ts');
  const keys = { secretKey: 'sk_test_fakestripe', webhookSecret: `whsec_${randomBytes(16).toString('hex')}` };
  const fake = await new FakeStripe({
    ...keys, port: Number(env.STRIPE_FAKE_PORT), prices: FAKE_PRICES,
    webhookUrl: `http://127.0.0.1:${port}/api/v1/billing/webhook`,
  }).start();
  stops.push(() => fake.close());
  Object.assign(stripeEnv, {
    STRIPE_SECRET_KEY: keys.secretKey, STRIPE_WEBHOOK_SECRET: keys.webhookSecret, STRIPE_API_BASE: fake.url,
    STRIPE_PRICE_MONTHLY: FAKE_PRICES[0]!.id, STRIPE_PRICE_YEARLY: FAKE_PRICES[1]!.id,
  });
  step(`fake Stripe at ${fake.url} (billing in test mode, no real payments)`);
}

const serverEnv = {
  ...env,
  NODE_ENV: env.NODE_ENV ?? 'development',
  PORT: String(port),
  DATA_DIR: dataDir,
  DATABASE_URL: appUrl,
  DATABASE_OWNER_URL: ownerUrl,
  JWT_SECRET: env.JWT_SECRET ?? secrets.jwtSecret,
  DATA_ENCRYPTION_KEYS: env.DATA_ENCRYPTION_KEYS ?? secrets.encryptionKeys,
  BLIND_INDEX_KEY: env.BLIND_INDEX_KEY ?? secrets.blindIndexKey,
  SMTP_URL: smtpUrl,
  PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${mode === 'dev' ? 5173 : port}`,
  LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
  ...stripeEnv,
};

const seeding = env.DEMO_SEED !== 'false' && env.NODE_ENV !== 'production';
if (seeding) {
  const config = loadConfig(serverEnv);
  const orm = await MikroORM.init(ormConfig({ url: appUrl, poolMax: 2 }));
  const seeded = await seedDemo(orm, { keyring: config.keyring, mfaRoles: config.mfaRequiredRoles, log: (m) => step(`  seeding ${m}`) });
  await orm.close();
  step(seeded ? 'demo data loaded' : 'demo data already present');
}

const serverArgs = mode === 'dev' ? ['--watch', 'apps/api/src/server.ts'] : ['apps/api/src/server.ts'];
children.push(spawn(process.execPath, serverArgs, { cwd: root, env: { ...serverEnv, ...(apiOnly ? { SERVE_WEB: 'false' } : {}) }, stdio: 'inherit' }));
if (mode === 'dev') {
  // Under `vite dev` the web app is a process of its own, so it reaches the API over HTTP.
  const api = `http://127.0.0.1:${port}`;
  children.push(spawn('pnpm', ['--filter', '@pilot/web', 'exec', 'vite', 'dev', '--port', '5173'], { cwd: root, env: { ...serverEnv, API_PROXY: api, API_INTERNAL_URL: api }, stdio: 'inherit' }));
}

// A child that ends by itself (a crash, a kill) takes the rest down with it.
for (const c of children) c.on('exit', (code) => { if (!stopping) void shutdown(code ?? 1); });
await waitForReady(`http://127.0.0.1:${port}/api/ready`);
const url = mode === 'dev' ? 'http://localhost:5173' : `http://localhost:${port}`;
console.log(`\n  Pilot is running at ${url}\n`);
if (!env.SMTP_URL) console.log(`  Email sent by the app is captured at http://127.0.0.1:${mailHttpPort}/\n`);
if (seeding) {
  console.log(`  Demo logins (password for all: ${DEMO_PASSWORD}):`);
  const mfaRoles = loadConfig(serverEnv).mfaRequiredRoles;
  for (const u of demoUsers()) {
    const mfa = u.roles.some((r) => mfaRoles.includes(r)) ? '  + authenticator code (./pilot totp)' : '';
    console.log(`    ${u.email.padEnd(28)} ${u.roles.join(', ')}${mfa}`);
  }
  console.log(`\n  Authenticator secret of the demo logins: ${DEMO_TOTP_SECRET}`);
  console.log('');
}
console.log('  Press Ctrl-C to stop.\n');

function stopChild(c: ChildProcess): Promise<void> {
  return new Promise<void>((r) => {
    if (c.exitCode !== null || c.signalCode !== null) return r();
    const kill = setTimeout(() => c.kill('SIGKILL'), CHILD_GRACE_MS);
    c.once('exit', () => {
      clearTimeout(kill);
      r();
    });
    // A stopped process (SIGSTOP, a debugger) acts on SIGTERM only once it runs again.
    c.kill('SIGCONT');
    c.kill('SIGTERM');
  });
}

function within(ms: number, work: Promise<unknown>) {
  return Promise.race([work.catch(() => {}), new Promise((r) => setTimeout(r, ms).unref())]);
}

/** Stops everything this launcher started within about 10 s, whatever state the server is in. */
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  step('stopping …');
  await Promise.all(children.map(stopChild));
  // The database stops after the server (its connections closed); the mail sink and fake Stripe alongside.
  await within(SERVICE_GRACE_MS, Promise.all(stops.map((s) => s())));
  process.exit(code);
}

async function waitForReady(url: string) {
  for (let i = 0; i < 600 && !stopping; i++) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (stopping) return;
  console.error(`✗ the server did not become ready at ${url}`);
  await shutdown(1);
}

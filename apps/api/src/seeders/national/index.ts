/**
 * The national-scale data generator (`pnpm seed:national --scale X`): fills a migrated, empty
 * database with realistic, deterministic data for benchmarks and capacity tests, with
 * PostgreSQL COPY (docs/performance.md). Never for production data.
 *
 * Loading is one transaction, shaped like a bulk load: the keys, unique constraints, indexes
 * and foreign keys of the tables being filled are dropped first and recreated at the end
 * (PostgreSQL then builds each index in one sort and checks each foreign key with one join,
 * instead of row by row),
 * and user triggers are off while rows go in (the generators write what the triggers would
 * derive, e.g. a referral's first contact from its case's timeline). Every constraint is
 * checked by the time it commits; a failure rolls everything back.
 */
import pg from 'pg';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { Role } from '@pilot/domain';
import { encrypt, type Keyring } from '../../lib/crypto.ts';
import { hashPassword } from '../../modules/identity/passwords.ts';
import { Random } from './random.ts';
import { copyRows } from './copy.ts';
import { isGroup, type GeneratorContext, type TableGenerator, type TableGroup } from './context.ts';
import { TABLES } from './tables.ts';

export interface NationalSeedOptions {
  /** A superuser, or the tables' owner with BYPASSRLS: COPY cannot write tables under row-level security otherwise. */
  url: string;
  scale: number;
  seed: number;
  /** The data's "now" (default: the start of today, UTC): the same seed, scale and now give the same rows. */
  now?: Date;
  /** The keys the API runs with, so it can read the encrypted columns (RNOKPP, TOTP secrets). */
  keyring: Keyring;
  /** When set, every generated user can sign in with it (benchmarks). */
  password?: string;
  /** With `password`: enrol these roles in two-factor sign-in with one shared authenticator secret (base32). */
  mfa?: { roles: readonly Role[]; secret: string };
  /** Show progress bars (a terminal) or a line per table. */
  progress?: 'bars' | 'lines' | 'none';
}

export interface TableResult { table: string; rows: number; seconds: number }
export interface SeedResult { now: string; tables: TableResult[]; loadSeconds: number; indexSeconds: number; totalSeconds: number }

export const startOfToday = () => new Date(new Date().toISOString().slice(0, 10));

/**
 * Keys, constraints and indexes of the tables being filled (and foreign keys pointing at them),
 * to drop now and restore, in this order, once the rows are in.
 */
async function bulkLoadShape(client: pg.Client, tables: string[]) {
  const { rows: constraints } = await client.query<{ tbl: string; name: string; def: string; type: string }>(
    `select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def, contype as type from pg_constraint
      where contype in ('p', 'u', 'x', 'f') and (conrelid = any($1::regclass[]) or confrelid = any($1::regclass[]))
      order by contype = 'f' desc`, [tables]);
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def from pg_index i
      where i.indrelid = any($1::regclass[]) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`, [tables]);
  return {
    /** Foreign keys go first (they depend on the keys they reference). */
    constraints,
    indexes,
    /** Keys and unique constraints, then the other indexes, then foreign keys (which need the keys). */
    restore: [
      ...constraints.filter((c) => c.type !== 'f').map((c) => `alter table ${c.tbl} add constraint "${c.name}" ${c.def}`),
      ...indexes.map((i) => i.def),
      ...constraints.filter((c) => c.type === 'f').map((c) => `alter table ${c.tbl} add constraint "${c.name}" ${c.def}`),
    ],
  };
}

export async function seedNational(o: NationalSeedOptions): Promise<SeedResult> {
  if (!(o.scale > 0)) throw new Error('--scale must be a positive number (1 = national scale)');
  const now = o.now ?? startOfToday();
  const client = new pg.Client({ connectionString: o.url });
  await client.connect();
  const bars = o.progress === 'bars' ? new MultiBar({ format: ' {table} [{bar}] {value}/{total} rows, {duration}s', hideCursor: true }, Presets.shades_grey) : null;
  const started = performance.now();
  try {
    const [role] = (await client.query<{ ok: boolean }>(`select rolsuper or rolbypassrls as ok from pg_roles where rolname = current_user`)).rows;
    if (!role?.ok) throw new Error('Connect as a superuser or a role with BYPASSRLS: COPY cannot fill tables under row-level security otherwise');
    const [existing] = (await client.query<{ n: number }>(`select count(*)::int as n from provider`)).rows;
    if (existing!.n > 0) throw new Error(`The database already has ${existing!.n} provider(s): the generator fills an empty database only`);

    const shared: GeneratorContext['shared'] = { providers: [], staff: new Map(), ministry: [] };
    const passwordHash = o.password ? await hashPassword(o.password) : null;
    const mfa = o.password && o.mfa ? { roles: o.mfa.roles, encryptedSecret: () => encrypt(o.keyring, o.mfa!.secret) } : null;
    const context = (stream: string): GeneratorContext =>
      ({ scale: o.scale, seed: o.seed, now, random: new Random(o.seed, stream, now.getTime()), passwordHash, mfa, keyring: o.keyring, shared });
    const tables = [...new Set(TABLES.flatMap((g) => (isGroup(g) ? g.tables.map((t) => t.table) : [g.table])))];

    await client.query('begin');
    await client.query(`set local maintenance_work_mem = '512MB'`);
    const shape = await bulkLoadShape(client, tables);
    for (const c of shape.constraints) await client.query(`alter table ${c.tbl} drop constraint "${c.name}"`);
    for (const ix of shape.indexes) await client.query(`drop index ${ix.name}`);
    for (const t of tables) await client.query(`alter table "${t}" disable trigger user`);

    const counts = new Map<string, { rows: number; seconds: number }>();
    const tally = (table: string, rows: number, seconds: number) => {
      const c = counts.get(table) ?? { rows: 0, seconds: 0 };
      counts.set(table, { rows: c.rows + rows, seconds: c.seconds + seconds });
    };
    for (const g of TABLES) {
      if (isGroup(g)) await loadGroup(client, g, context(g.name), bars, tally, o.progress === 'lines');
      else await loadTable(client, g, context(g.table), bars, tally, o.progress === 'lines');
    }
    const loaded = performance.now();

    bars?.stop();
    const say = (m: string) => { if (o.progress !== 'none') progressLine(m); };
    say(`keys, constraints and indexes (${shape.restore.length})`);
    for (const t of tables) await client.query(`alter table "${t}" enable trigger user`);
    for (const statement of shape.restore) await client.query(statement);
    await client.query('commit');
    // Fresh statistics, or the planner judges the new rows by an empty table.
    for (const t of tables) await client.query(`analyze "${t}"`);
    const done = performance.now();
    return {
      now: now.toISOString(),
      tables: [...counts].map(([table, c]) => ({ table, ...c })),
      loadSeconds: (loaded - started) / 1000, indexSeconds: (done - loaded) / 1000, totalSeconds: (done - started) / 1000,
    };
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    bars?.stop();
    await client.end();
  }
}

type Tally = (table: string, rows: number, seconds: number) => void;

/** A line of progress of the seed:national command (asked for with `progress: 'lines'`). */
// eslint-disable-next-line no-console -- the command's output
const progressLine = (m: string) => console.log(`› ${m}`);

async function loadTable(client: pg.Client, t: TableGenerator, ctx: GeneratorContext, bars: MultiBar | null, tally: Tally, lines: boolean) {
  const bar = bars?.create(t.count(ctx), 0, { table: t.table.padEnd(18) });
  const started = performance.now();
  const rows = await copyRows(client, t.table, t.columns, t.rows(ctx), (n) => bar?.update(n));
  const seconds = (performance.now() - started) / 1000;
  tally(t.table, rows, seconds);
  if (lines) progressLine(`${t.table}: ${rows} rows in ${seconds.toFixed(1)} s`);
}

/** A group's batches, each copied as it comes; one bar per table (totals are estimates until done). */
async function loadGroup(client: pg.Client, g: TableGroup, ctx: GeneratorContext, bars: MultiBar | null, tally: Tally, lines: boolean) {
  const columns = new Map(g.tables.map((t) => [t.table, t.columns]));
  const estimate = g.estimate(ctx);
  const progress = new Map<string, { bar?: SingleBar; rows: number }>(
    g.tables.map((t) => [t.table, { bar: bars?.create(Math.max(1, estimate[t.table] ?? 1), 0, { table: t.table.padEnd(18) }), rows: 0 }]));
  const started = performance.now();
  let mark = performance.now();
  for (const batch of g.batches(ctx)) {
    // A table's time is its copying; drawing the stories counts toward the group.
    const drawn = performance.now();
    const p = progress.get(batch.table)!;
    const n = await copyRows(client, batch.table, columns.get(batch.table)!, batch.rows, (k) => p.bar?.update(Math.min(p.rows + k, p.bar.getTotal())));
    p.rows += n;
    if (p.bar && p.rows > p.bar.getTotal()) p.bar.setTotal(p.rows);
    p.bar?.update(p.rows);
    tally(batch.table, n, (performance.now() - drawn) / 1000);
    mark = performance.now();
  }
  for (const [table, p] of progress) {
    p.bar?.setTotal(Math.max(1, p.rows));
    p.bar?.update(p.rows);
    if (lines) progressLine(`${table}: ${p.rows} rows`);
  }
  for (const s of g.finish?.(ctx) ?? []) await client.query(s.sql, s.params);
  if (lines) progressLine(`${g.name}: ${((mark - started) / 1000).toFixed(1)} s`);
}

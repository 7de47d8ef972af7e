/**
 * The national-scale data generator (`pnpm seed:national --scale X`): fills a migrated, empty
 * database with realistic, deterministic data for benchmarks and capacity tests, table by
 * table with PostgreSQL COPY (docs/performance.md). Never for production data.
 */
import pg from 'pg';
import { MultiBar, Presets } from 'cli-progress';
import type { Role } from '@pilot/domain';
import { encrypt, type Keyring } from '../../lib/crypto.ts';
import { hashPassword } from '../../modules/identity/passwords.ts';
import { Random } from './random.ts';
import { copyRows } from './copy.ts';
import { TABLES, type GeneratorContext } from './tables.ts';

export interface NationalSeedOptions {
  /** A superuser or a role with BYPASSRLS: COPY cannot write tables under row-level security otherwise. */
  url: string;
  scale: number;
  seed: number;
  /** When set, every generated staff member can sign in with it (benchmarks). */
  password?: string;
  /** With `password`: enrol these roles in two-factor sign-in with one shared authenticator secret (base32). */
  mfa?: { roles: readonly Role[]; secret: string; keyring: Keyring };
  /** Show progress bars (a terminal) or a line per table. */
  progress?: 'bars' | 'lines' | 'none';
}

export interface TableResult { table: string; rows: number; seconds: number }

export async function seedNational(o: NationalSeedOptions): Promise<TableResult[]> {
  if (!(o.scale > 0)) throw new Error('--scale must be a positive number (1 = national scale)');
  const client = new pg.Client({ connectionString: o.url });
  await client.connect();
  const bars = o.progress === 'bars' ? new MultiBar({ format: ' {table} [{bar}] {value}/{total} rows, {duration}s', hideCursor: true }, Presets.shades_grey) : null;
  try {
    const [role] = (await client.query<{ ok: boolean }>(`select rolsuper or rolbypassrls as ok from pg_roles where rolname = current_user`)).rows;
    if (!role?.ok) throw new Error('Connect as a superuser or a role with BYPASSRLS: COPY cannot fill tables under row-level security otherwise');
    const [existing] = (await client.query<{ n: number }>(`select count(*)::int as n from provider`)).rows;
    if (existing!.n > 0) throw new Error(`The database already has ${existing!.n} provider(s): the generator fills an empty database only`);

    const shared: GeneratorContext['shared'] = { providers: [], staff: new Map(), ministry: [] };
    const passwordHash = o.password ? await hashPassword(o.password) : null;
    const results: TableResult[] = [];
    await client.query('begin');
    for (const t of TABLES) {
      const mfa = o.mfa ? { roles: o.mfa.roles, encryptedSecret: () => encrypt(o.mfa!.keyring, o.mfa!.secret) } : null;
      const ctx: GeneratorContext = { scale: o.scale, random: new Random(o.seed, t.table), passwordHash, mfa, shared };
      const total = t.count(ctx);
      const bar = bars?.create(total, 0, { table: t.table.padEnd(16) });
      const started = performance.now();
      const rows = await copyRows(client, t.table, t.columns, t.rows(ctx), (n) => bar?.update(n));
      const seconds = (performance.now() - started) / 1000;
      results.push({ table: t.table, rows, seconds });
      // eslint-disable-next-line no-console -- progress of the seed:national command, asked for with `progress: 'lines'`
      if (o.progress === 'lines') console.log(`› ${t.table}: ${rows} rows in ${seconds.toFixed(1)} s`);
    }
    await client.query('commit');
    // Fresh statistics, or the planner judges the new rows by an empty table.
    for (const table of new Set(TABLES.map((t) => t.table))) await client.query(`analyze ${table}`);
    return results;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    bars?.stop();
    await client.end();
  }
}

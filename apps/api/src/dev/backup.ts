/**
 * Backup and restore of the embedded PostgreSQL under a data directory (`./pilot start`,
 * single-machine installs). Production backups come from CloudNativePG (docs/operations.md).
 *
 * PostgreSQL 18's pg_dump and pg_basebackup are not available on these machines, so a backup
 * is PostgreSQL's own low-level physical backup: `pg_backup_start`, a copy of the data files,
 * `pg_backup_stop`, plus the WAL written in between (held back by a temporary replication slot),
 * all in one .tar.gz. It runs while the product runs. With the server stopped the data
 * directory is copied as it is. Restoring puts the files back (the current ones are moved
 * aside, never deleted); on its next start PostgreSQL replays the WAL to a consistent state.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import pg from 'pg';
import * as tar from 'tar';

export interface BackupManifest {
  format: 'pilot-embedded-pg-backup/1';
  createdAt: string;
  mode: 'online' | 'offline';
  pgVersion: string;
  startLsn?: string;
  stopLsn?: string;
}

type Log = (message: string) => void;

/** Directories whose contents PostgreSQL rebuilds at start: kept empty in a backup (per the docs). */
const EMPTY_DIRS = new Set(['pg_dynshmem', 'pg_notify', 'pg_replslot', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
const SKIP_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'backup_label.old', 'tablespace_map', 'current_logfiles']);
const WAL_SEGMENT = /^[0-9A-F]{24}$/;

/** The port and pid of the server running on `pgDir`, or null when none is. */
export function runningServer(pgDir: string): { pid: number; port: number } | null {
  const file = join(pgDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return null;
  }
  return { pid, port: Number(lines[3]) };
}

/**
 * Writes a backup of `<dataDir>/pg` (and the data directory's `secrets.json`) to `file`.
 * Online when the server is running, offline when it is not.
 */
export async function backupEmbedded(dataDir: string, file: string, log: Log = () => {}): Promise<BackupManifest> {
  const pgDir = join(dataDir, 'pg');
  if (!existsSync(join(pgDir, 'PG_VERSION'))) throw new Error(`No PostgreSQL data directory at ${pgDir}`);
  const staging = `${resolve(file)}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'pg'), { recursive: true, mode: 0o700 });
  const pgVersion = readFileSync(join(pgDir, 'PG_VERSION'), 'utf8').trim();
  let manifest: BackupManifest = { format: 'pilot-embedded-pg-backup/1', createdAt: new Date().toISOString(), mode: 'offline', pgVersion };
  try {
    const server = runningServer(pgDir);
    if (server) {
      manifest = { ...manifest, mode: 'online', ...(await onlineCopy(dataDir, server.port, join(staging, 'pg'), log)) };
    } else {
      log('server not running: copying the data directory as it is');
      copyTree(pgDir, join(staging, 'pg'), { wal: true });
    }
    const secrets = join(dataDir, 'secrets.json');
    if (existsSync(secrets)) copyFileSync(secrets, join(staging, 'secrets.json'));
    writeFileSync(join(staging, 'backup.json'), JSON.stringify(manifest, null, 2));
    log(`writing ${file}`);
    mkdirSync(dirname(resolve(file)), { recursive: true });
    await tar.c({ gzip: true, file, cwd: staging, portable: true }, readdirSync(staging));
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function onlineCopy(dataDir: string, port: number, target: string, log: Log) {
  const { pgPassword } = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { pgPassword: string };
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: pgPassword, database: 'postgres' });
  await client.connect();
  try {
    const { rows: [fpw] } = await client.query<{ full_page_writes: string }>('show full_page_writes');
    // Without full-page writes a page copied mid-write cannot be repaired from the WAL.
    if (fpw?.full_page_writes !== 'on') throw new Error('full_page_writes is off: an online backup would not be safe');
    // A temporary slot keeps every WAL segment from now on until this session ends.
    await client.query(`select pg_create_physical_replication_slot('pilot_backup_' || pg_backend_pid(), true, true)`);
    const { rows: [start] } = await client.query<{ lsn: string }>(`select pg_backup_start($1, true)::text as lsn`, [`pilot ${new Date().toISOString()}`]);
    log(`backup started at WAL ${start!.lsn}; copying data files`);
    const pgDir = join(dataDir, 'pg');
    copyTree(pgDir, target, { wal: false });
    const { rows: [stop] } = await client.query<{ lsn: string; labelfile: string; spcmapfile: string | null }>(
      `select lsn::text, labelfile, spcmapfile from pg_backup_stop(false)`);
    writeFileSync(join(target, 'backup_label'), stop!.labelfile);
    if (stop!.spcmapfile) writeFileSync(join(target, 'tablespace_map'), stop!.spcmapfile);
    // The WAL from the backup's start segment on, now that pg_backup_stop has switched segments.
    const firstSegment = /\(file ([0-9A-F]{24})\)/.exec(stop!.labelfile)?.[1];
    if (!firstSegment) throw new Error('backup_label without a start WAL file');
    const segments = readdirSync(join(pgDir, 'pg_wal')).filter((f) => WAL_SEGMENT.test(f) && f >= firstSegment).sort();
    for (const segment of segments) copyFileSync(join(pgDir, 'pg_wal', segment), join(target, 'pg_wal', segment));
    log(`backup stopped at WAL ${stop!.lsn}; ${segments.length} WAL segment(s) kept`);
    return { startLsn: start!.lsn, stopLsn: stop!.lsn };
  } finally {
    await client.end();
  }
}

/**
 * Copies a data directory that may be changing: files that vanish mid-copy are skipped (the
 * WAL recreates what matters), rebuildable directories are kept empty, and pg_wal only when
 * `wal` (offline copies); online copies take their WAL separately.
 */
function copyTree(from: string, to: string, o: { wal: boolean }, rel = '') {
  for (const name of readdirSync(join(from, rel))) {
    const path = join(rel, name);
    let stat;
    try {
      stat = lstatSync(join(from, path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    if (stat.isDirectory()) {
      mkdirSync(join(to, path), { mode: 0o700 });
      const keepEmpty = (!rel && EMPTY_DIRS.has(name)) || (!o.wal && path === 'pg_wal') || name.startsWith('pgsql_tmp');
      if (keepEmpty) {
        if (path === 'pg_wal') mkdirSync(join(to, path, 'archive_status'), { mode: 0o700 });
        continue;
      }
      copyTree(from, to, o, path);
    } else if (stat.isFile() && !(rel === '' && SKIP_FILES.has(name))) {
      try {
        copyFileSync(join(from, path), join(to, path));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
}

/**
 * Restores a backup into `<dataDir>/pg`. The server must be stopped. The current data
 * directory and secrets are moved aside to `*.before-restore-<time>`; nothing is deleted.
 * Returns the manifest and where the previous files went.
 */
export async function restoreEmbedded(file: string, dataDir: string, log: Log = () => {}) {
  const pgDir = join(dataDir, 'pg');
  const server = runningServer(pgDir);
  if (server) throw new Error(`PostgreSQL is running on ${pgDir} (pid ${server.pid}): stop Pilot first`);
  mkdirSync(dataDir, { recursive: true });
  const unpacked = join(dataDir, `restore-${process.pid}`);
  rmSync(unpacked, { recursive: true, force: true });
  mkdirSync(unpacked, { mode: 0o700 });
  try {
    log(`reading ${file}`);
    await tar.x({ file, cwd: unpacked, preserveOwner: false });
    const manifest = JSON.parse(readFileSync(join(unpacked, 'backup.json'), 'utf8')) as BackupManifest;
    if (manifest.format !== 'pilot-embedded-pg-backup/1') throw new Error(`${basename(file)} is not a Pilot backup`);
    const owner = dataOwner(pgDir);
    const suffix = `before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const movedAside: string[] = [];
    for (const name of ['pg', 'secrets.json']) {
      if (!existsSync(join(unpacked, name)) || !existsSync(join(dataDir, name))) continue;
      renameSync(join(dataDir, name), join(dataDir, `${name}.${suffix}`));
      movedAside.push(join(dataDir, `${name}.${suffix}`));
    }
    renameSync(join(unpacked, 'pg'), pgDir);
    if (existsSync(join(unpacked, 'secrets.json'))) renameSync(join(unpacked, 'secrets.json'), join(dataDir, 'secrets.json'));
    if (owner) chownTree(pgDir, owner.uid, owner.gid);
    log(`restored the ${manifest.mode} backup of ${manifest.createdAt}; the next start replays its WAL`);
    return { manifest, movedAside };
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
}

/**
 * Who must own the restored files: as root, embedded PostgreSQL runs as the `postgres` user
 * (the previous data directory's owner, or that user when there was none).
 */
function dataOwner(pgDir: string): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  if (existsSync(pgDir)) {
    const s = statSync(pgDir);
    return { uid: s.uid, gid: s.gid };
  }
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  return Number.isInteger(uid) && uid > 0 ? { uid, gid: id('-g') } : null;
}

function chownTree(path: string, uid: number, gid: number) {
  chownSync(path, uid, gid);
  if (!lstatSync(path).isDirectory()) return;
  for (const name of readdirSync(path)) chownTree(join(path, name), uid, gid);
}

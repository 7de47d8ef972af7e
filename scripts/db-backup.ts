/**
 * Backup and restore of the embedded PostgreSQL (`./pilot start` installs):
 *   pnpm db:backup [--data-dir .data] [--out backups/pilot-<time>.tar.gz]
 *   pnpm db:restore <file.tar.gz> [--data-dir .data]
 * A backup runs while Pilot runs; a restore needs Pilot stopped and moves the current data
 * aside (nothing is deleted). Production uses CloudNativePG's backups (docs/operations.md).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { backupEmbedded, restoreEmbedded } from '../apps/api/src/dev/backup.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string' }, out: { type: 'string' } },
});
const [command, file] = positionals;
const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
const log = (m: string) => console.log(`› ${m}`);

try {
  if (command === 'backup') {
    const out = resolve(values.out ?? `backups/pilot-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`);
    const m = await backupEmbedded(dataDir, out, log);
    console.log(`✓ ${m.mode} backup written to ${out}`);
  } else if (command === 'restore' && file) {
    const { movedAside } = await restoreEmbedded(resolve(file), dataDir, log);
    for (const p of movedAside) console.log(`  previous files kept at ${p}`);
    console.log('✓ restored; start Pilot again (./pilot start)');
  } else {
    console.error('usage: db-backup.ts backup [--data-dir DIR] [--out FILE] | restore FILE [--data-dir DIR]');
    process.exit(2);
  }
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  process.exit(1);
}

/**
 * `node bench/web-size.ts [--no-build]`: builds the web app (vite build) and prints the
 * JavaScript a browser downloads to open each role's main screens, gzipped (level 9, as the
 * adapter precompresses): Kit's entry, the app's router, the root and section layouts and the
 * page, with every chunk they import statically, each counted once. Target: ≤ 100 kB for a
 * role's home (docs/performance.md). Writes bench/results/web-size.json.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const web = resolve(import.meta.dirname, '../apps/web');
if (!process.argv.includes('--no-build')) execFileSync('pnpm', ['build'], { cwd: web, stdio: 'inherit' });

const client = join(web, '.svelte-kit/output/client');
const manifest = JSON.parse(readFileSync(join(client, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string; imports?: string[]; isEntry?: boolean; src?: string }>;
const generated = '.svelte-kit/generated/build/client-optimized';
const app = readFileSync(join(web, generated, 'app.js'), 'utf8');
/** Route id → the nodes it loads besides the root layout (0): section layouts, then the page. */
const routes = new Map([...app.matchAll(/"([^"]+)": \[~?(\d+)(?:,\[([\d,]*)\])?/g)].map(([, id, page, layouts]) =>
  [id!, [...(layouts ? layouts.split(',').filter(Boolean).map(Number) : []), Number(page)]]));
const entryKey = Object.keys(manifest).find((k) => k.endsWith('/runtime/client/entry.js'))!;

const gz = new Map<string, number>();
const gzipped = (file: string) => gz.get(file) ?? gz.set(file, gzipSync(readFileSync(join(client, file)), { level: 9 }).length).get(file)!;
function closure(keys: string[], seen = new Set<string>()) {
  for (const k of keys) {
    if (seen.has(k)) continue;
    seen.add(k);
    closure(manifest[k]?.imports ?? [], seen);
  }
  return seen;
}
function size(routeId: string) {
  const nodes = routes.get(routeId);
  if (!nodes) throw new Error(`No route ${routeId}`);
  const keys = closure([entryKey, `${generated}/app.js`, ...[0, ...nodes].map((n) => `${generated}/nodes/${n}.js`)]);
  const files = [...keys].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
  return { files: files.length, gzipBytes: files.reduce((s, f) => s + gzipped(f), 0) };
}

/** Each role's home ("/" shows its own panels) and the screens it opens most. */
const SCREENS: [string, string][] = [
  ['everyone: sign-in', '/(auth)/login'],
  ['every role: home', '/(app)'],
  ['case manager: cases', '/(app)/(ngo)/cases'],
  ['case manager: a case', '/(app)/(ngo)/cases/[id]'],
  ['case manager: my tasks', '/(app)/(ngo)/tasks'],
  ['supervisor: referrals inbox', '/(app)/(ngo)/referrals'],
  ['supervisor: supervision', '/(app)/(ngo)/supervision'],
  ['unit contact: refer a person', '/(app)/(unit)/refer'],
  ['unit contact: my referrals', '/(app)/(unit)/my-referrals'],
  ['ministry: pilot report', '/(app)/reports'],
  ['ministry: coordination', '/(app)/coordination'],
  ['platform operator: providers', '/(app)/(admin)/admin/providers'],
];
const TARGET = 100 * 1024;
const rows = SCREENS.map(([who, id]) => ({ who, route: id, ...size(id) }));
console.log('\n  JavaScript to open a screen, gzipped (target ≤ 100 kB for a home)\n');
for (const r of rows) console.log(`  ${r.who.padEnd(32)} ${(r.gzipBytes / 1024).toFixed(1).padStart(6)} kB in ${String(r.files).padStart(2)} files${r.gzipBytes > TARGET ? '  over target' : ''}`);
writeFileSync(resolve(import.meta.dirname, 'results/web-size.json'), `${JSON.stringify({ when: new Date().toISOString(), screens: rows }, null, 2)}\n`);

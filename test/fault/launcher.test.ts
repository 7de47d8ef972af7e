import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePorts } from './support.ts';

/**
 * `./pilot start` stops everything it started within 10 s of Ctrl-C or SIGTERM, whatever state
 * its server is in (killed, stopped), and the next start on the same data directory is clean.
 */
const root = resolve(import.meta.dirname, '../..');
const [port, smtpPort, mailPort, pgPort] = (await freePorts(4)) as [number, number, number, number];
const ports = { PORT: port, SMTP_PORT: smtpPort, MAIL_HTTP_PORT: mailPort, PG_PORT: pgPort };
const dataDir = mkdtempSync(join(tmpdir(), 'pilot-launcher-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(): ChildProcess {
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
  return spawn(process.execPath, ['scripts/stack.ts', 'start', '--api-only'], { cwd: root, env, stdio: 'ignore' });
}

async function until(check: () => Promise<boolean> | boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const ready = () => fetch(`http://127.0.0.1:${ports.PORT}/api/ready`).then((r) => r.ok, () => false);
const listening = (port: number) => new Promise<boolean>((done) => {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); done(true); });
  socket.once('error', () => done(false));
});
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return false;
  }
};

/** Every process below `pid` (the server, the database helper, PostgreSQL and its workers). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch { /* gone meanwhile */ }
  }
  const found: number[] = [];
  const walk = (p: number) => (parents.get(p) ?? []).forEach((c) => { found.push(c); walk(c); });
  walk(pid);
  return found;
}

function serverOf(launcher: ChildProcess): number {
  const pid = descendants(launcher.pid!).find((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('apps/api/src/server.ts'));
  if (!pid) throw new Error('no server process under the launcher');
  return pid;
}

async function expectAllGone(launcher: ChildProcess, started: number[]) {
  await until(() => [launcher.pid!, ...started].every((p) => !alive(p)), 10_000, 'every process the launcher started to end')
    .catch((err) => {
      const left = [launcher.pid!, ...started].filter(alive).map((p) => `${p} ${readFileSync(`/proc/${p}/cmdline`, 'utf8').replaceAll('\0', ' ')}`);
      throw new Error(`${(err as Error).message}: ${left.join('; ')}`);
    });
  for (const port of Object.values(ports)) expect(await listening(port), `port ${port}`).toBe(false);
}

describe('the launcher', () => {
  it('stops everything when its server is killed, and starts again on the same data', { timeout: 240_000 }, async () => {
    const first = start();
    await until(ready, 180_000, 'the first start');
    const started = descendants(first.pid!);
    const signalled = Date.now();
    process.kill(serverOf(first), 'SIGKILL');
    // It notices the server is gone and stops the rest by itself; a Ctrl-C meanwhile changes nothing.
    setTimeout(() => first.kill('SIGINT'), 500);
    await expectAllGone(first, started);
    expect(Date.now() - signalled).toBeLessThan(10_000);

    const second = start();
    await until(ready, 120_000, 'the start after a killed server');
    const running = descendants(second.pid!);
    process.kill(serverOf(second), 'SIGSTOP');
    const interrupted = Date.now();
    second.kill('SIGINT');
    await expectAllGone(second, running);
    expect(Date.now() - interrupted).toBeLessThan(10_000);

    const third = start();
    await until(ready, 120_000, 'the start after a stopped server');
    const last = descendants(third.pid!);
    third.kill('SIGTERM');
    await expectAllGone(third, last);
  });
});

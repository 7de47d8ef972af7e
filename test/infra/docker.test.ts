/**
 * infra/docker/Dockerfile without a Docker engine: lint, the stages and what they run, that
 * every file it copies exists, that it installs the whole workspace the lockfile describes,
 * and that its versions follow ./pilot.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { validate } from 'dockerfile-utils';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(join(root, 'infra/docker/Dockerfile'), 'utf8');

/** Instructions with continuation lines joined and comments dropped. */
const instructions = dockerfile.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  .map((l) => { const [op, ...rest] = l.split(/\s+/); return { op: op!.toUpperCase(), args: rest.join(' ') }; });

interface Stage { name: string; from: string; steps: { op: string; args: string }[] }
const stages: Stage[] = [];
for (const i of instructions) {
  if (i.op === 'FROM') {
    const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(i.args)!;
    stages.push({ name: name!, from: from!, steps: [] });
  } else {
    stages.at(-1)?.steps.push(i);
  }
}
const stage = (name: string) => stages.find((s) => s.name === name)!;
const last = (s: Stage, op: string) => s.steps.filter((i) => i.op === op).at(-1)?.args;
const pilotSpec = (name: string) => new RegExp(`${name}="(\\w+)@([\\d.]+)"`).exec(readFileSync(join(root, 'pilot'), 'utf8'))!;

describe('infra/docker/Dockerfile', () => {
  it('lints clean', () => {
    expect(validate(dockerfile).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('uses the Node and pnpm versions ./pilot installs, on a slim base', () => {
    const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)![1]!;
    expect(image).toMatch(new RegExp(`^node:${pilotSpec('NODE_SPEC')[2]!.replaceAll('.', '\\.')}-\\w+-slim$`));
    expect(dockerfile).toContain(`pnpm@${pilotSpec('PNPM_SPEC')[2]}`);
  });

  it('ends in a server image and a web image that run unprivileged, with health checks', () => {
    for (const [name, cmd] of [['server', 'apps/api/src/server.ts'], ['web', 'build/index.js']] as const) {
      const s = stage(name);
      expect(s.from, name).toBe('${NODE_IMAGE}');
      expect(last(s, 'USER'), name).toBe('node');
      expect(last(s, 'HEALTHCHECK'), name).toMatch(/^--interval=\S+ .*CMD \["node", "\/usr\/local\/lib\/pilot\/healthcheck\.mjs"/);
      expect(JSON.parse(last(s, 'CMD')!), name).toEqual(['node', cmd]);
      // Nothing but the production stages' own files: no toolchain, no package manager.
      expect(s.steps.some((i) => i.op === 'RUN'), name).toBe(false);
    }
    // The server image's other two commands exist.
    for (const entry of ['apps/api/src/server.ts', 'apps/api/src/worker.ts', 'apps/api/src/cli/migrate.ts']) expect(existsSync(join(root, entry)), entry).toBe(true);
    // adapter-node writes build/index.js for the web image.
    expect(readFileSync(join(root, 'apps/web/vite.config.ts'), 'utf8')).toContain("adapter({ out: 'build' })");
  });

  it('leaves development tools and the national generator out of the server image, and production code never imports them', () => {
    const DEV_ONLY = ['apps/api/src/dev', 'apps/api/src/seeders/national', 'apps/api/src/cli/seed-national.ts'];
    const removal = stage('server-files').steps.find((i) => i.op === 'RUN' && i.args.startsWith('rm -r '));
    expect(removal?.args.split(/\s+/).slice(2).sort()).toEqual([...DEV_ONLY].sort());
    // Every module the image's entry points reach, followed through relative imports.
    const entries = ['server.ts', 'worker.ts', ...readdirSync(join(root, 'apps/api/src/cli')).filter((f) => f !== 'seed-national.ts').map((f) => `cli/${f}`)];
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) visit(resolve(file, '..', spec!));
    };
    for (const entry of entries) visit(join(root, 'apps/api/src', entry));
    expect(seen.size).toBeGreaterThan(100);
    const reached = [...seen].map((f) => f.slice(root.length + 1)).filter((f) => DEV_ONLY.some((d) => f === d || f.startsWith(`${d}/`)));
    expect(reached).toEqual([]);
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    for (const copy of instructions.filter((i) => i.op === 'COPY' && !i.args.includes('--from'))) {
      const sources = copy.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1);
      for (const src of sources) {
        expect(existsSync(join(root, src)), src).toBe(true);
        expect(ignored.some((p) => src === p || src.startsWith(`${p}/`)), `${src} is in .dockerignore`).toBe(false);
      }
    }
  });

  it('gives pnpm every workspace manifest, so the frozen lockfile installs', () => {
    const { packages } = parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages: string[] };
    const manifests = packages.flatMap((glob) => glob.endsWith('/*')
      ? readdirSync(join(root, glob.slice(0, -2))).map((d) => `${glob.slice(0, -2)}/${d}/package.json`)
      : [`${glob}/package.json`]).filter((m) => existsSync(join(root, m)));
    const copied = stage('workspace').steps.filter((i) => i.op === 'COPY').flatMap((i) => {
      const parts = i.args.split(/\s+/);
      const dest = parts.at(-1)!;
      return parts.slice(0, -1).map((src) => (dest.endsWith('/') && dest !== './' ? `${dest}${src.split('/').pop()}` : src));
    });
    for (const m of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', ...manifests]) expect(copied, m).toContain(m);
  });

  it('health check script answers 0 for a healthy endpoint and 1 otherwise', async () => {
    let status = 200;
    const server = createServer((_req, res) => res.writeHead(status).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`;
    const run = () => promisify(execFile)(process.execPath, [join(root, 'infra/docker/healthcheck.mjs'), url]).then(() => 0, (e: { code: number }) => e.code);
    try {
      expect(await run()).toBe(0);
      status = 503;
      expect(await run()).toBe(1);
    } finally {
      server.close();
    }
    expect(await promisify(execFile)(process.execPath, [join(root, 'infra/docker/healthcheck.mjs'), 'http://127.0.0.1:9/']).then(() => 0, (e: { code: number }) => e.code)).toBe(1);
  });
});

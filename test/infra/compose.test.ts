/**
 * infra/compose without Docker: valid against the Compose Specification's schema, still
 * readable by Debian's docker-compose 1.29, and wired the way production is (secrets from the
 * environment, the API's own role, migrations before the API, jobs in the worker).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '@pilot/api/config.ts';

const root = resolve(import.meta.dirname, '../..');
const dir = join(root, 'infra/compose');
const text = readFileSync(join(dir, 'compose.yaml'), 'utf8');
const compose = parse(text, { merge: true }) as { services: Record<string, any>; [k: string]: unknown };
const services = compose.services;
const envOf = (name: string) => services[name].environment as Record<string, string>;

describe('infra/compose/compose.yaml', () => {
  it('is valid against the Compose Specification', () => {
    // Draft-07, Ajv's default; its `$schema` URL lacks the `#` Ajv keys draft-07 under.
    const { $schema: _draft, ...schema } = JSON.parse(readFileSync(join(root, 'infra/schemas/compose-spec.json'), 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    const ok = validate(compose);
    expect(ok ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
  });

  it('uses no field that docker-compose 1.29 rejects', () => {
    expect(Object.keys(compose).filter((k) => !k.startsWith('x-'))).toEqual(['services', 'volumes']);
    for (const [name, s] of Object.entries(services)) {
      expect(s.healthcheck?.start_interval, name).toBeUndefined();
      if (Array.isArray(s.depends_on)) continue;
      for (const dep of Object.values(s.depends_on ?? {}) as object[]) expect(Object.keys(dep ?? {}), name).not.toContain('restart');
    }
  });

  it('runs PostgreSQL 18, migrations before the API and the worker, jobs only in the worker', () => {
    expect(services.postgres.image).toMatch(/^postgres:18[.\d]*(-|$)/);
    expect(services.migrate.command).toEqual(['node', 'apps/api/src/cli/migrate.ts']);
    expect(services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const s of ['api', 'worker']) expect(services[s].depends_on.migrate, s).toEqual({ condition: 'service_completed_successfully' });
    expect(envOf('api').JOBS).toBe('false');
    expect(services.worker.command).toEqual(['node', 'apps/api/src/worker.ts']);
    expect(services.worker.healthcheck.test).toContain('http://127.0.0.1:9464/health');
    for (const [name, s] of Object.entries(services)) {
      const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
      for (const dep of deps) expect(Object.keys(services), `${name} → ${dep}`).toContain(dep);
      const command = Array.isArray(s.command) ? s.command.find((a: string) => a.endsWith('.ts')) : undefined;
      if (command) expect(existsSync(join(root, command)), command).toBe(true);
    }
  });

  it('builds the two images from the Dockerfile', () => {
    const dockerfile = readFileSync(join(root, 'infra/docker/Dockerfile'), 'utf8');
    for (const [service, target] of [['api', 'server'], ['worker', 'server'], ['migrate', 'server'], ['web', 'web']]) {
      const build = services[service!].build;
      expect(resolve(dir, build.context), service).toBe(root);
      expect(build.dockerfile).toBe('infra/docker/Dockerfile');
      expect(build.target, service).toBe(target);
      expect(dockerfile).toMatch(new RegExp(`^FROM \\S+ AS ${target}$`, 'm'));
    }
  });

  it('gives the server only variables it reads, secrets only from the environment', () => {
    for (const s of ['api', 'worker', 'migrate']) {
      for (const [name, value] of Object.entries(envOf(s))) {
        expect(CONFIG_VARIABLES, `${s}: ${name}`).toContain(name);
        if (/SECRET|TOKEN|PASSWORD|KEY|_URL$/.test(name) && name !== 'PUBLIC_URL' && name !== 'SMTP_URL') {
          expect(value, `${s}: ${name} must come from the environment`).toMatch(/\$\{[A-Z_]+:\?[^}]+\}/);
        }
      }
    }
    // The API connects as the app role, migrations as the owner.
    expect(envOf('api').DATABASE_URL).toMatch(/^postgresql:\/\/app_user:/);
    expect(envOf('migrate').DATABASE_OWNER_URL).toMatch(/^postgresql:\/\/pilot:/);
    expect(readFileSync(join(dir, 'initdb/10-app-role.sh'), 'utf8')).toMatch(/create role app_user login password :'pw' nosuperuser nobypassrls/);
  });

  it('documents every variable it reads in .env.example', () => {
    const example = readFileSync(join(dir, '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    const used = new Set([...text.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]));
    expect([...used].filter((v) => !documented.has(v))).toEqual([]);
  });

  it('puts one proxy in front: /api to the API, the rest to the web app, which calls the API inside', () => {
    const caddy = readFileSync(join(dir, 'Caddyfile'), 'utf8');
    expect(caddy).toMatch(/handle \/api\/\* \{\s*reverse_proxy api:3000\s*\}/);
    expect(caddy).toMatch(/handle \{\s*reverse_proxy web:3000\s*\}/);
    expect(envOf('web').API_INTERNAL_URL).toBe('http://api:3000');
    expect(services.proxy.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    // Only the proxy and the mail inbox (on loopback) are published.
    const published = Object.entries(services).filter(([, s]) => s.ports).map(([n]) => n);
    expect(published.sort()).toEqual(['mail', 'proxy']);
    expect(services.mail.ports[0]).toMatch(/^127\.0\.0\.1:/);
  });
});

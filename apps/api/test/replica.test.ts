import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { readReplica } from '../src/db/replica.ts';
import { initOrm } from '../src/db/orm.ts';
import { Provider } from '../src/modules/providers/entities.ts';
import { createTestDatabase, DEMO_IDS, startTestApp, type TestApp } from './harness.ts';

/**
 * Reports read from a read replica when DATABASE_REPLICA_URLS is set. Two real databases stand
 * in for primary and replica; the "replica" holds distinguishable data, so an answer shows
 * where the read went.
 */
async function reportRoutes(app: FastifyInstance) {
  app.get('/test-report', { config: { access: 'me.read' } }, async (req) => readReplica(req, async (em) => {
    const [where] = await em.execute<{ db: string; read_only: string; tenant: string }[]>(
      `select current_database() as db, current_setting('transaction_read_only') as read_only,
              current_setting('app.tenant_id', true) as tenant`);
    const provider = req.tenantId ? await em.findOne(Provider, { id: req.tenantId }) : null;
    const audit = await em.execute<{ action: string }[]>(`select action from audit_log order by id`);
    return { ...where, providerName: provider?.name ?? null, auditActions: audit.map((a) => a.action) };
  }));
  app.get('/test-report-write', { config: { access: 'me.read' } }, async (req) => readReplica(req, async (em) =>
    em.execute(`insert into audit_log (provider_id, action, entity) values (?, 'report.write', 'x')`, [req.tenantId])));
  app.get('/test-primary', { config: { access: 'me.read' } }, async (req) => {
    const [row] = await req.em.execute<{ db: string }[]>(`select current_database() as db`);
    return row;
  });
}

/** SQL on the replica database as its owner, past RLS. */
async function onReplica(text: string, params: unknown[] = []) {
  const owner = new pg.Client({ connectionString: replica.ownerUrl });
  await owner.connect();
  try {
    return (await owner.query(text, params)).rows;
  } finally {
    await owner.end();
  }
}

let replica: Awaited<ReturnType<typeof createTestDatabase>>;
let withReplica: TestApp;
let withoutReplica: TestApp;

beforeAll(async () => {
  // The same demo data as the primary's (both cloned from the demo template), then made distinguishable.
  replica = await createTestDatabase({ demo: true });
  await onReplica(`update provider set name = name || ' (replica)'`);
  await onReplica(`insert into audit_log (provider_id, action, entity) values ($1, 'replica.razom', 'x'), ($2, 'replica.nadiya', 'x')`,
    [DEMO_IDS.razom, DEMO_IDS.nadiya]);
  withReplica = await startTestApp({ DATABASE_REPLICA_URLS: replica.appUrl }, { routes: reportRoutes });
  withoutReplica = await startTestApp({}, { routes: reportRoutes });
});
afterAll(async () => {
  await withReplica?.close();
  await withoutReplica?.close();
  await replica?.drop();
});

describe('readReplica', () => {
  it('sends report queries to the replica, in a read-only transaction bound to the tenant', async () => {
    const res = await withReplica.as('admin@razom.demo', { method: 'GET', url: '/api/v1/test-report' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.db).toBe(replica.name);
    expect(body.read_only).toBe('on');
    expect(body.tenant).toBe(DEMO_IDS.razom);
    expect(body.providerName).toBe('ГО «Разом» (replica)');
    // Row-level security applies on the replica too: the other provider's entries stay hidden.
    expect(body.auditActions).toContain('replica.razom');
    expect(body.auditActions).not.toContain('replica.nadiya');
  });

  it('leaves the request transaction itself on the primary', async () => {
    const res = await withReplica.as('admin@razom.demo', { method: 'GET', url: '/api/v1/test-primary' });
    expect(res.json().db).not.toBe(replica.name);
    expect(res.json().db).toBe(withReplica.config.DATABASE_URL.split('/').pop()!.split('?')[0]);
    // So does any read outside a request (jobs, seeders): replicas are used only when asked for.
    const provider = await withReplica.orm.em.fork().findOne(Provider, { id: DEMO_IDS.razom }, { filters: false });
    expect(provider?.name).toBe('ГО «Разом»');
  });

  it('refuses to write', async () => {
    const res = await withReplica.as('admin@razom.demo', { method: 'GET', url: '/api/v1/test-report-write' });
    expect(res.statusCode).toBe(500);
    expect(await onReplica(`select 1 from audit_log where action = 'report.write'`)).toEqual([]);
  });

  it('reads the primary when no replica is configured', async () => {
    const res = await withoutReplica.as('admin@nadiya.demo', { method: 'GET', url: '/api/v1/test-report' });
    expect(res.statusCode).toBe(200);
    expect(res.json().providerName).toBe('БФ «Надія»');
    expect(res.json().read_only).toBe('on');
    expect(res.json().auditActions).not.toContain('replica.nadiya');
  });
});

describe('database URLs', () => {
  it('keep their TLS settings: sslmode reaches the driver of the primary and of each replica', async () => {
    // The embedded test server has no TLS, so insisting on it must fail to connect.
    const tls = (url: string) => `${url}${url.includes('?') ? '&' : '?'}sslmode=require`;
    const orm = await initOrm({ url: tls(replica.appUrl), replicaUrls: [tls(replica.appUrl)], poolMax: 1 });
    try {
      await expect(orm.em.getConnection('write').execute('select 1')).rejects.toThrow(/SSL/i);
      await expect(orm.em.getConnection('read').execute('select 1')).rejects.toThrow(/SSL/i);
    } finally {
      await orm.close();
    }
  });
});

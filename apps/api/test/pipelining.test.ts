import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { dropHeldOnRelease, PipeliningClient } from '../src/db/pipelining.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });

/**
 * Records the messages that reach PostgreSQL from a client: each simple `Query` (its text) and
 * each extended-protocol batch (`Sync`) is one round trip.
 */
function recordTrips(client: pg.Client, trips: string[]) {
  const connection = (client as unknown as { connection: { query(text: string): void; sync(): void } }).connection;
  const query = connection.query.bind(connection);
  const sync = connection.sync.bind(connection);
  connection.query = (text) => { trips.push(text); query(text); };
  connection.sync = () => { trips.push('<parameterised>'); sync(); };
}

/** Runs `fn` with a client of its own and the round trips it makes. */
async function withClient(fn: (client: PipeliningClient, trips: string[]) => Promise<void>) {
  const client = new PipeliningClient({ connectionString: t.config.DATABASE_URL });
  await client.connect();
  const trips: string[] = [];
  recordTrips(client, trips);
  try {
    await fn(client, trips);
  } finally {
    await client.end();
  }
}

describe('pipelining client', () => {
  it('sends begin and held statements with the next statement, in order, inside the transaction', () => withClient(async (client, trips) => {
    await client.query('begin', []);
    await client.query(`/* with next query */ select set_config('app.probe', 'bound', true)`, []);
    const { rows } = await client.query(`select current_setting('app.probe', true) as probe`, []);
    expect(rows).toEqual([{ probe: 'bound' }]);
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatch(/^begin;\n.*set_config.*;\nselect current_setting/s);
    await client.query('commit', []);
    // Transaction-local: gone after the commit, so it was set inside the transaction.
    expect((await client.query(`select current_setting('app.probe', true) as probe`, [])).rows).toEqual([{ probe: '' }]);
    expect(trips).toHaveLength(3);
  }));

  it('fails the next statement when a held one fails, and nothing of the transaction is committed', () => withClient(async (client) => {
    await client.query('create temporary table probe (n int)', []);
    await client.query('begin', []);
    await client.query('/* with next query */ insert into probe values (1)', []);
    await client.query('/* with next query */ select 1 / 0', []);
    await expect(client.query('commit', [])).rejects.toThrow(/division by zero/);
    await client.query('rollback', []);
    expect((await client.query('select count(*)::int as n from probe', [])).rows).toEqual([{ n: 0 }]);
  }));

  it('sends held statements on their own before a parameterised statement', () => withClient(async (client, trips) => {
    await client.query('begin', []);
    await client.query(`/* with next query */ select set_config('app.probe', 'bound', true)`, []);
    const { rows } = await client.query(`select current_setting($1, true) as probe`, ['app.probe']);
    expect(rows).toEqual([{ probe: 'bound' }]);
    expect(trips).toEqual([expect.stringMatching(/^begin;\n.*set_config/s), '<parameterised>']);
    await client.query('commit', []);
  }));

  it('rolls back a transaction that never reached the server without a round trip', () => withClient(async (client, trips) => {
    await client.query('begin', []);
    await client.query('/* with next query */ select 1', []);
    await client.query('rollback', []);
    expect(trips).toEqual([]);
    expect((await client.query('select 1 as one', [])).rows).toEqual([{ one: 1 }]);
  }));

  it('never lets a held statement reach the next user of a pooled connection', async () => {
    const pool = new pg.Pool({ connectionString: t.config.DATABASE_URL, Client: PipeliningClient, max: 1 });
    dropHeldOnRelease(pool);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const first = await pool.connect();
      await first.query(`/* with next query */ select set_config('app.probe', 'leaked', false)`, []);
      first.release();
      const second = await pool.connect();
      expect((await second.query(`select current_setting('app.probe', true) as probe`, [])).rows).toEqual([{ probe: null }]);
      second.release();
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual(['A pooled connection was released with 1 statement(s) never sent']);
    } finally {
      process.off('warning', onWarning);
      await pool.end();
    }
  });
});

describe('a request', () => {
  /** Round trips of the ORM's pooled connections while `fn` runs. */
  async function tripsOf(fn: () => Promise<unknown>) {
    const pool = await t.orm.em.getConnection().getNativeClient();
    const trips: string[] = [];
    const recorded = new WeakSet<pg.Client>();
    const onAcquire = (client: pg.PoolClient) => {
      if (recorded.has(client)) return;
      recorded.add(client);
      recordTrips(client, trips);
    };
    pool.on('acquire', onAcquire);
    try {
      await fn(); // warms the connections up: each is recorded from its first use on
      trips.length = 0;
      await fn();
      return trips;
    } finally {
      pool.off('acquire', onAcquire);
    }
  }

  it('reads a person-level list in three round trips: begin with the tenant and session check, the read, the audit with the commit', async () => {
    const list = () => t.as('manager1@razom.demo', { method: 'GET', url: '/api/v1/cases' });
    const trips = await tripsOf(async () => expect((await list()).statusCode).toBe(200));
    expect(trips).toHaveLength(3);
    expect(trips[0]).toMatch(/^begin;\n.*set_config\('app\.tenant_id'.*;\nselect .* from auth_session/s);
    expect(trips[2]).toMatch(/^\/\* with next query \*\/ insert into audit_log .*;\ncommit$/s);
  });

  it('submits a referral in five round trips: routing one statement, the referral, the calendar; clocks, notice job and audit with the commit', async () => {
    const submit = () => t.as('unit1@army.demo', {
      method: 'POST', url: '/api/v1/my-unit/referrals',
      payload: {
        subject: 'service_member', person: { lastName: 'Тестовий', firstName: 'Петро', phone: '067 765 43 21' },
        serviceMember: { status: 'wounded' }, categories: ['wounded'], needs: 'Супровід на ВЛК.', urgency: 'normal',
        consent: { given: true, method: 'verbal' },
      },
    });
    const trips = await tripsOf(async () => expect((await submit()).statusCode).toBe(201));
    expect(trips.map((sql) => sql.replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(/^begin; .*set_config/), // begin, the unit contact's binding and the session check
      expect.stringMatching(/^select mu\.id as unit_id/), // unit, provider, accreditation, pause, referrer
      expect.stringMatching(/set_config.*; insert into "referral"/), // bound to the provider; the referral
      expect.stringMatching(/insert into referral_event .*; select s\.acknowledgement_days/), // its first event; calendar and targets
      // its clocks, the notice job (pg-boss's insert) and the audit entry go with the commit
      expect.stringMatching(/insert into referral_deadline .*; .*insert into pgboss\..*; .*insert into audit_log .*; commit$/i),
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteLoad, startDeployment, waitFor } from './support.ts';

/**
 * Fault tests with real processes on loopback: PostgreSQL restarted under load, the API
 * stopped with SIGTERM under load. What was acknowledged must be there, nothing half-written.
 */
let d: Awaited<ReturnType<typeof startDeployment>>;
beforeAll(async () => { d = await startDeployment(); }, 180_000);
afterAll(async () => { await d?.stop(); }, 60_000);


/** Every invited user has exactly its membership and invitation: no request wrote half of it. */
async function noPartialWrites() {
  const orphans = await d.sql(`select u.email from user_account u
    left join membership m on m.user_id = u.id
    left join action_token t on t.user_id = u.id and t.kind = 'invitation'
    where u.email like 'fault-%' and (m.id is null or t.id is null)`);
  expect(orphans).toEqual([]);
}

describe('faults', () => {
  it('PostgreSQL restarts under load: acknowledged writes survive, readiness and jobs recover', async () => {
    const server = await d.startServer();
    const headers = await d.signIn('admin@nadiya.demo'); // a code is good once: not the admin of the first test
    const load = inviteLoad(d.url, headers, 8);
    await waitFor(async () => load.acknowledged.length >= 20, 30_000, 'first writes');
    await d.stopDatabase();
    await new Promise((r) => setTimeout(r, 500));
    expect((await fetch(`${d.url}/api/ready`)).status).toBe(503);
    await d.startDatabase();
    await waitFor(async () => (await fetch(`${d.url}/api/ready`)).ok, 30_000, 'readiness after the restart');
    const before = load.acknowledged.length;
    await waitFor(async () => load.acknowledged.length >= before + 20, 30_000, 'writes after the restart');
    await load.stop();

    expect(load.failed.length).toBeGreaterThan(0); // the outage was real
    const present = await d.sql<{ email: string }>(`select email from user_account where email = any($1)`, [load.acknowledged]);
    expect(present.map((r) => r.email).sort()).toEqual([...load.acknowledged].sort());
    await noPartialWrites();
    // pg-boss picks up again: every acknowledged invitation's email is delivered.
    await waitFor(async () => {
      const sent = new Set(d.mail.messages().map((m) => m.to));
      return load.acknowledged.every((e) => sent.has(e));
    }, 60_000, 'every invitation email').catch(async (err) => {
      const states = await d.sql(`select state, count(*)::int as n, min(created_on)::text as first, max(start_after)::text as start, max(retry_count) as retries, now()::text as now from pgboss.job where name = 'email.send' group by state`);
      throw new Error(`${err.message}: ${d.mail.messages().length} mails for ${load.acknowledged.length} invitations; jobs ${JSON.stringify(states)}`);
    });
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }, 180_000);

  it('SIGTERM under load: requests in flight finish, the process exits cleanly, nothing half-written', async () => {
    const server = await d.startServer();
    const headers = await d.signIn('admin@razom.demo');
    const load = inviteLoad(d.url, headers, 8);
    await waitFor(async () => load.acknowledged.length >= 10, 30_000, 'first writes');
    const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    await load.stop();
    const present = await d.sql<{ email: string }>(`select email from user_account where email = any($1)`, [load.acknowledged]);
    expect(present.map((r) => r.email).sort()).toEqual([...load.acknowledged].sort());
    await noPartialWrites();
  }, 120_000);
});

/**
 * `node bench/explain.ts [--scale 0.25] [--seed 1]`: fills a throwaway PostgreSQL with the
 * national generator and prints EXPLAIN (ANALYZE, BUFFERS) of the hottest queries, as the app
 * role inside a provider's (or the ministry's) transaction, so row-level security is part of
 * every plan. The plans back the indexes docs/performance.md relies on.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPg } from '../apps/api/src/dev/embedded-pg.ts';
import { ensureRoleAndDatabase, withDatabase } from '../apps/api/src/dev/bootstrap.ts';
import { migrateDatabase } from '../apps/api/src/db/migrate.ts';
import { APP_ROLE } from '../apps/api/src/migrations/sql.ts';
import { seedNational } from '../apps/api/src/seeders/national/index.ts';
import { newKey, parseKeyring } from '../apps/api/src/lib/crypto.ts';

const { values: args } = parseArgs({ options: { scale: { type: 'string', default: '0.25' }, seed: { type: 'string', default: '1' } } });
const dir = mkdtempSync(join(tmpdir(), 'pilot-explain-'));
const server = await startEmbeddedPg({ dir: join(dir, 'pg'), port: 4791, password: randomBytes(12).toString('hex') });
try {
  const appPassword = randomBytes(12).toString('hex');
  await ensureRoleAndDatabase(server.superUrl(), 'pilot_explain', appPassword);
  const ownerUrl = withDatabase(server.superUrl(), 'pilot_explain');
  await migrateDatabase(ownerUrl);
  await seedNational({ url: ownerUrl, scale: Number(args.scale), seed: Number(args.seed), keyring: parseKeyring(`e:${newKey()}`, newKey()), progress: 'none' });
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  // The busiest case manager, supervisor's provider and unit: the worst case of each list.
  const { rows: [who] } = await owner.query<{ provider_id: string; user_id: string; unit_id: string }>(`
    select c.provider_id, c.assignee_id as user_id,
           (select unit_id from referral group by unit_id order by count(*) desc limit 1) as unit_id
      from support_case c where c.assignee_id is not null group by 1, 2 order by count(*) desc limit 1`);
  await owner.end();
  const app = new pg.Client({ connectionString: withDatabase(server.superUrl(), 'pilot_explain', { name: APP_ROLE, password: appPassword }) });
  await app.connect();
  const day = new Date().toISOString().slice(0, 10);
  const plans: [string, Record<string, string>, string, unknown[]][] = [
    ['case list (a case manager, first page)', { 'app.tenant_id': who!.provider_id }, `
      select c.id, c.beneficiary_name, c.status, c.categories, c.opened_at, u.full_name,
             (select count(*) from plan_step s where s.provider_id = c.provider_id and s.case_id = c.id
                and s.status in ('planned', 'in_progress') and s.due_on < $3::date) as overdue_steps
        from support_case c left join user_account u on u.id = c.assignee_id
       where c.provider_id = $1 and c.assignee_id = $2 order by c.opened_at desc, c.id desc limit 51`, [who!.provider_id, who!.user_id, day]],
    ['case list (a supervisor, open cases)', { 'app.tenant_id': who!.provider_id }, `
      select c.id, c.beneficiary_name from support_case c where c.provider_id = $1 and c.status = 'active'
       order by c.opened_at desc, c.id desc limit 51`, [who!.provider_id]],
    ['my tasks (open plan steps due within a week)', { 'app.tenant_id': who!.provider_id }, `
      select s.id, s.case_id, c.beneficiary_name, s.title, s.due_on from plan_step s
        join support_case c on c.provider_id = s.provider_id and c.id = s.case_id
       where s.provider_id = $1 and s.owner_id = $2 and s.status in ('planned', 'in_progress') and s.due_on <= $3::date + 7 and c.status <> 'closed'`,
    [who!.provider_id, who!.user_id, day]],
    ['referral inbox (a supervisor, waiting)', { 'app.tenant_id': who!.provider_id }, `
      select r.id, r.person_name, r.submitted_at from referral r where r.provider_id = $1 and r.status = 'submitted'
       order by r.submitted_at desc, r.id desc limit 51`, [who!.provider_id]],
    ['a unit’s referrals (a unit contact)', { 'app.unit_id': who!.unit_id }, `
      select r.id, r.status, r.submitted_at from referral r where r.unit_id = $1 order by r.submitted_at desc, r.id desc limit 51`, [who!.unit_id]],
    ['the escalation sweep (open clocks past due, no tenant)', {}, `
      select id, referral_id, target from referral_deadline where met_at is null and cancelled_at is null and due_at < now() limit 500`, []],
    ['case page timeline (service deliveries of a case)', { 'app.tenant_id': who!.provider_id }, `
      select d.id, d.delivered_on from service_delivery d where d.provider_id = $1
         and d.case_id = (select id from support_case where provider_id = $1 and assignee_id = $2 order by opened_at desc limit 1)
       order by d.delivered_on desc, d.id desc limit 50`, [who!.provider_id, who!.user_id]],
  ];
  for (const [title, bind, sql, params] of plans) {
    await app.query('begin');
    for (const [k, v] of Object.entries(bind)) await app.query(`select set_config($1, $2, true)`, [k, v]);
    const { rows } = await app.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${sql}`, params);
    await app.query('rollback');
    console.log(`\n### ${title}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  await app.end();
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

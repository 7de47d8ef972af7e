/**
 * The daily digest: each case manager and supervisor gets one email listing their overdue work,
 * what is due today and this week. Runs as a pg-boss job; each provider is read in its own
 * tenant-bound transaction, and the emails are queued in it.
 */
import type { FastifyInstance } from 'fastify';
import type { TLocale, TTask } from '@pilot/contracts';
import { withTenant } from '../../db/tenancy.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { today } from '../../lib/clock.ts';
import { emails, render } from '../../lib/emails.ts';
import { Provider } from '../providers/entities.ts';
import { tasksFor } from './tasks.ts';

const line = (t: TTask) => ({ beneficiaryName: t.beneficiaryName, title: t.title || (t.kind === 'review' ? 'Повторна оцінка потреб / Reassessment' : 'Оцінка потреб / Needs assessment'), dueOn: t.dueOn });

/** Queues today's digests; returns how many were queued. A second run the same day queues none again. */
export async function sendTaskDigests(app: FastifyInstance): Promise<number> {
  const day = today(app.clock);
  const providers = await app.orm.em.fork().find(Provider, { accreditationStatus: { $ne: 'revoked' } });
  let sent = 0;
  for (const provider of providers) {
    await withTenant(app.orm, { providerId: provider.id }, async ({ em: tx }) => {
      const staff = await tx.execute<{ id: string; email: string; full_name: string; locale: TLocale }[]>(
        `select u.id, u.email, u.full_name, u.locale from membership m join user_account u on u.id = m.user_id
          where m.provider_id = ? and u.status = 'active' and m.roles && '{case_manager,supervisor}'::text[]`, [provider.id]);
      for (const user of staff) {
        const tasks = await tasksFor(tx, provider.id, user.id, day);
        if (!tasks.overdue.length && !tasks.dueToday.length && !tasks.thisWeek.length) continue;
        const mail = render(emails.taskDigest, user.locale, user.email, {
          fullName: user.full_name, overdue: tasks.overdue.map(line), today: tasks.dueToday.map(line), week: tasks.thisWeek.map(line),
          link: `${app.config.publicUrl}/tasks`,
        });
        const claimed = await tx.execute(`insert into task_digest_sent (user_id, day) values (?, ?) on conflict do nothing returning user_id`, [user.id, day]);
        if (!claimed.length) continue;
        await app.jobs.send(tx, QUEUES.email, mail);
        sent += 1;
      }
    });
  }
  app.log.info({ day, sent }, 'task digests queued');
  return sent;
}

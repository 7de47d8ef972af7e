import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProviderRole } from '@pilot/domain';
import type { TLocale } from '@pilot/contracts';
import { withTenant } from '../../db/tenancy.ts';
import { sendInTx } from '../../jobs/boss.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { Notification } from './entities.ts';
import { NOTICES, type NoticeKind, type NoticeParams } from './notices.ts';

/** Who receives a notice; resolved when it is delivered, outside any tenant. */
export type Recipients =
  | { userIds: string[] }
  | { providerId: string; roles: ProviderRole[] }
  /** The ministry coordinators on the escalation list (all coordinators while the list is empty). */
  | { ministryEscalation: true };

export interface NoticeJob<K extends NoticeKind = NoticeKind> {
  kind: K;
  params: NoticeParams<K>;
  /** Path inside the web app the notice opens, e.g. `/referrals/…`. */
  link: string | null;
  to: Recipients[];
  /** Also send it by email (default true). */
  email?: boolean;
}

/**
 * Queues a notice in the request's transaction: it is delivered (in-app + email) only if the
 * request commits. Notices carry no person-level data: they say what happened and link to it,
 * and the reader's access decides what they see there.
 */
export function queueNotice<K extends NoticeKind>(app: FastifyInstance, em: EntityManager, notice: NoticeJob<K>) {
  return app.jobs.send(em, QUEUES.notify, notice);
}

/** One placeholder per value, for `in (…)` and `array[…]`. */
const marks = (values: readonly unknown[]) => values.map(() => '?').join(', ');

interface RecipientRow { id: string; email: string; locale: TLocale }

async function resolve(em: EntityManager, to: Recipients[]): Promise<RecipientRow[]> {
  const found = new Map<string, RecipientRow>();
  const add = (rows: RecipientRow[]) => rows.forEach((r) => found.set(r.id, r));
  const active = `select u.id, u.email, u.locale from user_account u join membership m on m.user_id = u.id where u.status = 'active'`;
  for (const r of to) {
    if ('userIds' in r) {
      if (r.userIds.length) add(await em.execute<RecipientRow[]>(`${active} and u.id in (${marks(r.userIds)})`, r.userIds));
    } else if ('providerId' in r) {
      add(await em.execute<RecipientRow[]>(`${active} and m.provider_id = ? and m.roles && array[${marks(r.roles)}]::text[]`, [r.providerId, ...r.roles]));
    } else {
      add(await em.execute<RecipientRow[]>(
        `${active} and m.provider_id is null and 'ministry_coordinator' = any(m.roles)
           and exists (select 1 from pilot_settings s
             where u.id = any(s.escalation_recipient_ids) or cardinality(s.escalation_recipient_ids) = 0)`));
    }
  }
  return [...found.values()];
}

/** The job: one notification per recipient in their language, and an email when asked. */
export async function deliverNotice(app: FastifyInstance, job: NoticeJob) {
  await withTenant(app.orm, { providerId: null }, async ({ em: tx }) => {
    const template = NOTICES[job.kind] as (typeof NOTICES)[NoticeKind];
    for (const user of await resolve(tx, job.to)) {
      const { subject, text } = template[user.locale](job.params as never);
      tx.create(Notification, { userId: user.id, kind: job.kind, title: subject, body: text, link: job.link });
      if (job.email !== false) {
        const link = job.link ? `\n\n${app.config.publicUrl}${job.link}` : '';
        await sendInTx(app.jobs.boss, tx, QUEUES.email, { to: user.email, subject, text: `${text}${link}` });
      }
    }
  });
}

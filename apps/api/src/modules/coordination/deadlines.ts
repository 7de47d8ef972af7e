import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { instructionNoticesDue, INSTRUCTION_REMINDER_DAYS, type InstructionNotice } from '@pilot/domain';
import { render } from '../../lib/emails.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { today } from '../../lib/clock.ts';
import { addDays } from '@pilot/domain';
import type { TLocale } from '@pilot/contracts';
import { noticeTemplate } from './emails.ts';

interface OpenInstruction {
  id: string; title: string; due_date: string; status: string; assignee_person: string; assignee_email: string | null;
  assignee_provider_id: string | null; centre_name: string;
}

/**
 * The deadline sweep (pg-boss, every 15 minutes): open instructions due
 * within the reminder window get a reminder, on the due date a notice, and once past it they are
 * flagged overdue and the assignee is told. `instruction_notice` makes each notice go once per
 * due date, however often the sweep runs; moving the due date arms them again. Returns the
 * number of notices sent.
 */
export async function sweepInstructionDeadlines(app: FastifyInstance): Promise<number> {
  const day = today(app.clock);
  const em = app.orm.em.fork();
  return em.transactional(async (tx) => {
    const open = await tx.execute<OpenInstruction[]>(
      `select i.id, i.title, to_char(i.due_date, 'YYYY-MM-DD') as due_date, i.status, i.assignee_person, i.assignee_email,
              i.assignee_provider_id, c.name as centre_name
         from instruction i join coordination_centre c on c.id = i.centre_id
        where i.status in ('open', 'in_progress', 'overdue') and i.due_date <= ?
        order by i.due_date, i.id
        for update of i skip locked`, [addDays(day, INSTRUCTION_REMINDER_DAYS)]);
    let sent = 0;
    for (const instruction of open) {
      const notices = instructionNoticesDue(instruction.due_date, day);
      if (notices.includes('overdue') && instruction.status !== 'overdue') {
        await tx.execute(`update instruction set status = 'overdue', updated_at = now(), version = version + 1 where id = ?`, [instruction.id]);
      }
      for (const kind of notices) {
        const claimed = await tx.execute(
          `insert into instruction_notice (instruction_id, kind, due_date) values (?, ?, ?) on conflict do nothing returning kind`,
          [instruction.id, kind, instruction.due_date]);
        if (claimed.length === 0) continue;
        sent += await notify(app, tx, instruction, kind);
      }
    }
    return sent;
  });
}

/** Emails the assignee, or when no address was given, the NGO admins of the assigned provider. */
async function notify(app: FastifyInstance, em: EntityManager, i: OpenInstruction, kind: InstructionNotice): Promise<number> {
  const recipients = await recipientsOf(em, i);
  const template = noticeTemplate(kind);
  for (const r of recipients) {
    await app.jobs.send(em, QUEUES.email, render(template, r.locale, r.email, {
      person: r.name, centre: i.centre_name, title: i.title, dueDate: i.due_date,
      link: `${app.config.publicUrl}/coordination/instructions/${i.id}`,
    }));
  }
  return recipients.length;
}

export async function recipientsOf(em: EntityManager, i: { assignee_email: string | null; assignee_person: string; assignee_provider_id: string | null }) {
  if (i.assignee_email) return [{ email: i.assignee_email, name: i.assignee_person, locale: 'uk' as TLocale }];
  if (!i.assignee_provider_id) return [];
  const admins = await em.execute<{ email: string; full_name: string; locale: TLocale }[]>(
    `select u.email, u.full_name, u.locale from user_account u join membership m on m.user_id = u.id
      where m.provider_id = ? and 'ngo_admin' = any (m.roles) and u.status = 'active' order by u.email`, [i.assignee_provider_id]);
  return admins.map((a) => ({ email: a.email, name: a.full_name, locale: a.locale }));
}

import type { InstructionNotice } from '@pilot/domain';
import type { Template } from '../../lib/emails.ts';

interface InstructionMail { person: string; centre: string; title: string; dueDate: string; link: string }

const assigned: Template<InstructionMail> = {
  uk: (p) => ({
    subject: `Нове доручення — ${p.centre}`,
    text: `${p.person}, вітаємо!\n\n${p.centre} доручає: ${p.title}\nСтрок виконання: ${p.dueDate}.\n\nДоручення і звіт про виконання: ${p.link}`,
  }),
  en: (p) => ({
    subject: `New instruction — ${p.centre}`,
    text: `Hello ${p.person},\n\n${p.centre} instructs: ${p.title}\nDue: ${p.dueDate}.\n\nThe instruction and its execution report: ${p.link}`,
  }),
};

const NOTICE_UK: Record<InstructionNotice, (p: InstructionMail) => [string, string]> = {
  reminder: (p) => [`Нагадування: строк доручення ${p.dueDate}`, `Строк виконання доручення настає ${p.dueDate}.`],
  due: (p) => [`Сьогодні строк виконання доручення`, `Сьогодні, ${p.dueDate}, спливає строк виконання доручення.`],
  overdue: (p) => [`Доручення прострочено`, `Строк виконання доручення сплив ${p.dueDate}, звіт про виконання не надано.`],
};
const NOTICE_EN: Record<InstructionNotice, (p: InstructionMail) => [string, string]> = {
  reminder: (p) => [`Reminder: instruction due ${p.dueDate}`, `The instruction below is due on ${p.dueDate}.`],
  due: () => [`Instruction due today`, `The instruction below is due today.`],
  overdue: (p) => [`Instruction overdue`, `The instruction below was due on ${p.dueDate} and has not been reported done.`],
};

/** Deadline notices to the assignee: ahead of, on and after the due date. */
export const noticeTemplate = (kind: InstructionNotice): Template<InstructionMail> => ({
  uk: (p) => {
    const [subject, lead] = NOTICE_UK[kind](p);
    return { subject: `${subject} — ${p.centre}`, text: `${p.person}, вітаємо!\n\n${lead}\n\n«${p.title}»\n\nЗвіт про виконання: ${p.link}` };
  },
  en: (p) => {
    const [subject, lead] = NOTICE_EN[kind](p);
    return { subject: `${subject} — ${p.centre}`, text: `Hello ${p.person},\n\n${lead}\n\n"${p.title}"\n\nReport execution: ${p.link}` };
  },
});

export const coordinationEmails = { assigned };

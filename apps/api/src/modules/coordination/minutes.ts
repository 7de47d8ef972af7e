import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { TMeeting } from '@pilot/contracts';
import type { CentreMemberRole, IssueCategory } from '@pilot/domain';

/**
 * The minutes of a meeting (протокол засідання) as a printable PDF, in Ukrainian. The text is
 * set in DejaVu Sans, embedded: PDF's standard Helvetica has no Cyrillic.
 */
const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const CATEGORY: Record<IssueCategory, string> = {
  idp: 'внутрішньо переміщені особи',
  veteran_policy: 'ветеранська політика',
  defenders_families: 'підтримка сімей захисників',
  psychosocial_support: 'психосоціальна підтримка',
  humanitarian_aid: 'гуманітарна допомога',
  other: 'інше',
};

const ROLE: Record<CentreMemberRole, string> = {
  military_administration: 'військова адміністрація',
  social_protection: 'структурний підрозділ соціального захисту',
  cimic: 'CIMIC',
  ngo: 'громадська організація',
  other: 'інше',
};

const STATUS: Record<string, string> = {
  open: 'відкрите', in_progress: 'виконується', done: 'виконане', overdue: 'прострочене', cancelled: 'скасоване',
};

/** 2026-12-03 → 03.12.2026, as Ukrainian documents write dates. */
export const uaDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

export function renderMinutes(meeting: TMeeting, generatedOn: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 70, right: 56 },
    info: { Title: `Протокол засідання — ${meeting.centreName} — ${uaDate(meeting.heldOn)}`, Author: 'Платформа «Пілот»' },
    lang: 'uk',
  } as PDFKit.PDFDocumentOptions);
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const heading = (text: string) => doc.moveDown(0.8).font('bold').fontSize(12).text(text).moveDown(0.3);
  const para = (text: string, opts: PDFKit.Mixins.TextOptions = {}) => doc.font('body').fontSize(11).text(text, { align: 'justify', ...opts });
  const labelled = (label: string, text: string) => {
    doc.font('bold').fontSize(11).text(`${label} `, { continued: true }).font('body').text(text, { align: 'justify' });
  };

  doc.font('bold').fontSize(15).text('ПРОТОКОЛ', { align: 'center' });
  doc.font('body').fontSize(12).text(`засідання ${meeting.centreName}`, { align: 'center' }).moveDown(1);
  labelled('Дата:', uaDate(meeting.heldOn));
  labelled('Місце:', [meeting.place, meeting.online ? 'онлайн' : null].filter(Boolean).join('; '));

  heading('Присутні');
  if (meeting.attendees.length === 0) para('—');
  meeting.attendees.forEach((m, i) => {
    para(`${i + 1}. ${m.fullName}${m.position ? `, ${m.position}` : ''} — ${m.organisation} (${ROLE[m.role]})`);
  });
  if (meeting.guests) labelled('Запрошені:', meeting.guests);

  heading('Порядок денний');
  if (meeting.issueList.length === 0) para('—');
  meeting.issueList.forEach((issue, i) => para(`${i + 1}. ${issue.title} (${CATEGORY[issue.category]})`));

  meeting.issueList.forEach((issue, i) => {
    heading(`${i + 1}. ${issue.title}`);
    labelled('СЛУХАЛИ:', `${issue.title} (${CATEGORY[issue.category]}).`);
    if (issue.discussion) labelled('ОБГОВОРИЛИ:', issue.discussion);
    labelled('ВИРІШИЛИ:', issue.decisions ?? '—');
    if (issue.instructions.length) {
      doc.moveDown(0.3).font('bold').fontSize(11).text('ДОРУЧЕННЯ:');
      issue.instructions.forEach((ins, k) => {
        para(`${i + 1}.${k + 1}. ${ins.title}`, { indent: 14 });
        para(`Виконавець: ${ins.assigneeOrganisation}, ${ins.assigneePerson}. Строк: ${uaDate(ins.dueDate)}. Стан: ${STATUS[ins.status] ?? ins.status}.`, { indent: 28 });
      });
    }
  });

  if (meeting.reviewedItems.length) {
    heading('Розглянуто виконання плану роботи');
    meeting.reviewedItems.forEach((item, i) => {
      para(`${i + 1}. ${item.title} (${item.quarter}; відповідальний: ${item.owner}; строк: ${uaDate(item.dueDate)})`);
    });
  }

  doc.moveDown(2).font('body').fontSize(11).text('Головуючий  ____________________', { align: 'left' });
  doc.moveDown(1).text('Секретар  ____________________', { align: 'left' });
  doc.moveDown(2).fontSize(8).fillColor('#555555').text(`Сформовано на платформі «Пілот» ${uaDate(generatedOn)}`, { align: 'right' });
  doc.end();
  return done;
}

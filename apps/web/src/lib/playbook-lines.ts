/**
 * Playbook steps edited as lines of text, so the form works without JavaScript:
 * `key; measure code; days from the start; owner role; title (uk); title (en); documents`,
 * documents as `Ukrainian / English` separated by `|`. The API validates what comes out.
 */
import type { TPlaybook } from '@pilot/contracts';

type Step = TPlaybook['steps'][number];
type Label = { uk: string; en: string };

const labels = (text: string): Label[] =>
  text.split('|').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [uk, en] = d.split('/').map((x) => x.trim());
    return { uk: uk ?? '', en: en || uk || '' };
  });

export const stepsToLines = (steps: readonly Step[]) =>
  steps.map((s) => [s.key, s.measureCode, s.offsetDays, s.ownerRole, s.titleUk, s.titleEn, s.documents.map((d) => `${d.uk} / ${d.en}`).join(' | ')].join('; ')).join('\n');

export const checklistToLines = (items: readonly Label[]) => items.map((d) => `${d.uk} / ${d.en}`).join('\n');

/** Parsed steps, or the number of the first line that does not read as a step. */
export function linesToSteps(text: string): { steps: unknown[] } | { badLine: number } {
  const steps: unknown[] = [];
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const [key, measureCode, offset, ownerRole, titleUk, titleEn, documents = ''] = line.split(';').map((x) => x.trim());
    if (!key || !measureCode || !offset || !ownerRole || !titleUk) return { badLine: i + 1 };
    steps.push({ key, measureCode, offsetDays: Number(offset), ownerRole, titleUk, titleEn: titleEn || titleUk, documents: labels(documents) });
  }
  return { steps };
}

export const linesToChecklist = (text: string) => text.split('\n').flatMap((l) => labels(l));

/**
 * The right-of-access report: everything a provider holds about one person, as data and as a
 * plain HTML page the person can read or print (every value escaped).
 */
import type { TBeneficiary } from '@pilot/contracts';

export interface SubjectReport {
  generatedAt: string;
  controller: string;
  person: TBeneficiary & { formerIds: string[] };
  family: { fullName: string; relation: string; role: 'relative' | 'service_member' }[];
  consents: { method: string; givenOn: string; purposes: string[]; recipients: { organisation: string; dataCategories: string[] }[]; expiresOn: string | null; withdrawnOn: string | null; withdrawalReason: string | null; note: string | null }[];
  cases: {
    id: string; status: string; categories: string[]; openedAt: string; closedAt: string | null; closureOutcome: string | null; caseManager: string | null;
    timeline: { at: string; kind: string; by: string | null }[];
    assessments: { assessedOn: string; needs: { domain: string; severity: string; note: string | null }[]; summary: string | null }[];
    plan: { title: string; dueOn: string | null; status: string; documents: { name: string; received: boolean }[] }[];
    deliveries: { deliveredOn: string; mode: string; durationMinutes: number; outcome: string; by: string | null }[];
    notes: { at: string; body: string; sensitive: boolean; by: string | null }[];
    documents: { fileName: string; contentType: string; sizeBytes: number; uploadedAt: string }[];
  }[];
}

const esc = (v: unknown) => String(v ?? '—').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

const WORDS = {
  uk: {
    title: 'Дані, які зберігає організація про особу', generated: 'Сформовано', controller: 'Організація', person: 'Особа',
    name: 'ПІБ', birth: 'Дата народження', rnokpp: 'РНОКПП', phones: 'Телефони', email: 'Ел. пошта', address: 'Адреса',
    unit: 'Військова частина', family: 'Сім’я', consents: 'Згоди', cases: 'Справи', opened: 'Відкрито', closed: 'Закрито',
    outcome: 'Результат', manager: 'Кейс-менеджер', assessments: 'Оцінки потреб', plan: 'План', deliveries: 'Надані заходи',
    notes: 'Нотатки', documents: 'Документи', timeline: 'Історія', none: 'Немає',
  },
  en: {
    title: 'Data the organisation holds about a person', generated: 'Generated', controller: 'Organisation', person: 'Person',
    name: 'Full name', birth: 'Date of birth', rnokpp: 'RNOKPP', phones: 'Phones', email: 'Email', address: 'Address',
    unit: 'Military unit', family: 'Family', consents: 'Consents', cases: 'Cases', opened: 'Opened', closed: 'Closed',
    outcome: 'Outcome', manager: 'Case manager', assessments: 'Needs assessments', plan: 'Plan', deliveries: 'Deliveries',
    notes: 'Notes', documents: 'Documents', timeline: 'History', none: 'None',
  },
} as const;

function list<T>(items: T[], row: (item: T) => string, none: string) {
  return items.length ? `<ul>${items.map((i) => `<li>${row(i)}</li>`).join('')}</ul>` : `<p>${esc(none)}</p>`;
}

export function renderSubjectReport(r: SubjectReport, lang: 'uk' | 'en'): string {
  const w = WORDS[lang];
  const p = r.person;
  const facts: [string, unknown][] = [
    [w.name, p.fullName], [w.birth, p.birthDate], [w.rnokpp, p.rnokpp], [w.phones, p.phones.join(', ')], [w.email, p.email],
    [w.address, [p.oblastCode, p.hromadaCode, p.address].filter(Boolean).join(', ')], [w.unit, [p.militaryRank, p.unitCode, p.militaryStatus].filter(Boolean).join(' · ')],
  ];
  const cases = r.cases.map((c) => `
    <section><h3>${esc(c.categories.join(', '))} — ${esc(c.status)}</h3>
      <dl><dt>${w.opened}</dt><dd>${day(c.openedAt)}</dd><dt>${w.closed}</dt><dd>${day(c.closedAt)}</dd>
      <dt>${w.outcome}</dt><dd>${esc(c.closureOutcome)}</dd><dt>${w.manager}</dt><dd>${esc(c.caseManager)}</dd></dl>
      <h4>${w.assessments}</h4>${list(c.assessments, (a) => `${day(a.assessedOn)}: ${a.needs.map((n) => `${esc(n.domain)} (${esc(n.severity)})${n.note ? ` — ${esc(n.note)}` : ''}`).join('; ')}${a.summary ? `. ${esc(a.summary)}` : ''}`, w.none)}
      <h4>${w.plan}</h4>${list(c.plan, (s) => `${esc(s.title)} — ${esc(s.status)}, ${day(s.dueOn)}`, w.none)}
      <h4>${w.deliveries}</h4>${list(c.deliveries, (d) => `${day(d.deliveredOn)} · ${esc(d.mode)} · ${d.durationMinutes} min · ${esc(d.outcome)} (${esc(d.by)})`, w.none)}
      <h4>${w.notes}</h4>${list(c.notes, (n) => `${day(n.at)} (${esc(n.by)}): ${esc(n.body)}`, w.none)}
      <h4>${w.documents}</h4>${list(c.documents, (d) => `${esc(d.fileName)} (${esc(d.contentType)}, ${d.sizeBytes} B, ${day(d.uploadedAt)})`, w.none)}
      <h4>${w.timeline}</h4>${list(c.timeline, (e) => `${esc(e.at.replace('T', ' ').slice(0, 16))} — ${esc(e.kind)}${e.by ? ` (${esc(e.by)})` : ''}`, w.none)}
    </section>`).join('');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${w.title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{color:#4a5361}dd{margin:0}section{border-top:1px solid #cfd4dc;margin-top:1rem}</style>
</head><body>
<h1>${w.title}</h1>
<p>${w.controller}: ${esc(r.controller)} · ${w.generated}: ${esc(r.generatedAt.replace('T', ' ').slice(0, 16))} UTC</p>
<h2>${w.person}</h2><dl>${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v || '—')}</dd>`).join('')}</dl>
<h2>${w.family}</h2>${list(r.family, (f) => `${esc(f.fullName)} — ${esc(f.relation)}`, w.none)}
<h2>${w.consents}</h2>${list(r.consents, (c) => `${esc(c.method)}, ${day(c.givenOn)}: ${esc(c.purposes.join(', '))}${c.recipients.length ? ` → ${esc(c.recipients.map((x) => `${x.organisation} (${x.dataCategories.join(', ')})`).join('; '))}` : ''}${c.withdrawnOn ? ` — ${day(c.withdrawnOn)}: ${esc(c.withdrawalReason)}` : ''}`, w.none)}
<h2>${w.cases}</h2>${cases || `<p>${w.none}</p>`}
</body></html>`;
}

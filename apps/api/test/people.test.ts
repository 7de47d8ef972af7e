import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rnokppCheckDigit } from '@pilot/domain';
import { startTestApp, type TestApp, kyivDate } from './harness.ts';
import { decrypt, decryptBytes, newKey, parseKeyring } from '../src/lib/crypto.ts';
import { rotateAll } from '../src/lib/key-rotation.ts';
import { createDocumentStorage } from '../src/lib/storage.ts';
import { documentRotation } from '../src/modules/cases/documents.ts';
import { DEMO_CASE_IDS } from '../src/seeders/demo-cases.ts';

const R = DEMO_CASE_IDS.razom;
const SUP = 'supervisor@razom.demo';
const M1 = 'manager1@razom.demo';
const today = () => kyivDate();

let t: TestApp;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pilot-people-'));
  t = await startTestApp({ DATA_DIR: dataDir });
});
afterAll(async () => { await t?.close(); });

const person = (over: Record<string, unknown> = {}) => ({ lastName: 'Ковальчук', firstName: 'Тетяна', patronymic: 'Іванівна', birthDate: '1987-05-05', phones: ['0671112233'], categories: ['family_of_missing'], ...over });
async function intake(body: Record<string, unknown>) {
  const res = await t.as(SUP, { method: 'POST', url: '/api/v1/cases', payload: { categories: ['family_of_missing'], consent: { method: 'written', givenOn: today(), purposes: ['case_management'] }, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { caseId: string; beneficiaryId: string };
}

describe('merging duplicates', () => {
  it('moves cases, consent and family to the surviving record, keeps the old id resolvable, and is audited', async () => {
    const a = await intake({ beneficiary: person({ phones: ['0671112233'] }) });
    const b = await intake({ beneficiary: person({ firstName: 'Тетяна', patronymic: 'Іванiвна', phones: ['0509998877'], email: 'tetiana@example.com' }), confirmNew: true });
    const survivor = (await t.as(SUP, { method: 'GET', url: `/api/v1/beneficiaries/${a.beneficiaryId}` })).json();

    expect((await t.as(M1, { method: 'POST', url: `/api/v1/beneficiaries/${a.beneficiaryId}/merge`, payload: { duplicateId: b.beneficiaryId, version: survivor.version } })).statusCode).toBe(404);
    const stale = await t.as(SUP, { method: 'POST', url: `/api/v1/beneficiaries/${a.beneficiaryId}/merge`, payload: { duplicateId: b.beneficiaryId, version: survivor.version + 5 } });
    expect(stale.json().code).toBe('edit_conflict');
    const merged = await t.as(SUP, { method: 'POST', url: `/api/v1/beneficiaries/${a.beneficiaryId}/merge`, payload: { duplicateId: b.beneficiaryId, version: survivor.version } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ email: 'tetiana@example.com', phones: ['+380671112233', '+380509998877'] });

    const old = (await t.as(SUP, { method: 'GET', url: `/api/v1/beneficiaries/${b.beneficiaryId}` })).json();
    expect(old).toMatchObject({ id: a.beneficiaryId, resolvedFrom: b.beneficiaryId });
    const bCase = (await t.as(SUP, { method: 'GET', url: `/api/v1/cases/${b.caseId}` })).json();
    expect(bCase.beneficiaryId).toBe(a.beneficiaryId);
    const consents = (await t.as(SUP, { method: 'GET', url: `/api/v1/beneficiaries/${a.beneficiaryId}/consents` })).json().items;
    expect(consents).toHaveLength(2);
    // A merged-away record is no longer offered as a duplicate.
    const dups = (await t.as(SUP, { method: 'POST', url: '/api/v1/beneficiaries/duplicates', payload: { lastName: 'Ковальчук', firstName: 'Тетяна', birthDate: '1987-05-05' } })).json().matches;
    expect(dups.map((d: { id: string }) => d.id)).toEqual([a.beneficiaryId]);
    const audit = await t.sql<{ meta: { from: string } }>(`select meta from audit_log where action = 'beneficiary.merge' and entity_id = $1`, [a.beneficiaryId]);
    expect(audit[0]!.meta.from).toBe(b.beneficiaryId);
    const again = await t.as(SUP, { method: 'POST', url: `/api/v1/beneficiaries/${a.beneficiaryId}/merge`, payload: { duplicateId: b.beneficiaryId, version: merged.json().version } });
    expect(again.json().code).toBe('unknown_duplicate');
  });
});

describe('data-subject rights', () => {
  it('exports everything held about a person as JSON and readable HTML, audited; case managers may not', async () => {
    expect((await t.as(M1, { method: 'GET', url: `/api/v1/beneficiaries/${R.powWife}/export` })).statusCode).toBe(404);
    const json = await t.as(SUP, { method: 'GET', url: `/api/v1/beneficiaries/${R.powWife}/export?format=json` });
    expect(json.statusCode).toBe(200);
    const report = json.json();
    expect(report.controller).toBe('ГО «Разом»');
    expect(report.person.fullName).toBe('Гнатюк Оксана Петрівна');
    expect(report.family).toEqual([{ fullName: 'Гнатюк Андрій Іванович', relation: 'spouse', role: 'service_member' }]);
    expect(report.cases[0].deliveries.length).toBeGreaterThan(0);
    expect(report.cases[0].notes[0].body).toMatch(/21:00/);
    const html = await t.as(SUP, { method: 'GET', url: `/api/v1/beneficiaries/${R.powWife}/export?format=html` });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toMatch(/<h1>Дані, які зберігає організація про особу<\/h1>/);
    expect(html.body).toContain('Гнатюк Оксана Петрівна');
    expect((await t.sql(`select 1 from audit_log where action = 'beneficiary.export' and entity_id = $1`, [R.powWife])).length).toBe(2);
  });

  it('escapes what people typed in the readable export', async () => {
    const { beneficiaryId } = await intake({ beneficiary: person({ lastName: '<script>alert(1)</script>', birthDate: '1990-01-01' }) });
    const html = (await t.as(SUP, { method: 'GET', url: `/api/v1/beneficiaries/${beneficiaryId}/export?format=html` })).body;
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;');
  });

  it('anonymises a person on request: identity, contacts, free text and files go; counts stay', async () => {
    const { caseId, beneficiaryId } = await intake({ beneficiary: person({ lastName: 'Стороженко', birthDate: '1975-03-03', rnokpp: null }) });
    await t.as(SUP, { method: 'POST', url: `/api/v1/cases/${caseId}/notes`, payload: { body: 'Живе за адресою вул. Січових Стрільців, 5' } });
    const m = (await t.sql<{ id: string }>(`select id from measure where code = 'M03'`))[0]!.id;
    await t.as(SUP, { method: 'POST', url: `/api/v1/cases/${caseId}/deliveries`, payload: { measureId: m, deliveredOn: today(), durationMinutes: 30, mode: 'phone', outcome: 'Допомогли з довідкою для Стороженко' } });
    const boundary = 'b0undary';
    const payload = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="id.png"\r\ncontent-type: image/png\r\n\r\n\x89PNG\r\n\x1a\n0000\r\n--${boundary}--\r\n`, 'latin1');
    expect((await t.as(SUP, { method: 'POST', url: `/api/v1/cases/${caseId}/documents`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } })).statusCode).toBe(201);
    const files = () => readdirSync(join(dataDir, 'documents'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    expect(files()).toBe(1);

    const p = (await t.as(SUP, { method: 'GET', url: `/api/v1/beneficiaries/${beneficiaryId}` })).json();
    expect((await t.as(SUP, { method: 'POST', url: `/api/v1/beneficiaries/${beneficiaryId}/anonymise`, payload: { version: p.version } })).json().errors[0].path).toBe('body.reason');
    const res = await t.as(SUP, { method: 'POST', url: `/api/v1/beneficiaries/${beneficiaryId}/anonymise`, payload: { reason: 'Запит особи від ' + today(), version: p.version } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ anonymised: true, lastName: 'Анонімізовано', phones: [], birthDate: null });
    const all = JSON.stringify(await t.sql(`select b.*, c.beneficiary_name, n.body, d.outcome from beneficiary b join support_case c on c.beneficiary_id = b.id
      left join case_note n on n.case_id = c.id left join service_delivery d on d.case_id = c.id where b.id = $1`, [beneficiaryId]));
    expect(all).not.toMatch(/Стороженко|Січових|0671112233/);
    expect(Number((await t.sql<{ n: string }>(`select count(*) as n from service_delivery where case_id = $1`, [caseId]))[0]!.n)).toBe(1);
    expect(files()).toBe(0);
    expect((await t.sql(`select 1 from audit_log where action = 'beneficiary.anonymise' and entity_id = $1`, [beneficiaryId])).length).toBe(1);
    expect((await t.as(SUP, { method: 'PATCH', url: `/api/v1/beneficiaries/${beneficiaryId}`, payload: { lastName: 'Знову', version: res.json().version } })).json().code).toBe('beneficiary_anonymised');
  });
});

describe('key rotation of case data', () => {
  it('re-encrypts RNOKPPs, sensitive notes and document files with the new key, and nothing twice', async () => {
    const { caseId } = await intake({ beneficiary: person({ lastName: 'Ротаційна', birthDate: '1980-08-08', rnokpp: '312456789' + rnokppCheckDigit('312456789') }) });
    await t.as(SUP, { method: 'POST', url: `/api/v1/cases/${caseId}/notes`, payload: { body: 'Чутливе', sensitive: true } });
    await t.as(SUP, { method: 'POST', url: `/api/v1/cases/${caseId}/notes`, payload: { body: 'Звичайне' } });
    const boundary = 'rot-boundary';
    const payload = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.txt"\r\ncontent-type: text/plain\r\n\r\nтекст\r\n--${boundary}--\r\n`);
    const doc = await t.as(SUP, { method: 'POST', url: `/api/v1/cases/${caseId}/documents`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(doc.statusCode, doc.body).toBe(201);

    const oldRing = t.config.keyring;
    const [oldKid, oldKey] = [...oldRing.keys.entries()][0]!;
    const newRing = parseKeyring(`k2:${newKey()},${oldKid}:${oldKey.toString('base64')}`, oldRing.blindIndexKey.toString('base64'));
    const files = [documentRotation(createDocumentStorage(t.config))];
    const counts = await rotateAll(t.orm, newRing, () => {}, files);
    expect(counts['beneficiary.rnokpp']).toBeGreaterThanOrEqual(1);
    expect(counts['case_note.body']).toBeGreaterThanOrEqual(1);
    expect(counts['case_document (files)']).toBeGreaterThanOrEqual(1);

    const [b] = await t.sql<{ rnokpp: string }>(`select rnokpp from beneficiary b join support_case c on c.beneficiary_id = b.id where c.id = $1`, [caseId]);
    expect(b!.rnokpp.startsWith('v1.k2.')).toBe(true);
    expect(decrypt(newRing, b!.rnokpp)).toBe('312456789' + rnokppCheckDigit('312456789'));
    const notes = await t.sql<{ body: string; sensitive: boolean }>(`select body, sensitive from case_note where case_id = $1`, [caseId]);
    expect(notes.find((n) => n.sensitive)!.body.startsWith('v1.k2.')).toBe(true);
    expect(notes.find((n) => !n.sensitive)!.body).toBe('Звичайне');
    const [row] = await t.sql<{ storage_key: string }>(`select storage_key from case_document where id = $1`, [doc.json().id]);
    const onDisk = readFileSync(join(dataDir, 'documents', row!.storage_key)).toString('latin1');
    expect(onDisk.startsWith('v1.k2.')).toBe(true);
    expect(decryptBytes(newRing, onDisk).toString('utf8')).toBe('текст');

    const again = await rotateAll(t.orm, newRing, () => {}, files);
    expect(Object.values(again).reduce((sum, n) => sum + n, 0)).toBe(0);
  });
});

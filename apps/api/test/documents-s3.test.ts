import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { startTestApp, type TestApp } from './harness.ts';
import { DEMO_CASE_IDS } from '../src/seeders/demo-cases.ts';

/** Documents in S3-compatible storage, against a real S3 protocol server running locally. */
const R = DEMO_CASE_IDS.razom;
let t: TestApp;
let s3: S3rver;
let bucketDir: string;
let dataDir: string;

beforeAll(async () => {
  bucketDir = mkdtempSync(join(tmpdir(), 'pilot-s3-'));
  dataDir = mkdtempSync(join(tmpdir(), 'pilot-s3-data-'));
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: bucketDir, configureBuckets: [{ name: 'pilot-documents' }] });
  const { port } = await s3.run();
  t = await startTestApp({
    DATA_DIR: dataDir, S3_BUCKET: 'pilot-documents', S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER',
  });
});
afterAll(async () => {
  await t?.close();
  await s3?.close();
});

const objects = () => readdirSync(join(bucketDir, 'pilot-documents'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('._S3rver_object')).length;

describe('documents in S3-compatible storage', () => {
  it('stores uploads as objects under opaque keys, serves them back, and deletes them on anonymisation', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64 * 1024, 7)]);
    const boundary = 'x-boundary-x';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="фото посвідчення.png"\r\ncontent-type: image/png\r\n\r\n`),
      png, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/cases/${R.missingCase}/documents`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    // The unassigned sister of the missing soldier has no consent yet: nothing is stored.
    expect(res.json().code).toBe('consent_required');
    expect(existsSync(join(bucketDir, 'pilot-documents'))).toBe(true);
    expect(objects()).toBe(0);

    const ok = await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/cases/${R.powCase}/documents`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(objects()).toBe(1);
    expect(existsSync(join(dataDir, 'documents'))).toBe(false);
    const [row] = await t.sql<{ storage_key: string }>(`select storage_key from case_document where id = $1`, [ok.json().id]);
    expect(row!.storage_key).toMatch(/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    // The object in the bucket is encrypted: neither the PNG signature nor its bytes show.
    const stored = readdirSync(join(bucketDir, 'pilot-documents'), { recursive: true, withFileTypes: true }).find((e) => e.isFile() && e.name.endsWith('._S3rver_object'))!;
    const object = readFileSync(join(stored.parentPath, stored.name));
    expect(object.includes(png.subarray(0, 8))).toBe(false);

    const download = await t.as('manager1@razom.demo', { method: 'GET', url: `/api/v1/documents/${ok.json().id}/content` });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(png)).toBe(true);

    const person = (await t.as('supervisor@razom.demo', { method: 'GET', url: `/api/v1/beneficiaries/${R.powWife}` })).json();
    const anon = await t.as('supervisor@razom.demo', { method: 'POST', url: `/api/v1/beneficiaries/${R.powWife}/anonymise`, payload: { reason: 'Запит особи', version: person.version } });
    expect(anon.statusCode, anon.body).toBe(200);
    expect(objects()).toBe(0);
  });
});

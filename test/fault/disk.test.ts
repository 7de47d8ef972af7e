import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeployment } from './support.ts';

/**
 * A full disk for uploads: the server's DATA_DIR is a tiny tmpfs. An upload that does not fit
 * answers a clear 507, and nothing of it is saved: no document row, no event, no stray file.
 */
let d: Awaited<ReturnType<typeof startDeployment>>;
beforeAll(async () => { d = await startDeployment(); }, 180_000);
afterAll(async () => { await d?.stop(); }, 60_000);


describe('a full disk', () => {
  it('refuses an upload that does not fit with 507 and saves nothing of it', async () => {
    const server = await d.startServer({ diskBytes: 256 * 1024 });
    try {
      // A case of the demo case manager whose person has an active consent.
      const [c] = await d.sql<{ id: string }>(`
        select c.id from support_case c join user_account u on u.id = c.assignee_id
         where u.email = 'manager1@razom.demo' and c.status <> 'closed'
           and exists (select 1 from consent k where k.beneficiary_id = c.beneficiary_id and k.withdrawn_on is null
                         and (k.expires_on is null or k.expires_on >= current_date))
         limit 1`);
      expect(c).toBeDefined();
      const headers = await d.signIn('manager1@razom.demo');
      const before = await d.sql<{ docs: number; events: number }>(
        `select (select count(*)::int from case_document) as docs, (select count(*)::int from case_event where kind = 'document_uploaded') as events`);

      const upload = (bytes: number) => {
        const form = new FormData();
        const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(bytes, 0x20)]);
        form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'довідка.pdf');
        return fetch(`${d.url}/api/v1/cases/${c!.id}/documents`, { method: 'POST', headers, body: form });
      };
      const res = await upload(400 * 1024);
      expect(res.status).toBe(507);
      const body = await res.json();
      expect(body).toMatchObject({ code: 'storage_full' });
      expect(JSON.stringify(body)).not.toMatch(/ENOSPC|\/tmp|\.ts/);

      const after = await d.sql<{ docs: number; events: number }>(
        `select (select count(*)::int from case_document) as docs, (select count(*)::int from case_event where kind = 'document_uploaded') as events`);
      expect(after).toEqual(before);

      // The disk has room again (the spooled part was removed): a small file goes through.
      const small = await upload(10 * 1024);
      expect(small.status).toBe(201);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  }, 120_000);
});

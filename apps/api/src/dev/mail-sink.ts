import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { createServer } from 'node:http';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CapturedMail { id: string; to: string; subject: string; text: string; html: string | null; date: string }

/**
 * Development and test SMTP server: accepts every message, keeps it as JSON under `dir`, and
 * lists them at http://127.0.0.1:<httpPort>/ (HTML) and /messages.json (oldest first).
 */
export async function startMailSink(o: { dir: string; smtpPort: number; httpPort: number }) {
  mkdirSync(o.dir, { recursive: true });
  let seq = readdirSync(o.dir).length;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      simpleParser(stream).then((mail) => {
        const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
        seq += 1;
        const id = `${Date.now()}-${String(seq).padStart(6, '0')}`;
        const m: CapturedMail = { id, to, subject: mail.subject ?? '', text: mail.text ?? '', html: mail.html || null, date: new Date().toISOString() };
        writeFileSync(join(o.dir, `${id}.json`), JSON.stringify(m, null, 2));
        done();
      }, done);
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(o.smtpPort, '127.0.0.1', () => resolve());
  });
  const read = (): CapturedMail[] =>
    readdirSync(o.dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(o.dir, f), 'utf8')));
  const http = createServer((req, res) => {
    if (req.url === '/messages.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(read()));
    }
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const rows = read().reverse().map((m) => `<article><h2>${esc(m.subject)}</h2><p>To: ${esc(m.to)} · ${esc(m.date)}</p><pre>${esc(m.text)}</pre></article>`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><meta charset="utf-8"><title>Pilot dev mail</title><h1>Captured email (${rows.length})</h1>${rows.join('<hr>')}`);
  });
  await new Promise<void>((resolve) => http.listen(o.httpPort, '127.0.0.1', () => resolve()));
  return {
    messages: read,
    close: async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

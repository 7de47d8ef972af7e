import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMetrics, type MetricsListener } from '../src/metrics-server.ts';
import { QUEUES } from '../src/jobs/queues.ts';
import { startTestApp, type TestApp } from './harness.ts';

const TOKEN = 'scrape-token-for-tests-only';
let t: TestApp;
let listener: MetricsListener;
let base: string;

beforeAll(async () => {
  t = await startTestApp({ METRICS_TOKEN: TOKEN });
  listener = (await serveMetrics(t.app, 0))!;
  base = `http://127.0.0.1:${listener.port}`;
});
afterAll(async () => {
  await listener?.close();
  await t?.close();
});

const scrape = async () => {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
};

/** The value of one series, or undefined when it is absent. */
const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('metrics', () => {
  it('are not served on the public port', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('http_request_duration_seconds');
  });

  it('need the token when METRICS_TOKEN is set', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-same-len' } })).status).toBe(401);
    // Liveness stays open: it tells nothing.
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('count requests by route template and status, never by raw URL', async () => {
    await t.as('admin@razom.demo', { method: 'GET', url: '/api/v1/me' });
    await t.as('admin@razom.demo', { method: 'GET', url: '/api/v1/me' });
    await t.as('coordinator@minsoc.demo', { method: 'GET', url: '/api/v1/providers/00000000-0000-7000-8000-00000000ffff' });
    const text = await scrape();
    expect(value(text, 'http_request_duration_seconds_count{method="GET",route="/api/v1/me",status_code="200"}')).toBe(2);
    expect(value(text, 'http_request_duration_seconds_count{method="GET",route="/api/v1/providers/:id",status_code="404"}')).toBe(1);
    expect(text).not.toContain('00000000-0000-7000-8000-00000000ffff');
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('report queued jobs and the jobs this process worked, by queue and outcome', async () => {
    const invited = await t.as('admin@razom.demo', {
      method: 'POST', url: '/api/v1/staff',
      payload: { email: 'metrics.invitee@razom.demo', fullName: 'Метрика Тестова', roles: ['case_manager'] },
    });
    expect(invited.statusCode).toBe(201);
    // Queue sizes are the ones pg-boss's monitor last counted (workers run it on a timer).
    await t.app.jobs.boss.supervise(QUEUES.email);
    const before = await scrape();
    expect(value(before, `pilot_jobs{queue="${QUEUES.email}",state="ready"}`)).toBeGreaterThanOrEqual(1);

    // The SMTP server in tests is unreachable (port 9), so the job fails and is counted so.
    await expect(t.app.jobs.runOnce(QUEUES.email)).rejects.toThrow();
    const after = await scrape();
    expect(value(after, `pilot_job_duration_seconds_count{queue="${QUEUES.email}",outcome="failed"}`)).toBe(1);
  });
});

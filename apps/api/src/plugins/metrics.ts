import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one process: Node's own (CPU, memory, event loop lag, GC), HTTP requests
 * by route template and status, and jobs by queue and outcome. They are served on a port of
 * their own (`serveMetrics`), never on the public one.
 */
export interface Metrics {
  registry: Registry;
  /** Seconds a job's handler ran, by queue and outcome (`completed`, `failed`). */
  jobDuration: Histogram<'queue' | 'outcome'>;
}

declare module 'fastify' {
  interface FastifyInstance { metrics: Metrics }
}

// Latency buckets around what people notice: most API answers should land under 100 ms.
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export default fp(async function metrics(app: FastifyInstance) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'pilot_job_duration_seconds',
    help: 'Jobs worked by this process, by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [...SECONDS, 30, 60],
    registers: [registry],
  });
  // A counter of its own so "requests that failed" does not need histogram arithmetic.
  const errors = new Counter({
    name: 'http_server_errors_total',
    help: 'Answers with a 5xx status, by route template',
    labelNames: ['route'] as const,
    registers: [registry],
  });

  app.decorate('metrics', { registry, jobDuration });
  app.addHook('onResponse', async (req, reply) => {
    // The route template (`/api/v1/staff/:id`), never the raw URL: ids would explode the series.
    const route = req.routeOptions.url ?? 'unmatched';
    requests.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) errors.inc({ route });
  });
}, { name: 'metrics' });

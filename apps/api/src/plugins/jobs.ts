import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { PgBoss, Job } from 'pg-boss';
import { Gauge, type Histogram } from 'prom-client';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createBoss, sendInTx, SCHEDULES } from '../jobs/boss.ts';
import type { QueueName } from '../jobs/queues.ts';

type Handler<T = unknown> = (data: T, job: Job<T>) => Promise<void>;

/** pg-boss in the same PostgreSQL: jobs are sent in the request's transaction, worked here or in the worker. */
export class Jobs {
  readonly boss: PgBoss;
  readonly #handlers = new Map<QueueName, Handler>();
  readonly #atStart: [QueueName, object][] = [];
  readonly #log: FastifyInstance['log'];
  readonly #duration: Histogram<'queue' | 'outcome'>;
  constructor(boss: PgBoss, log: FastifyInstance['log'], duration: Histogram<'queue' | 'outcome'>) {
    this.boss = boss;
    this.#log = log;
    this.#duration = duration;
  }

  /** Runs a job's handler, timing it by queue and outcome. */
  async #run(name: QueueName, job: Job<unknown>) {
    const end = this.#duration.startTimer({ queue: name });
    try {
      await this.#handlers.get(name)!(job.data, job);
      end({ outcome: 'completed' });
    } catch (err) {
      end({ outcome: 'failed' });
      throw err;
    }
  }

  /** Queues a job that exists only if the transaction of `em` commits. */
  send(em: EntityManager, name: QueueName, data: object, options?: { startAfter?: Date; singletonKey?: string }) {
    return sendInTx(this.boss, em, name, data, options);
  }

  /** `T` is what the queue's senders put in it; pg-boss hands back the stored JSON as is. */
  handle<T>(name: QueueName, handler: Handler<T>) {
    this.#handlers.set(name, handler as Handler);
  }

  /** A job to queue whenever workers start (e.g. computing reports on a fresh installation). */
  atStart(name: QueueName, data: object) {
    this.#atStart.push([name, data]);
  }

  /** Runs one queued job of a queue now (tests and on-demand refreshes); returns whether one ran. */
  async runOnce(name: QueueName): Promise<boolean> {
    const [job] = await this.boss.fetch(name);
    if (!job) return false;
    try {
      await this.#run(name, job);
      await this.boss.complete(name, job.id);
    } catch (err) {
      await this.boss.fail(name, job.id, { message: (err as Error).message });
      throw err;
    }
    return true;
  }

  async startWorkers() {
    for (const name of this.#handlers.keys()) {
      // Batches of ten, fetched back to back while they come back full (a backlog after an
      // outage drains at once), each job settled on its own so one failure retries only itself.
      await this.boss.work(name, { batchSize: 10, burstWhenBatchFull: true, pollingIntervalSeconds: 1, perJobResults: true }, async (batch) => {
        const results = [];
        for (const job of batch) {
          try {
            await this.#run(name, job);
            results.push({ id: job.id, status: 'completed' as const });
          } catch (err) {
            this.#log.error({ err, queue: name, jobId: job.id }, 'job failed');
            results.push({ id: job.id, status: 'failed' as const, output: { message: (err as Error).message } });
          }
        }
        return results;
      });
    }
    for (const [name, cron] of Object.entries(SCHEDULES)) await this.boss.schedule(name, cron);
    for (const [name, data] of this.#atStart) await this.boss.send(name, data, { singletonKey: `${name}:start` });
  }
}

declare module 'fastify' {
  interface FastifyInstance { jobs: Jobs }
}

export default fp(async function jobs(app: FastifyInstance, opts: { url: string; runWorkers: boolean }) {
  const boss = createBoss(opts.url, { migrate: false, background: opts.runWorkers });
  boss.on('error', (err) => app.log.error({ err: { message: err.message, code: (err as { code?: string }).code } }, 'pg-boss error'));
  const j = new Jobs(boss, app.log, app.metrics.jobDuration);
  app.decorate('jobs', j);
  registerQueueGauge(app, boss);
  app.addHook('onReady', async () => {
    await boss.start();
    if (opts.runWorkers) await j.startWorkers();
  });
  app.addHook('onClose', async () => {
    await boss.stop({ graceful: true, timeout: 10_000 });
  });
}, { name: 'jobs', dependencies: ['db', 'metrics'] });

/** Jobs waiting and running per queue, read from pg-boss when Prometheus scrapes. */
function registerQueueGauge(app: FastifyInstance, boss: PgBoss) {
  new Gauge({
    name: 'pilot_jobs',
    help: "Jobs per queue and state (ready, deferred, active, failed), as pg-boss's monitor last counted them",
    labelNames: ['queue', 'state'] as const,
    registers: [app.metrics.registry],
    async collect() {
      this.reset();
      try {
        for (const q of await boss.getQueues()) {
          this.set({ queue: q.name, state: 'ready' }, q.readyCount);
          this.set({ queue: q.name, state: 'deferred' }, q.deferredCount);
          this.set({ queue: q.name, state: 'active' }, q.activeCount);
          this.set({ queue: q.name, state: 'failed' }, q.failedCount);
        }
      } catch (err) {
        // A scrape while the database is away still returns the process metrics.
        app.log.warn({ err }, 'could not read queue sizes');
      }
    },
  });
}

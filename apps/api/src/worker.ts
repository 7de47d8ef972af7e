/**
 * The job worker entry: the same application without an HTTP listener, working the pg-boss
 * queues, so workers scale apart from the API (run the API with JOBS=false then). Its metrics
 * and a liveness answer (`/health`) are on METRICS_PORT.
 */
import { initOrm } from './db/orm.ts';
import { buildApp } from './app.ts';
import { serveMetrics } from './metrics-server.ts';
import { configOrExit, onShutdown } from './entry.ts';

const config = configOrExit();
const orm = await initOrm({ url: config.DATABASE_URL, poolMax: 4 });
const app = await buildApp(config, { orm, runWorkers: true });
await app.ready();
const metrics = await serveMetrics(app);
app.log.info('worker started');

onShutdown(app.log, async () => {
  await app.close();
  await metrics?.close();
  await orm.close();
});

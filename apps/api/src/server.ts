/**
 * The production entry: reads the environment, builds the API, mounts the web app when it is
 * built, listens, serves metrics on METRICS_PORT, and on SIGTERM/SIGINT lets in-flight requests
 * finish before closing the pool.
 */
import { initOrm } from './db/orm.ts';
import { buildApp } from './app.ts';
import { mountWeb } from './web.ts';
import { serveMetrics } from './metrics-server.ts';
import { configOrExit, onShutdown } from './entry.ts';

const config = configOrExit();
const orm = await initOrm({ url: config.DATABASE_URL, replicaUrls: config.replicaUrls, poolMax: config.DATABASE_POOL_MAX });
const app = await buildApp(config, { orm, runWorkers: config.JOBS });
const web = config.SERVE_WEB && (await mountWeb(app));
await app.listen({ host: config.HOST, port: config.PORT });
const metrics = await serveMetrics(app);
app.log.info({ web, replicas: config.replicaUrls.length }, `Pilot listening on ${config.publicUrl}`);

onShutdown(app.log, async () => {
  await app.close();
  await metrics?.close();
  await orm.close();
});

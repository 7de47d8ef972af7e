/**
 * The production entry: reads the environment, builds the API, mounts the web app when it is
 * built, listens, and on SIGTERM/SIGINT lets in-flight requests finish before closing the pool.
 */
import { ConfigError, loadConfig } from './config.ts';
import { initOrm } from './db/orm.ts';
import { buildApp } from './app.ts';
import { mountWeb } from './web.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}

const orm = await initOrm({ url: config.DATABASE_URL, replicaUrls: config.replicaUrls, poolMax: config.DATABASE_POOL_MAX });
const app = await buildApp(config, { orm, runWorkers: config.JOBS });
const web = await mountWeb(app);
await app.listen({ host: config.HOST, port: config.PORT });
app.log.info({ web }, `Pilot listening on ${config.publicUrl}`);

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    try {
      await app.close();
      await orm.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  });
}

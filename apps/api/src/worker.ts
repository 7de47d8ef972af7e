/**
 * The job worker entry: the same application without an HTTP listener, working the pg-boss
 * queues, so workers scale apart from the API (run the API with JOBS=false then).
 */
import { ConfigError, loadConfig } from './config.ts';
import { initOrm } from './db/orm.ts';
import { buildApp } from './app.ts';

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
const orm = await initOrm({ url: config.DATABASE_URL, poolMax: 4 });
const app = await buildApp(config, { orm, runWorkers: true });
await app.ready();
app.log.info('worker started');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    await app.close();
    await orm.close();
    process.exit(0);
  });
}

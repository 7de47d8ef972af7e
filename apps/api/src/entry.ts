/** What the process entry points (server, worker) share: configuration and a graceful stop. */
import type { FastifyBaseLogger } from 'fastify';
import { ConfigError, loadConfig, type Config } from './config.ts';

/** The validated configuration; a bad environment ends the process naming each variable. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      // eslint-disable-next-line no-console -- the logger's settings come from this configuration
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/** In-flight work gets this long to finish (within Kubernetes' 40 s grace); then the process exits anyway: a stuck request must not keep it alive. */
const SHUTDOWN_DEADLINE_MS = 25_000;

/** On SIGTERM/SIGINT runs `stop` once (finish in-flight work, close pools), then exits. */
export function onShutdown(log: FastifyBaseLogger, stop: () => Promise<void>) {
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, async () => {
      if (closing) return;
      closing = true;
      log.info({ signal }, 'shutting down: finishing in-flight work');
      setTimeout(() => {
        log.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown deadline passed: exiting with work unfinished');
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
      try {
        await stop();
        process.exit(0);
      } catch (err) {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      }
    });
  }
}

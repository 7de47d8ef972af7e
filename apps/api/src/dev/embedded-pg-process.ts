/**
 * Child side of `startEmbeddedPgProcess`: runs embedded PostgreSQL in this process's own
 * process group until the parent says `stop` or goes away.
 */
import { startEmbeddedPg, type EmbeddedPgOptions } from './embedded-pg.ts';

process.once('message', async (options: EmbeddedPgOptions) => {
  let pg: Awaited<ReturnType<typeof startEmbeddedPg>>;
  try {
    pg = await startEmbeddedPg(options);
  } catch (err) {
    process.send!({ error: (err as Error).message });
    process.exit(1);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await pg.stop();
    process.exit(0);
  };
  process.on('message', (m) => m === 'stop' && void stop());
  process.on('disconnect', () => void stop());
  for (const s of ['SIGTERM', 'SIGINT'] as const) process.on(s, () => void stop());
  process.send!({ ready: true });
});

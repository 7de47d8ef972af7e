import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Test files only `pnpm test:slow` runs (`vitest.slow.config.ts`): minutes each, so a
 * developer's `pnpm test` leaves them out; `./pilot test` (and so CI) runs them too.
 */
export const SLOW_TESTS = ['apps/api/test/**/*.slow.test.ts', 'test/**/*.slow.test.ts'];

/**
 * API test files at once. Each file has a database of its own, so files may run side by side;
 * the one PostgreSQL server runs on the same cores, though, so vitest's default (every core but
 * one) is kept, stated here: one file at a time on a 2-core machine. `API_TEST_WORKERS`
 * overrides it.
 */
const API_WORKERS = Number(process.env.API_TEST_WORKERS) || Math.max(1, availableParallelism() - 1);

/**
 * The API against real PostgreSQL: one server per run, started by the global setup, which
 * migrates a template database and seeds the demo data into a copy of it once; each test file
 * clones its own database from one of the two (apps/api/test/harness.ts).
 */
export function apiProject(name: string, include: string[], exclude: string[] = []): TestProjectInlineConfiguration {
  return {
    test: {
      name,
      include,
      exclude: [...configDefaults.exclude, ...exclude],
      globalSetup: ['apps/api/test/global-setup.ts'],
      testTimeout: 30_000,
      hookTimeout: 120_000,
      pool: 'forks',
      maxWorkers: API_WORKERS,
      // Its own group (run after the quick projects), so its worker count may differ from theirs.
      sequence: { groupOrder: 1 },
    },
  };
}

/**
 * `pnpm test:unit`: pure packages, then the API and the isolation suite against real
 * PostgreSQL, without the slow files (`pnpm test:slow`). Playwright e2e runs separately
 * (`pnpm test:e2e`).
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['packages/*/test/**/*.test.ts'] } },
      // The web app's pure server helpers, without the SvelteKit runtime. Its tsconfig extends
      // one `svelte-kit sync` generates, so the transform must not go looking for it.
      { oxc: { tsconfig: false } as object, test: { name: 'web-unit', include: ['apps/web/test/**/*.test.ts'] } },
      // Deployment files (Dockerfile, compose, Kubernetes), checked offline against vendored schemas.
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'] } },
      apiProject('api', ['apps/api/test/**/*.test.ts', 'test/isolation/**/*.test.ts', 'test/fuzz/**/*.test.ts', 'test/fault/**/*.test.ts'], SLOW_TESTS),
    ],
  },
});

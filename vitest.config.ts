import { defineConfig } from 'vitest/config';

/**
 * `pnpm test:unit`: pure packages, then the API and the isolation suite against real
 * PostgreSQL (one embedded cluster per run; each test file gets its own database cloned from
 * a migrated template). Playwright e2e runs separately (`pnpm test:e2e`).
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
      {
        test: {
          name: 'api',
          include: ['apps/api/test/**/*.test.ts', 'test/isolation/**/*.test.ts', 'test/fuzz/**/*.test.ts', 'test/fault/**/*.test.ts'],
          globalSetup: ['apps/api/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
    ],
  },
});

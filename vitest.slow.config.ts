import { defineConfig } from 'vitest/config';
import { apiProject, SLOW_TESTS } from './vitest.config.ts';

/**
 * `pnpm test:slow`: what takes minutes, so a developer's `pnpm test` leaves it out and
 * `./pilot test` (CI) runs it after the rest: the national generator's full test
 * (`*.slow.test.ts`) and a long fuzz run (the same fuzz file `pnpm test` runs briefly, with
 * `FUZZ_RUNS` raised by the package script).
 */
export default defineConfig({
  test: {
    projects: [apiProject('api-slow', [...SLOW_TESTS, 'test/fuzz/api-fuzz.test.ts'])],
  },
});

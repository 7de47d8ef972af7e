// ESLint over the whole workspace (`pnpm lint`; docs/development.md says which rules and why).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteParser from 'svelte-eslint-parser';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      '**/.svelte-kit/',
      '**/build/',
      '**/dist/',
      '.toolchain/',
      '.data/',
      '.data-*/',
      'test-results/',
      'playwright-report/',
      'coverage/',
      'bench/results/',
      'apps/web/src/paraglide/',
      'apps/api/scratch/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['**/*.svelte'],
    languageOptions: {
      parser: svelteParser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: ['apps/web/src/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // resolve() prefixes `paths.base`; the app is served at the root (the API mounts it), so it
      // would change no link, and our hrefs carry query strings (filters, cursors) it does not take.
      'svelte/no-navigation-without-resolve': 'off',
      // Svelte trims whitespace at the start of a block: `{#if x}{' · '}{y}{/if}` keeps the space.
      'svelte/no-useless-mustaches': 'off',
    },
  },
  {
    // Plain JavaScript (this file, the container's healthcheck) is outside every tsconfig.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests walk untyped documents (inject().json(), parsed YAML manifests, Stripe form bodies);
    // the fake Stripe (a development tool, kept out of the image) answers Stripe's untyped JSON.
    files: ['apps/api/test/**', 'packages/*/test/**', 'test/**', 'apps/api/src/dev/fake-stripe.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The API logs through pino (`app.log`, `req.log`); only the command-line tools print.
    files: ['apps/api/src/**'],
    ignores: ['apps/api/src/cli/**'],
    rules: { 'no-console': 'error' },
  },
);

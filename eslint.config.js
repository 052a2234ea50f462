// Flat config: typescript-eslint for every .ts file, eslint-plugin-svelte for the renderer's
// components, Prettier owns formatting (eslint-config-prettier turns the stylistic rules off).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import svelteConfig from './svelte.config.js'

export default tseslint.config(
  {
    ignores: [
      'out/',
      'dist/',
      '.native/',
      'node_modules/',
      'e2e/artifacts/',
      'bench/results/',
      'bench/.scratch/',
      '.scratch-faults/',
      'resources/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  prettier,
  ...svelte.configs['flat/prettier'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Tests and benchmarks read JSON from child processes and poke at internals on purpose.
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts', 'dev/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Validation code rejects control characters, so its patterns name them.
    files: ['main/engine/queries/validate.ts', 'main/engine/replication/url.ts', 'main/engine/schema.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,svelte}', 'preload/**/*.ts', 'dev/web-transport/web-bridge.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { projectService: false, extraFileExtensions: ['.svelte'], parser: tseslint.parser, svelteConfig },
    },
    rules: {
      // The stores' Maps and Sets are page caches and bookkeeping that must not be reactive (the
      // windowed list reads them every frame); what the view depends on is held in $state.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
)

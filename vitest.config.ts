import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // Server-only modules are what these tests exercise; the guard package only matters to bundles.
      'server-only': path.resolve(import.meta.dirname, 'test/helpers/empty.ts'),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'lib/**/*.test.ts'],
    environment: 'node',
    // Migrates once per run (a template database, or a PGlite data directory); setup.ts gives each
    // test file its own database made from it.
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    pool: 'forks',
    // Vitest's default is one worker per core less one: a single worker on a 2-core machine. A test
    // file spends much of its time waiting on its database (a server process, or PGlite's WASM in
    // the worker), so a few more workers than cores keep both cores busy.
    maxWorkers: 4,
    // A worker runs one test file after another instead of a new process per file (spawning and
    // importing the app's modules again was a fifth of the run). setup.ts still gives every file its
    // own database; a test that changes a module's state (env, a mock) must put it back, as they do.
    // `npx vitest run --isolate` for a run with a fresh process per file.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      NODE_ENV: 'test',
      NEXTAUTH_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      DATA_DIR: path.join(import.meta.dirname, '.data', 'test'),
      LOGIN_MAX_PER_ADDRESS: '30',
    },
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});

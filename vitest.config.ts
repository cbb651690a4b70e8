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
    setupFiles: ['test/helpers/setup.ts'],
    pool: 'forks',
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

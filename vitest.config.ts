import { defineConfig } from 'vitest/config';

// Two projects: fast pure tests, and tests that start a real etcd cluster (or tmux) on
// 127.0.0.1. The latter run one file at a time: two clusters at once on a 2-core CI machine
// make deadline-based assertions (frozen member → DOWN within one deadline) flaky.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/integration/**', 'test/e2e/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.{ts,tsx}', 'test/e2e/**/*.test.{ts,tsx}'],
          environment: 'node',
          fileParallelism: false,
          globalSetup: ['test/helpers/build-once.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

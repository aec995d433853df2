import { defineConfig } from 'vitest/config';

// Two projects: fast unit/API tests, and the store contract suite (which also runs
// against the real Ceph object gateway when one is reachable; see backend/contract/).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['backend/test/**/*.test.ts', 'extension/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'contract',
          include: ['backend/contract/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['backend/contract/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});

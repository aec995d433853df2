import { defineConfig } from 'vitest/config';

// Three projects: fast unit/API tests, the store contract suite (which also runs
// against the real Ceph object gateway when one is reachable; see backend/contract/), and the
// embedded S3 store's own tests.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'backend/test/**/*.test.ts', 'extension/test/**/*.test.ts'],
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
      {
        // The embedded S3 store's own tests (its on-disk format, its process); the contract
        // project above checks it against the same S3 behaviour as radosgw.
        test: {
          name: 'embedded-s3',
          include: ['embedded-s3/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

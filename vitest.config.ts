import { defineConfig } from 'vitest/config';

// Four projects: fast unit/API tests, the store contract suite (which also runs
// against the real Ceph object gateway when one is reachable; see backend/contract/), the
// embedded S3 store's own tests, and the accounts/library suite on both databases (PGlite and a
// real PostgreSQL its globalSetup starts; see backend/test/accounts/).
// Projects that start servers copy a migrated embedded database made once (backend/test/pglite-template.ts).
export default defineConfig({
  test: {
    // Vitest's default on 2 cores is one file at a time; most files wait on servers, sockets and
    // disks rather than the CPU, so two at a time took the suite from 572 to 415 s here, and it
    // still passed with a third process burning a core (scripts: npm test, 2026-12-06).
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'backend/test/**/*.test.ts', 'extension/test/**/*.test.ts'],
          exclude: ['backend/test/accounts/**', '**/node_modules/**'],
          environment: 'node',
          globalSetup: ['backend/test/pglite-template.ts'],
          // A server start now opens its embedded database too (1–2 s idle, far more on a busy machine).
          testTimeout: 60_000,
          hookTimeout: 60_000,
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
      {
        test: {
          name: 'accounts',
          include: ['backend/test/accounts/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['backend/test/pglite-template.ts', 'backend/test/accounts/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

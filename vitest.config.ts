import { defineConfig } from 'vitest/config';

// Every test runs on SQLite (project "sqlite"); the tests backed by a store run again on PostgreSQL (project
// "postgres", SAHEL_TEST_ENGINE=postgres: test/store.ts opens a new database on the run's throwaway server).
// Left out of "postgres": tests of the SQLite engine itself (integrity check, backup, migrations of old files,
// raw edits of the file) and the crash test (SIGKILLs against the SQLite file's integrity; its PostgreSQL
// counterpart is test/e2e/multi-process.test.ts); tests of PostgreSQL alone are named "postgres: …" and run once.
const STORE_BACKED = [
  'src/store/feeds.test.ts',
  'src/store/items.test.ts',
  'src/pipeline/{faults,ingest,item-cap,page-budget,retention,stories}.test.ts',
  'src/delivery/{dispatcher,isolation}.test.ts',
  'commands/sahel/replies.test.ts',
  'test/e2e/{spine,commands,exactly-once,story-identity,discord-faults,isolation,hostile-replies,liveness,poll-cli}.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    // A throwaway PostgreSQL server for the run (test/postgres/): inject('pgUrl'), SAHEL_TEST_PG_URL.
    globalSetup: ['test/postgres/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['src/**/*.test.ts', 'commands/**/*.test.ts', 'test/**/*.test.ts', 'eval/**/*.test.ts'],
          env: { NODE_ENV: 'test' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: STORE_BACKED,
          env: { NODE_ENV: 'test', SAHEL_TEST_ENGINE: 'postgres' },
        },
      },
    ],
  },
});

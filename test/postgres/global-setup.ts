// vitest globalSetup: one throwaway PostgreSQL server for the whole run (test/postgres/server.ts), its admin
// URL handed to the tests as inject('pgUrl') and to child processes (the bot in e2e tests) as
// SAHEL_TEST_PG_URL. Without server binaries: an error in CI, one line and skipped PostgreSQL tests elsewhere.
import type { TestProject } from 'vitest/node';
import { findPgBin, startPgServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test PostgreSQL server; '' when there is none (the PostgreSQL tests skip). */
    pgUrl: string;
  }
}

export const NO_PG_REASON = 'no PostgreSQL server binaries (install Debian package `postgresql` or set SAHEL_PG_BIN)';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const bin = findPgBin();
  if (!bin) {
    if (process.env.CI) throw new Error(`CI must run the PostgreSQL tests, but there are ${NO_PG_REASON}`);
    console.warn(`[postgres] ${NO_PG_REASON}: PostgreSQL tests are skipped`);
    project.provide('pgUrl', '');
    delete process.env.SAHEL_TEST_PG_URL;
    return async () => {};
  }
  const started = Date.now();
  const server = await startPgServer(bin);
  if (process.env.SAHEL_PG_VERBOSE) console.log(`[postgres] ${server.url} (${bin}) up in ${Date.now() - started} ms`);
  project.provide('pgUrl', server.url);
  process.env.SAHEL_TEST_PG_URL = server.url;
  return async () => {
    delete process.env.SAHEL_TEST_PG_URL;
    await server.stop();
  };
}

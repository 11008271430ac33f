// The engine a test run uses: SQLite by default; PostgreSQL in the vitest project "postgres" (SAHEL_TEST_ENGINE),
// which runs the store-backed tests again on the run's throwaway PostgreSQL server (test/postgres/).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../src/store/index.js';
import { freshDatabase, NO_PG_SERVER, pgTestUrl } from './postgres/database.js';

export type TestEngine = 'sqlite' | 'postgres';

export function testEngine(): TestEngine {
  return process.env.SAHEL_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
}

/** A new, empty database on the run's engine: a SQLite file in a new temp dir, or a new PostgreSQL database. */
export async function freshAddress(name: string): Promise<{ address: string; drop(): Promise<void> }> {
  if (testEngine() === 'sqlite') return { address: join(mkdtempSync(join(tmpdir(), `sahel-${name}-`)), 'db.sqlite'), drop: async () => undefined };
  if (!pgTestUrl()) throw new Error(NO_PG_SERVER);
  const db = await freshDatabase(name);
  return { address: db.url, drop: () => db.drop() };
}

/** A store on a new database of the run's engine; closing it drops a PostgreSQL database. */
export async function openTestStore(name: string): Promise<Store> {
  const { address, drop } = await freshAddress(name);
  const store = await openStore(address);
  const close = store.close.bind(store);
  return Object.assign(store, {
    async close() {
      await close();
      await drop();
    },
  });
}

/** The bot's environment for a database of the run's engine. */
export function databaseEnv(address: string): Record<string, string> {
  return /^postgres/.test(address) ? { DATABASE_URL: address } : { DATABASE_PATH: address };
}

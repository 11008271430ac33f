// One database per test file (or per test) on the run's PostgreSQL server (test/postgres/global-setup.ts).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The server's admin URL, or null when there is none (then skip the PostgreSQL tests). Inside vitest: what
 * the global setup provided; elsewhere (a child process of a test): SAHEL_TEST_PG_URL. */
export function pgTestUrl(): string | null {
  let url: string | undefined;
  try {
    url = inject('pgUrl') ?? process.env.SAHEL_TEST_PG_URL;
  } catch {
    url = process.env.SAHEL_TEST_PG_URL; // not in a vitest worker
  }
  return url ? url : null;
}

export const NO_PG_SERVER = 'no PostgreSQL test server: no server binaries found (install Debian package `postgresql` or set SAHEL_PG_BIN)';

export interface FreshDatabase {
  /** URL of the new, empty database (superuser `sahel`). */
  url: string;
  name: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates a new uniquely named database on the test server: one test file, or one test. */
export async function freshDatabase(label: string): Promise<FreshDatabase> {
  const admin = pgTestUrl();
  if (!admin) throw new Error(NO_PG_SERVER);
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'db';
  const name = `t_${slug}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE "${name}"`);
  let dropped = false;
  return {
    url: withDatabase(admin, name),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await adminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// One SQL statement on a test's database, on either engine: a SQLite file path (better-sqlite3) or a PostgreSQL URL
// (pg). For the few things tests read or set that the store API has no call for (a scalar column, a failure count
// set to simulate an outage). Write the SQL so it means the same on both engines: `?` placeholders (numbered for
// PostgreSQL here), flags compared with TRUE/FALSE (SQLite >= 3.23 knows them), quoted camelCase aliases, and no
// list columns (SQLite ' MLI ' strings, PostgreSQL arrays: read records through openStore instead).
import Database from 'better-sqlite3';
import pg from 'pg';

const isPostgres = (address: string): boolean => /^postgres(ql)?:\/\//i.test(address);

/** A statement that only reads (SQLite then opens the file read-only). */
const isRead = (sql: string): boolean => /^\s*(SELECT|WITH|EXPLAIN)\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(sql);

/** `?` placeholders as PostgreSQL's `$1…`, leaving quoted strings and identifiers alone. */
export function numberPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') out += `$${++n}`;
    else out += ch;
  }
  return out;
}

// BIGINT (ids, epoch-ms times, count(*)) and NUMERIC as JS numbers, as SQLite gives them; for these clients only.
const PG_TYPES = {
  getTypeParser(oid: number, format?: string) {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

async function onPostgres<R>(url: string, fn: (client: pg.Client) => Promise<R>): Promise<R> {
  const client = new pg.Client({ connectionString: url, types: PG_TYPES as pg.CustomTypesConfig, application_name: 'sahel-test' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function onSqlite<R>(path: string, readonly: boolean, fn: (db: Database.Database) => R): R {
  const db = new Database(path, { readonly, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

/** The rows one statement returns. */
export async function dbQuery<T extends object = Record<string, unknown>>(address: string, sql: string, params: unknown[] = []): Promise<T[]> {
  if (isPostgres(address)) return onPostgres(address, async (c) => (await c.query(numberPlaceholders(sql), params)).rows as T[]);
  return onSqlite(address, isRead(sql), (db) => db.prepare(sql).all(...params) as T[]);
}

/** Runs one statement that changes rows; how many it changed. */
export async function dbRun(address: string, sql: string, params: unknown[] = []): Promise<{ changes: number }> {
  if (isPostgres(address)) return onPostgres(address, async (c) => ({ changes: (await c.query(numberPlaceholders(sql), params)).rowCount ?? 0 }));
  return onSqlite(address, false, (db) => ({ changes: db.prepare(sql).run(...params).changes }));
}

// Moving an install from SQLite to PostgreSQL (`npm run migrate-store`): every table is copied with its ids, in
// one PostgreSQL transaction, into a database that holds no data yet, then checked row for row before the commit,
// so a failure or a mismatch leaves the target as empty as it was. Values are converted by the target column's
// type: SQLite's space-joined lists become TEXT[], 0/1 BOOLEAN, JSON text JSONB, BLOB BYTEA.
import { existsSync } from 'node:fs';
import type pg from 'pg';
import { StoreError, type Db } from './db.js';
import { SqliteStore } from './index.js';
import { list } from './records.js';
import { openPool, redact } from './pg/connection.js';
import { openPostgresStore } from './pg/index.js';

/** The tables copied, parents before children: stories before items (items.story_id references stories; a story's
 * original and best item ids carry no constraint), subscriptions before deliveries. */
export const COPIED_TABLES = [
  'feeds', 'stories', 'items', 'guild_settings', 'guild_feeds', 'subscriptions', 'deliveries', 'notices', 'forgotten_items', 'kv',
] as const;
type Table = (typeof COPIED_TABLES)[number];

/** Tables whose `id` is an identity column: their sequences restart after the largest copied id. */
const ID_TABLES: Table[] = ['feeds', 'stories', 'items', 'subscriptions', 'deliveries'];

/** Which rows of a table are copied (kv: not the SQLite process-holder rows, which mean nothing elsewhere). */
const WHERE: Partial<Record<Table, string>> = { kv: "key NOT LIKE 'open:%'" };

/** The order rows are read and inserted in (notices: SQLite's rowid order becomes PostgreSQL's `seq`). */
const ORDER: Record<Table, string> = {
  feeds: 'id', stories: 'id', items: 'id', guild_settings: 'guild_id', guild_feeds: 'guild_id, feed_id', subscriptions: 'id',
  deliveries: 'id', notices: 'rowid', forgotten_items: 'feed_id, identity', kv: 'key',
};

export interface MigrateOptions {
  /** The SQLite database file. */
  from: string;
  /** postgres:// URL of the target database. */
  to: string;
  /** Empty the target's tables first instead of refusing a target that holds data. */
  replace?: boolean;
  /** Rows per multi-row INSERT (at most 500, fewer for wide tables). */
  batchSize?: number;
  /** Progress lines (a table started, its rows copied). */
  progress?: (line: string) => void;
}

export interface CountRow {
  name: string;
  source: number;
  target: number;
}

export interface MigrationReport {
  /** Rows per table on both sides, then the spot checks (sums of ids, sent deliveries, fingerprint bytes…). */
  tables: CountRow[];
  checks: CountRow[];
  /** Rows inserted in all. */
  rows: number;
  /** What was deliberately left behind, and why. */
  skipped: string[];
  ms: number;
  ok: boolean;
}

/** The migration could not run or did not check out; `report` is set when the copy was made and failed the check. */
export class MigrationError extends StoreError {
  override name = 'MigrationError';
  constructor(message: string, readonly report: MigrationReport | null = null) {
    super(message);
  }
}

interface TargetColumn {
  name: string;
  type: string;
}

/** Copy the SQLite database `from` into the PostgreSQL database `to` (see the file comment). */
export async function migrateSqliteToPostgres(opts: MigrateOptions): Promise<MigrationReport> {
  const started = Date.now();
  if (opts.from !== ':memory:' && !existsSync(opts.from)) throw new MigrationError(`no SQLite database at ${opts.from} (set DATABASE_PATH or pass --from)`);
  const progress = opts.progress ?? (() => undefined);
  // Opening through the store brings an older file up to the current SQLite schema first.
  const source = SqliteStore.open(opts.from);
  try {
    const db = source.database;
    const others = (db.prepare("SELECT count(*) FROM kv WHERE key LIKE 'open:%'").pluck().get() as number) - 1;
    if (others > 0) throw new MigrationError(`${opts.from} is open in ${others} other running process${others === 1 ? '' : 'es'} (the bot?): stop it first, so nothing is written during the copy`);
    const broken = db.pragma('foreign_key_check') as { table: string }[];
    if (broken.length > 0) {
      const tables = [...new Set(broken.map((b) => b.table))].join(', ');
      throw new MigrationError(`${opts.from} has ${broken.length} row(s) whose parent is missing (in ${tables}): PostgreSQL would refuse them; run \`PRAGMA foreign_key_check\` to see them`);
    }
    // Applies the PostgreSQL migrations (an empty database gets the whole schema).
    const target = await openPostgresStore(opts.to);
    await target.close();
    const pool = openPool(opts.to, { max: 1, statementTimeoutMs: 10 * 60_000 });
    try {
      const client = await pool.connect();
      let broke: Error | undefined;
      try {
        // A read transaction on SQLite: one consistent snapshot for the copy and the check.
        db.exec('BEGIN');
        try {
          await client.query('BEGIN');
          try {
            const report = await copy(db, client, opts, progress);
            report.ms = Date.now() - started;
            if (!report.ok) {
              await client.query('ROLLBACK');
              const bad = [...report.tables, ...report.checks].filter((r) => r.source !== r.target).map((r) => r.name).join(', ');
              throw new MigrationError(`the copy does not match the source (${bad}): rolled back, ${redact(opts.to)} is unchanged`, report);
            }
            await client.query('COMMIT');
            return report;
          } catch (err) {
            await client.query('ROLLBACK').catch((e: unknown) => {
              broke = e instanceof Error ? e : new Error(String(e));
            });
            throw err;
          }
        } finally {
          if (db.inTransaction) db.exec('COMMIT');
        }
      } finally {
        client.release(broke);
      }
    } finally {
      await pool.end();
    }
  } finally {
    await source.close();
  }
}

async function copy(db: Db, client: pg.PoolClient, opts: MigrateOptions, progress: (line: string) => void): Promise<MigrationReport> {
  const skipped: string[] = [];
  const held = await nonEmpty(client);
  if (held.length > 0 && !opts.replace) {
    throw new MigrationError(
      `${redact(opts.to)} already holds data (${held.map((h) => `${h.rows} ${h.table}`).join(', ')}): migrate into an empty database, or pass --replace to delete it first`,
    );
  }
  if (held.length > 0 || opts.replace) {
    await client.query(`TRUNCATE ${[...COPIED_TABLES, 'leases'].join(', ')} RESTART IDENTITY CASCADE`);
    if (held.length > 0) progress(`replaced: ${held.map((h) => `${h.rows} ${h.table}`).join(', ')} deleted from the target`);
  }

  let rows = 0;
  for (const table of COPIED_TABLES) {
    const targetColumns = await columnsOf(client, table);
    const sourceColumns = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
    const columns = targetColumns.filter((c) => sourceColumns.includes(c.name));
    for (const name of sourceColumns) {
      if (!targetColumns.some((c) => c.name === name)) skipped.push(`${table}.${name}: no such column on PostgreSQL`);
    }
    const batch = Math.max(1, Math.min(opts.batchSize ?? 500, 500, Math.floor(30_000 / columns.length)));
    const where = WHERE[table] ? ` WHERE ${WHERE[table]}` : '';
    const select = db.prepare(`SELECT ${columns.map((c) => `"${c.name}"`).join(', ')} FROM ${table}${where} ORDER BY ${ORDER[table]}`).raw(true);
    let copied = 0;
    let pending: unknown[][] = [];
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      await insert(client, table, columns, pending);
      copied += pending.length;
      pending = [];
    };
    // The iterator holds the SQLite connection; nothing else runs on it until the table is read.
    for (const row of select.iterate() as Iterable<unknown[]>) {
      pending.push(row.map((v, i) => convert(v, columns[i]!.type)));
      if (pending.length >= batch) await flush();
    }
    await flush();
    rows += copied;
    progress(`${table}: ${copied} row${copied === 1 ? '' : 's'}`);
  }

  skipped.push("kv: the SQLite process-holder rows ('open:…'), meaningful only to that file");
  const leases = db.prepare('SELECT count(*) FROM leases').pluck().get() as number;
  skipped.push(`leases: ${leases} role lease${leases === 1 ? '' : 's'}, taken afresh by the processes that run on PostgreSQL`);
  skipped.push('items_fts: the SQLite search index; PostgreSQL computes items.search from the copied text');

  for (const table of ID_TABLES) {
    await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE((SELECT max(id) FROM ${table}), 0) + 1, false)`);
  }

  const tables: CountRow[] = [];
  for (const table of COPIED_TABLES) {
    const where = WHERE[table] ? ` WHERE ${WHERE[table]}` : '';
    tables.push({
      name: table,
      source: Number(db.prepare(`SELECT count(*) FROM ${table}${where}`).pluck().get()),
      target: await scalar(client, `SELECT count(*) FROM ${table}${where}`),
    });
  }
  const checks: CountRow[] = [];
  const check = async (name: string, sqlite: string, postgres: string): Promise<void> => {
    checks.push({ name, source: Number(db.prepare(sqlite).pluck().get() ?? 0), target: await scalar(client, postgres) });
  };
  for (const table of ID_TABLES) await check(`sum(${table}.id)`, `SELECT COALESCE(sum(id), 0) FROM ${table}`, `SELECT COALESCE(sum(id), 0) FROM ${table}`);
  await check('items in a story', 'SELECT count(*) FROM items WHERE story_id IS NOT NULL', 'SELECT count(*) FROM items WHERE story_id IS NOT NULL');
  await check('fingerprint bytes', 'SELECT COALESCE(sum(length(fingerprint)), 0) FROM items', 'SELECT COALESCE(sum(octet_length(fingerprint)), 0) FROM items');
  await check('items awaiting a story', 'SELECT count(*) FROM items WHERE awaiting_story > 0', awaitingSql(await columnsOf(client, 'items')));
  await check('sent deliveries', "SELECT count(*) FROM deliveries WHERE status = 'sent'", "SELECT count(*) FROM deliveries WHERE status = 'sent'");
  await check('pending deliveries', "SELECT count(*) FROM deliveries WHERE status = 'pending'", "SELECT count(*) FROM deliveries WHERE status = 'pending'");
  await check('posted message ids', 'SELECT count(DISTINCT message_id) FROM deliveries', 'SELECT count(DISTINCT message_id) FROM deliveries');
  await check('feeds with validators', 'SELECT count(*) FROM feeds WHERE etag IS NOT NULL OR last_modified IS NOT NULL OR body_hash IS NOT NULL',
    'SELECT count(*) FROM feeds WHERE etag IS NOT NULL OR last_modified IS NOT NULL OR body_hash IS NOT NULL');

  const ok = [...tables, ...checks].every((r) => r.source === r.target);
  return { tables, checks, rows, skipped, ms: 0, ok };
}

function awaitingSql(items: TargetColumn[]): string {
  const type = items.find((c) => c.name === 'awaiting_story')?.type;
  return type === 'boolean' ? 'SELECT count(*) FROM items WHERE awaiting_story' : 'SELECT count(*) FROM items WHERE awaiting_story > 0';
}

async function scalar(client: pg.PoolClient, sql: string): Promise<number> {
  const r = await client.query<{ v: unknown }>(`SELECT (${sql}) AS v`);
  return Number(r.rows[0]?.v ?? 0);
}

/** The copied tables that hold rows on the target (leases do not count: they are cleared anyway). */
async function nonEmpty(client: pg.PoolClient): Promise<{ table: string; rows: number }[]> {
  const out: { table: string; rows: number }[] = [];
  for (const table of COPIED_TABLES) {
    const n = await scalar(client, `SELECT count(*) FROM ${table}`);
    if (n > 0) out.push({ table, rows: n });
  }
  return out;
}

/** The columns a copy writes: all but generated ones (items.search, notices.seq). */
async function columnsOf(client: pg.PoolClient, table: string): Promise<TargetColumn[]> {
  const r = await client.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' AND attidentity <> 'a'
      ORDER BY attnum`,
    [table],
  );
  return r.rows;
}

/** A SQLite value as the PostgreSQL column of this type takes it. */
function convert(v: unknown, type: string): unknown {
  if (type.endsWith('[]')) return list(v === null || v === undefined ? null : String(v));
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'boolean':
      return Number(v) !== 0; // items.awaiting_story 2 (awaiting quietly) is true when the column is a boolean
    case 'bytea':
      return Buffer.isBuffer(v) ? v : Buffer.from(String(v));
    case 'jsonb':
    case 'json':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'text':
      return String(v);
    default:
      return typeof v === 'bigint' ? Number(v) : v;
  }
}

async function insert(client: pg.PoolClient, table: string, columns: TargetColumn[], rows: unknown[][]): Promise<void> {
  const params: unknown[] = [];
  const values = rows.map((row) => {
    const cells = row.map((v, i) => {
      params.push(v);
      return `$${params.length}::${columns[i]!.type}`;
    });
    return `(${cells.join(', ')})`;
  });
  await client.query(`INSERT INTO ${table} (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES ${values.join(', ')}`, params);
}

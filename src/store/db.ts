// Opens the SQLite database: WAL, foreign keys, an integrity check, then the pending migrations.
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

export class StoreError extends Error {
  override name = 'StoreError';
}

export function openDatabase(path: string, migrations: Migration[] = MIGRATIONS): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // The savepoint each stored item gets writes a sub-journal that outgrows SQLite's 64 KiB in-memory spill
  // limit; on disk that was two temp-file writes an item. Kept in memory, a cold poll cycle spends half the
  // system time. The bot's queries sort by index with small LIMITs, so temporary tables stay small.
  db.pragma('temp_store = MEMORY');
  // After a crash the whole file is checked before anything is written; after a clean shutdown
  // (marked in the header's application_id) a cheap header-and-schema read is enough, which keeps
  // start-up fast with a large archive.
  const cleanShutdown = db.pragma('application_id', { simple: true }) === CLEAN_SHUTDOWN;
  const check = cleanShutdown ? (db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get(), 'ok') : db.pragma('quick_check', { simple: true });
  if (check !== 'ok') {
    db.close();
    throw new StoreError(`database ${path} failed its integrity check (${String(check)}): restore a backup (npm run backup makes one)`);
  }
  db.pragma('application_id = 0');
  migrate(db, migrations);
  register(db);
  return db;
}

const CLEAN_SHUTDOWN = 0x53574f4b; // "SWOK"

/**
 * Close; the file is marked as cleanly shut down (so the next start may skip the full check) only by the process
 * that holds it last: when no other process that opened it is still running. `npm run poll -- --once` against the
 * bot's live database closes without the mark, so a later crash of the bot still gets the full check.
 */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  const token = openTokens.get(db);
  let sole = false;
  try {
    sole = db.transaction(() => {
      if (token) db.prepare('DELETE FROM kv WHERE key = ?').run(`${OPEN_KEY}${token}`);
      return liveHolders(db).length === 0;
    }).immediate();
  } catch {
    // Cannot tell (a full disk, a read-only file): no mark, so the next start checks the whole file.
  }
  if (token) tokenDbs.delete(token);
  openTokens.delete(db);
  if (sole) {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma(`application_id = ${CLEAN_SHUTDOWN}`);
  }
  db.close();
}

// Who has the database open: one kv row per open connection ('open:<token>' → pid and process start time), written
// at open and removed at a clean close. A row whose process is gone (a crash, a kill) is dropped when read.
const OPEN_KEY = 'open:';
const openTokens = new Map<Db, string>();
const tokenDbs = new Map<string, Db>();

interface Holder { pid: number; start: string | null }

function register(db: Db): void {
  const token = randomUUID();
  db.transaction(() => {
    liveHolders(db);
    const holder: Holder = { pid: process.pid, start: processStart(process.pid) };
    db.prepare('INSERT INTO kv(key, value) VALUES (?, ?)').run(`${OPEN_KEY}${token}`, JSON.stringify(holder));
  }).immediate();
  openTokens.set(db, token);
  tokenDbs.set(token, db);
}

/** The open rows of running processes; the others are deleted. */
function liveHolders(db: Db): string[] {
  const rows = db.prepare(`SELECT key, value FROM kv WHERE key LIKE '${OPEN_KEY}%'`).all() as { key: string; value: string }[];
  const live: string[] = [];
  for (const { key, value } of rows) {
    if (isRunning(key.slice(OPEN_KEY.length), value)) live.push(key);
    else db.prepare('DELETE FROM kv WHERE key = ?').run(key);
  }
  return live;
}

function isRunning(token: string, value: string): boolean {
  let holder: Holder;
  try {
    holder = JSON.parse(value) as Holder;
  } catch {
    return false;
  }
  // In this process: running while that connection is open (a connection closed without closeDatabase is a crash).
  if (holder.pid === process.pid && holder.start === processStart(process.pid)) return tokenDbs.get(token)?.open === true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The pid may have been reused by another process since: its start time tells them apart where /proc exists.
  const start = processStart(holder.pid);
  return holder.start === null || start === null || start === holder.start;
}

/** The process's start time in clock ticks since boot (Linux /proc), or null elsewhere. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * An online, consistent copy of the database file at `source`, safe while the bot writes to it: SQLite's
 * backup API through a separate connection that neither migrates nor marks the live file as cleanly shut down
 * (a crash after a backup must still get the full check at the next start). Returns the copy's integrity check.
 */
export async function backupDatabase(source: string, destination: string): Promise<string> {
  const live = new Database(source, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 5000');
    await live.backup(destination);
  } finally {
    live.close();
  }
  const copy = new Database(destination, { readonly: true, fileMustExist: true });
  try {
    return String(copy.pragma('integrity_check', { simple: true }));
  } finally {
    copy.close();
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, migrations: Migration[]): void {
  const current = schemaVersion(db);
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new StoreError(`database schema v${current} is newer than this build (v${newest}): upgrade Sahel Watch`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

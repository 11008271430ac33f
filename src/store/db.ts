// Opens the SQLite database: WAL, foreign keys, an integrity check, then the pending migrations.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
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
  return db;
}

const CLEAN_SHUTDOWN = 0x53574f4b; // "SWOK"

/** Close after marking the file as cleanly shut down, so the next start may skip the full check. */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma(`application_id = ${CLEAN_SHUTDOWN}`);
  db.close();
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

// SQLite's list encoding and the prepared-statement cache; rows become records in records.ts (both engines).
import type { Database, Statement } from 'better-sqlite3';

/** Lists of codes are stored space-separated with a leading and trailing space, so `LIKE '% MLI %'` matches a whole code. */
export function encodeList(list: readonly string[]): string {
  return list.length === 0 ? '' : ` ${list.join(' ')} `;
}

const statements = new WeakMap<Database, Map<string, Statement>>();

/** A prepared statement, compiled once per database: preparing is costly on hot paths. */
export function prep(db: Database, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

// Row ↔ record mapping helpers shared by the repositories, and the prepared-statement cache.
import type { Database, Statement } from 'better-sqlite3';

/** Lists of codes are stored space-separated with a leading and trailing space, so `LIKE '% MLI %'` matches a whole code. */
export function encodeList(list: readonly string[]): string {
  return list.length === 0 ? '' : ` ${list.join(' ')} `;
}

export function decodeList(value: string | null | undefined): string[] {
  return value ? value.trim().split(/\s+/).filter(Boolean) : [];
}

export const bool = (v: unknown): boolean => v === 1 || v === true;
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export type Row = Record<string, unknown>;

const statements = new WeakMap<Database, Map<string, Statement>>();

/** A prepared statement, compiled once per database: preparing is costly on hot paths. */
export function prep(db: Database, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

// Role leases on SQLite (see LeaseStore): one row per role, renewed by its holder, taken once expired.
import type { Db } from './db.js';
import { prep } from './rows.js';

export class LeaseRepo {
  constructor(private readonly db: Db) {}

  acquire(name: string, owner: string, now: number, ttlMs: number): boolean {
    const row = prep(this.db,
      `INSERT INTO leases(name, owner, expires_at) VALUES (?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE leases.owner = excluded.owner OR leases.expires_at <= ?
       RETURNING owner`).pluck().get(name, owner, now + ttlMs, now);
    return row === owner;
  }

  release(name: string, owner: string): void {
    prep(this.db, 'DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner);
  }

  holder(name: string, now: number): string | null {
    const v = prep(this.db, 'SELECT owner FROM leases WHERE name = ? AND expires_at > ?').pluck().get(name, now);
    return v === undefined ? null : String(v);
  }
}

// Role leases on PostgreSQL (see LeaseStore): one row per role, renewed by its holder, taken once expired.
import type { LeaseStore } from '../api.js';
import type { PgConn } from './connection.js';

export class PgLeaseStore implements LeaseStore {
  constructor(private readonly db: PgConn) {}

  async acquire(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const r = await this.db.one<{ owner: string }>(
      `INSERT INTO leases(name, owner, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE leases.owner = EXCLUDED.owner OR leases.expires_at <= $4
       RETURNING owner`,
      [name, owner, now + ttlMs, now],
    );
    return r?.owner === owner;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.db.run('DELETE FROM leases WHERE name = $1 AND owner = $2', [name, owner]);
  }

  async holder(name: string, now: number): Promise<string | null> {
    const r = await this.db.one<{ owner: string }>('SELECT owner FROM leases WHERE name = $1 AND expires_at > $2', [name, now]);
    return r ? String(r.owner) : null;
  }
}

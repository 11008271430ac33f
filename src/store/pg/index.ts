// The PostgreSQL engine: a pool, the migrations, and the repositories over a PgConn. The same repository classes
// serve the pool and a transaction's client; code a transaction runs joins it whichever handle it uses.
import type pg from 'pg';
import type { Repos, Store } from '../api.js';
import { openPool, PgConn, redact } from './connection.js';
import { migrate } from './schema.js';
import { PgFeedStore } from './feeds.js';
import { PgItemStore, PgStoryStore } from './items.js';
import { PgSubscriptionStore } from './subscriptions.js';
import { PgDeliveryStore } from './deliveries.js';
import { PgRetentionStore } from './retention.js';
import { PgLeaseStore } from './leases.js';

class PgRepos implements Repos {
  readonly feeds: PgFeedStore;
  readonly items: PgItemStore;
  readonly stories: PgStoryStore;
  readonly subscriptions: PgSubscriptionStore;
  readonly deliveries: PgDeliveryStore;
  readonly retention: PgRetentionStore;
  readonly leases: PgLeaseStore;

  constructor(protected readonly conn: PgConn) {
    this.feeds = new PgFeedStore(conn);
    this.items = new PgItemStore(conn);
    this.stories = new PgStoryStore(conn);
    this.subscriptions = new PgSubscriptionStore(conn);
    this.deliveries = new PgDeliveryStore(conn);
    this.retention = new PgRetentionStore(conn);
    this.leases = new PgLeaseStore(conn);
  }

  async getSetting(key: string): Promise<string | null> {
    const r = await this.conn.one<{ value: string }>('SELECT value FROM kv WHERE key = $1', [key]);
    return r ? String(r.value) : null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.conn.run('INSERT INTO kv(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, value]);
  }

  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T> {
    return this.conn.transaction((c) => fn(c === this.conn ? this : new PgRepos(c)));
  }
}

export class PostgresStore extends PgRepos implements Store {
  readonly engine = 'postgres' as const;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
  ) {
    super(PgConn.of(pool));
  }

  /** Open the pool and apply pending migrations; the pool is ended again when that fails. */
  static async open(url: string): Promise<PostgresStore> {
    const pool = openPool(url);
    try {
      await migrate(pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    return new PostgresStore(pool, redact(url));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** The store on the PostgreSQL database a `postgres://` URL names. */
export function openPostgresStore(url: string): Promise<Store> {
  return PostgresStore.open(url);
}

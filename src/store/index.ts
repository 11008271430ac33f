// The store: asynchronous interfaces (api.ts) over two engines, chosen at start. SQLite (embedded, the default)
// is implemented here over the synchronous repositories; PostgreSQL in pg/. All SQL lives in src/store/.
import { AsyncLocalStorage } from 'node:async_hooks';
import { openDatabase, closeDatabase, type Db } from './db.js';
import { FeedRepo } from './feeds.js';
import { ItemRepo, StoryRepo } from './items.js';
import { SubscriptionRepo } from './subscriptions.js';
import { DeliveryRepo } from './deliveries.js';
import { RetentionRepo } from './retention.js';
import { LeaseRepo } from './leases.js';
import { prep } from './rows.js';
import type { FeedStore, ItemStore, Repos, Store as StoreApi, StoredFingerprint } from './api.js';
import { openPostgresStore } from './pg/index.js';

export * from './types.js';
export type * from './api.js';
export { StoreError, backupDatabase } from './db.js';
export { toFtsQuery } from './items.js';

export type Store = StoreApi;

/**
 * Open the store an address names: a `postgres://` or `postgresql://` URL opens PostgreSQL, anything else is a
 * SQLite file path (or ':memory:').
 */
export async function openStore(address: string): Promise<Store> {
  return /^postgres(ql)?:\/\//i.test(address) ? openPostgresStore(address) : SqliteStore.open(address);
}

/** The same object with every method returning a promise (what a synchronous repository becomes). */
type Async<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never };

/** Runs a synchronous repository call when the database is free for its caller. */
type Runner = <R>(fn: () => R) => Promise<R>;

function asyncRepo<T extends object>(repo: T, run: Runner): Async<T> {
  const out: Record<string, unknown> = {};
  for (let proto = Object.getPrototypeOf(repo) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = (repo as Record<string, unknown>)[name];
      if (name === 'constructor' || name in out || typeof method !== 'function') continue;
      out[name] = (...args: unknown[]) => run(() => (method as (...a: unknown[]) => unknown).apply(repo, args));
    }
  }
  return out as Async<T>;
}

const FINGERPRINT_PAGE = 5000;

/**
 * SQLite: one connection, synchronous calls. A transaction holds the connection across awaits, so every call
 * from outside it waits until it ends; calls made inside it (through `tx`, or through the store from code the
 * transaction runs, found by AsyncLocalStorage) run at once, as part of it.
 */
export class SqliteStore implements StoreApi {
  readonly engine = 'sqlite' as const;
  readonly feeds: FeedStore;
  readonly items: ItemStore;
  readonly stories: Async<StoryRepo>;
  readonly subscriptions: Async<SubscriptionRepo>;
  readonly deliveries: Async<DeliveryRepo>;
  readonly retention: Async<RetentionRepo>;
  readonly leases: Async<LeaseRepo>;

  /** The transaction holding the connection, and the promise that settles when it ends. */
  private holder: { token: object; done: Promise<void> } | null = null;
  private readonly context = new AsyncLocalStorage<object>();
  private savepoints = 0;

  private constructor(private readonly db: Db, readonly location: string) {
    const run: Runner = (fn) => this.run(fn);
    this.feeds = asyncRepo(new FeedRepo(db), run);
    const items = new ItemRepo(db);
    this.items = {
      ...asyncRepo(items, run),
      fingerprints: () => this.pages((after) => items.fingerprintPage(after, FINGERPRINT_PAGE)),
    };
    this.stories = asyncRepo(new StoryRepo(db), run);
    this.subscriptions = asyncRepo(new SubscriptionRepo(db), run);
    this.deliveries = asyncRepo(new DeliveryRepo(db), run);
    this.retention = asyncRepo(new RetentionRepo(db), run);
    this.leases = asyncRepo(new LeaseRepo(db), run);
  }

  static open(path: string): SqliteStore {
    return new SqliteStore(openDatabase(path), path);
  }

  /** The synchronous database, for the backup and tests of the SQLite engine itself. */
  get database(): Db {
    return this.db;
  }

  private inHolder(): boolean {
    return this.holder !== null && this.context.getStore() === this.holder.token;
  }

  private async run<R>(fn: () => R): Promise<R> {
    while (this.holder && !this.inHolder()) await this.holder.done;
    return fn();
  }

  private async *pages(page: (afterId: number) => StoredFingerprint[]): AsyncIterable<StoredFingerprint> {
    for (let after = 0; ;) {
      const rows = await this.run(() => page(after));
      yield* rows;
      if (rows.length < FINGERPRINT_PAGE) return;
      after = rows.at(-1)!.itemId;
    }
  }

  async transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T> {
    if (this.inHolder()) {
      // Nested: a savepoint inside the running transaction.
      const name = `sp${++this.savepoints}`;
      this.db.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(this);
        this.db.exec(`RELEASE ${name}`);
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        throw err;
      } finally {
        this.savepoints--;
      }
    }
    while (this.holder) await this.holder.done;
    let release!: () => void;
    const token = {};
    this.holder = { token, done: new Promise<void>((resolve) => (release = resolve)) };
    try {
      return await this.context.run(token, async () => {
        this.db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(this);
          this.db.exec('COMMIT');
          return result;
        } catch (err) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          throw err;
        }
      });
    } finally {
      this.holder = null;
      release();
    }
  }

  getSetting(key: string): Promise<string | null> {
    return this.run(() => {
      const v = prep(this.db, 'SELECT value FROM kv WHERE key = ?').pluck().get(key);
      return v === undefined ? null : String(v);
    });
  }

  setSetting(key: string, value: string): Promise<void> {
    return this.run(() => {
      prep(this.db, 'INSERT INTO kv(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
    });
  }

  async close(): Promise<void> {
    while (this.holder) await this.holder.done;
    closeDatabase(this.db);
  }
}

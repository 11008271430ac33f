// The store: one SQLite database and the repositories over it. All SQL lives in src/store/.
import { openDatabase, closeDatabase, type Db } from './db.js';
import { FeedRepo } from './feeds.js';
import { ItemRepo, StoryRepo } from './items.js';
import { SubscriptionRepo } from './subscriptions.js';
import { DeliveryRepo } from './deliveries.js';
import { RetentionRepo } from './retention.js';
import { prep } from './rows.js';

export * from './types.js';
export { StoreError, backupDatabase } from './db.js';
export type { StoryFilter, SearchHit } from './items.js';
export type { Pruned } from './retention.js';
export { toFtsQuery } from './items.js';

export class Store {
  readonly feeds: FeedRepo;
  readonly items: ItemRepo;
  readonly stories: StoryRepo;
  readonly subscriptions: SubscriptionRepo;
  readonly deliveries: DeliveryRepo;
  readonly retention: RetentionRepo;

  /** One transaction wrapper for every call: creating one per call re-prepares BEGIN/COMMIT each time. */
  private readonly inTransaction: (fn: () => unknown) => unknown;

  private constructor(private readonly db: Db) {
    this.inTransaction = db.transaction((fn: () => unknown) => fn());
    this.feeds = new FeedRepo(db);
    this.items = new ItemRepo(db);
    this.stories = new StoryRepo(db);
    this.subscriptions = new SubscriptionRepo(db);
    this.deliveries = new DeliveryRepo(db);
    this.retention = new RetentionRepo(db);
  }

  static open(path: string): Store {
    return new Store(openDatabase(path));
  }

  /** Run fn in one transaction: everything it writes lands together or not at all. */
  transaction<T>(fn: () => T): T {
    return this.inTransaction(fn) as T;
  }

  getSetting(key: string): string | null {
    const v = prep(this.db, 'SELECT value FROM kv WHERE key = ?').pluck().get(key);
    return v === undefined ? null : String(v);
  }

  setSetting(key: string, value: string): void {
    prep(this.db, 'INSERT INTO kv(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  close(): void {
    closeDatabase(this.db);
  }
}

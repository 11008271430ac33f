// The store as the rest of the bot sees it: asynchronous interfaces, one per kind of record, with two engines
// behind them (SQLite embedded, the default; PostgreSQL for several processes). Nothing outside src/store/ knows
// which engine runs or writes SQL.
import type { Lang } from '../lang/languages.js';
import type {
  Delivery, DeliveryStatus, Feed, NewItem, NewSubscription, Notice, SeenItem, StoredItem, Story, StoryJoin, StorySource, Subscription,
} from './types.js';

export type Engine = 'sqlite' | 'postgres';

export interface FeedSuccess {
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  title?: string | null;
  siteUrl?: string | null;
  language?: string | null;
  itemCount?: number;
  nextPollAt: number;
  now: number;
}

export interface DefaultFeed {
  url: string;
  title?: string | null;
  language?: string | null;
  intervalMs?: number | null;
}

export interface FeedStore {
  /** Insert the default list (or mark existing rows default, taking the file's interval); returns how many were new. */
  upsertDefaults(defaults: DefaultFeed[], now: number): Promise<number>;
  /** Find or create a feed by URL. */
  ensure(url: string, now: number, title?: string | null): Promise<Feed>;
  byId(id: number): Promise<Feed | null>;
  byUrl(url: string): Promise<Feed | null>;
  all(): Promise<Feed[]>;
  /** Feeds worth polling: defaults and those some server follows, not paused. */
  active(): Promise<Feed[]>;
  due(now: number): Promise<Feed[]>;
  /**
   * Lease up to `limit` due feeds to `owner` until `now + leaseMs`: a feed leased to a live poller is never handed to
   * another; a dead poller's leases expire. A success, an unchanged poll or a failure ends the lease.
   */
  lease(owner: string, now: number, leaseMs: number, limit: number): Promise<Feed[]>;
  /** Give a leased feed back without polling it (shutting down). */
  release(id: number, owner: string): Promise<void>;
  /**
   * End the feed leases of pollers that are gone: those whose process lease (`process:<owner>` in LeaseStore,
   * renewed by every poller) expired before `now` (wall clock). Returns how many feeds were freed.
   */
  releaseOrphans(now: number): Promise<number>;
  recordSuccess(id: number, s: FeedSuccess): Promise<void>;
  /** Forget validators and body hash so the next poll reads the whole body (failed items are retried). */
  readAgain(id: number, opts: { firstRun: boolean }): Promise<void>;
  /** A 304 or an unchanged body: nothing new, the feed is healthy. */
  recordUnchanged(id: number, nextPollAt: number, now: number): Promise<void>;
  recordFailure(id: number, error: string, failures: number, nextPollAt: number, now: number): Promise<void>;
  pause(id: number, reason: string, now: number): Promise<void>;
  resume(id: number): Promise<void>;
  /** Poll this feed at the next tick (after an admin adds it). */
  pollSoon(id: number): Promise<void>;
  /** A server's first use copies the default list in, so later removals are per server. */
  ensureGuildInitialised(guildId: string, now: number): Promise<void>;
  forGuild(guildId: string): Promise<Feed[]>;
  /** Feeds a server follows that are not defaults: what MAX_FEEDS_PER_SERVER counts. */
  addedCount(guildId: string): Promise<number>;
  /** Returns false when the server already follows it. */
  addToGuild(guildId: string, feedId: number, by: string | null, now: number): Promise<boolean>;
  removeFromGuild(guildId: string, feedId: number): Promise<boolean>;
  /** Whether a server follows a feed (what it may be shown of that feed's items). */
  follows(guildId: string, feedId: number): Promise<boolean>;
}

export interface StoryFilter {
  countries?: string[];
  themes?: string[];
  relevantOnly?: boolean;
  since?: number;
  /** Only stories with an item from a feed this server follows; countries and themes are read from those items. */
  guildId?: string;
}

export interface SearchHit {
  item: StoredItem;
  /** Title with matches wrapped in ** for Discord bold. */
  titleHighlighted: string;
  snippet: string;
}

export interface StoredFingerprint {
  itemId: number;
  storyId: number;
  fingerprint: Buffer;
}

/** What the story writer records for an item it filed in a story (see ItemStore.file). */
export interface Filing {
  storyId: number;
  fingerprint: Buffer;
  join: StoryJoin | null;
}

export interface ItemStore {
  /** Which of these identities this feed has already stored (or forgot at retention). */
  knownIdentities(feedId: number, identities: string[]): Promise<Set<string>>;
  insert(item: NewItem): Promise<number>;
  byId(id: number): Promise<StoredItem | null>;
  /** Length of the text an item's story would show (article text, else feed text), without loading the row. */
  textLength(id: number): Promise<number | null>;
  setStory(itemId: number, storyId: number): Promise<void>;
  /** Fingerprints of every stored item that belongs to a story, in filing order, for rebuilding the index. */
  fingerprints(): AsyncIterable<StoredFingerprint>;
  fingerprintOf(id: number): Promise<Buffer | null>;
  /** Replaces an item's story fingerprint (after the fingerprint format changed). */
  setFingerprint(itemId: number, fingerprint: Buffer): Promise<void>;
  /** Relevant items a poller stored for the story writer to file, oldest first, after `afterId`; `post`: queue their deliveries. */
  awaitingStory(limit: number, afterId?: number): Promise<{ item: StoredItem; post: boolean }[]>;
  /** The story writer filed an item: its story, fingerprint and why; it no longer awaits a story. */
  file(itemId: number, filing: Filing): Promise<void>;
  count(): Promise<number>;
  /** Items first fetched at or after `since` (epoch ms). */
  countSince(since: number): Promise<number>;
  /** Full-text search over items about the Sahel, newest matches ranked, titles highlighted. */
  search(query: string, opts?: { since?: number; limit?: number; guildId?: string }): Promise<SearchHit[]>;
}

export interface StoryUpdate {
  best?: { itemId: number; title: string; link: string | null; summary: string | null };
  countries?: string[];
  themes?: string[];
  score?: number;
  relevant?: boolean;
}

export interface StoryStore {
  create(s: Omit<Story, 'id' | 'sourceCount'>): Promise<number>;
  byId(id: number): Promise<Story | null>;
  /** A story created before its first item had an id: that item becomes its original and its best source. */
  setFirstItem(storyId: number, itemId: number): Promise<void>;
  /** Record one more source; the story's best text moves to it when `best` says so. */
  addSource(storyId: number, at: number, update: StoryUpdate): Promise<void>;
  sources(storyId: number): Promise<StorySource[]>;
  /** A story's items as a server sees them, oldest first (its feeds' items, plus `alsoItemId`). */
  seenBy(storyId: number, guildId: string, alsoItemId?: number | null): Promise<SeenItem[]>;
  latest(filter: StoryFilter, limit: number): Promise<Story[]>;
  count(): Promise<number>;
  /** Stories first seen at or after `since` (epoch ms). */
  countSince(since: number): Promise<number>;
}

export interface SubscriptionStore {
  /** One subscription per channel, changed only by the server it was made in (null when another server holds it). */
  upsert(s: NewSubscription, now: number): Promise<Subscription | null>;
  byChannel(guildId: string, channelId: string): Promise<Subscription | null>;
  byId(id: number): Promise<Subscription | null>;
  remove(guildId: string, channelId: string): Promise<boolean>;
  forGuild(guildId: string): Promise<Subscription[]>;
  all(): Promise<Subscription[]>;
  /** Active subscriptions in the servers that follow this feed. */
  forFeed(feedId: number): Promise<Subscription[]>;
  digestSubscriptions(): Promise<Subscription[]>;
  markBroken(id: number, reason: string): Promise<void>;
  setLastDigest(id: number, at: number): Promise<void>;
  /** The server's language; DEFAULT_LANG for a server that never chose one. */
  language(guildId: string): Promise<Lang>;
  setLanguage(guildId: string, language: Lang): Promise<void>;
  /** Queue a notice; a key already used is ignored, which is what makes it "once". */
  addNotice(n: Notice, now: number): Promise<boolean>;
  pendingNotices(limit?: number): Promise<Notice[]>;
  markNotice(key: string, status: 'sent' | 'failed', now: number): Promise<void>;
  /** Forget notices so the same problem can be told again after it was fixed. */
  clearNotices(keyPrefix: string): Promise<void>;
}

export interface NewDelivery {
  subscriptionId: number;
  storyId: number;
  itemId: number;
  channelId: string;
  status?: DeliveryStatus;
  rehash?: boolean;
}

export interface DeliveryStore {
  /** Returns false when this subscription already has this story (the unique key). */
  enqueue(d: NewDelivery, now: number): Promise<boolean>;
  pending(now: number, limit?: number): Promise<Delivery[]>;
  pendingCount(): Promise<number>;
  byId(id: number): Promise<Delivery | null>;
  /** Count an attempt before sending, so a delivery that keeps crashing the poster is eventually given up. */
  recordAttempt(id: number): Promise<number>;
  markSent(id: number, messageId: string, now: number): Promise<void>;
  retryLater(id: number, error: string, nextAttemptAt: number): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** A subscription that cannot be posted to: its queued rows are dropped, with the reason kept. */
  skipPendingForSubscription(subscriptionId: number, reason: string): Promise<number>;
  /** A story gained a source: these subscriptions' messages need their "also reported by" line updated. */
  markStoryEdited(storyId: number, subscriptionIds: readonly number[]): Promise<number>;
  /** One posted message needs re-rendering (an adopted post, or an edit to retry). */
  markEditPending(id: number): Promise<void>;
  /** Each subscription's delivery of a story, with the item its message shows. */
  forStory(storyId: number): Promise<{ id: number; subscriptionId: number; itemId: number }[]>;
  /** The message shows another item (a fuller copy of the same text, from a feed its server follows). */
  setItem(id: number, itemId: number): Promise<void>;
  pendingEdits(limit?: number): Promise<Delivery[]>;
  clearEdit(id: number): Promise<void>;
  sentCount(): Promise<number>;
  /** Messages the bot posted in a channel since a time (an overflow message counts once). */
  messagesSince(channelId: string, since: number): Promise<number>;
  oldestSentSince(channelId: string, since: number): Promise<number | null>;
  overflowSince(channelId: string, since: number): Promise<boolean>;
  pendingForChannel(channelId: string, now: number, limit?: number): Promise<Delivery[]>;
  /** Several deliveries covered by one message (an overflow list or a digest). */
  markSentMany(ids: number[], messageId: string, now: number, overflow: boolean): Promise<void>;
  /** Hold a delivery until a time without counting an attempt (the channel's flood window is full). */
  postpone(id: number, until: number): Promise<void>;
  forDigest(subscriptionId: number): Promise<Delivery[]>;
}

export interface Pruned {
  stories: number;
  items: number;
  deliveries: number;
}

export interface RetentionStore {
  /** Delete up to `limit` stories last seen before `cutoff` with their items and deliveries, and old storyless items. */
  pruneBatch(cutoff: number, now: number, limit: number): Promise<Pruned>;
}

/**
 * Who holds a role that only one process may run at a time (the story writer, the sender): a lease in the
 * database, renewed by its holder, taken by a standby once it expired.
 */
export interface LeaseStore {
  /** Take or renew `name` for `owner` until `now + ttlMs`; true when `owner` holds it. */
  acquire(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  /** Give it up (a clean shutdown): a standby takes over at its next try rather than after the expiry. */
  release(name: string, owner: string): Promise<void>;
  holder(name: string, now: number): Promise<string | null>;
}

/** The repositories, reachable inside and outside a transaction alike. */
export interface Repos {
  readonly feeds: FeedStore;
  readonly items: ItemStore;
  readonly stories: StoryStore;
  readonly subscriptions: SubscriptionStore;
  readonly deliveries: DeliveryStore;
  readonly retention: RetentionStore;
  readonly leases: LeaseStore;
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  /**
   * Run fn in one transaction: everything it writes through `tx` lands together or not at all. Nested calls are
   * savepoints. On SQLite, other callers wait until it ends; on PostgreSQL it holds one connection of the pool.
   */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
}

export interface Store extends Repos {
  readonly engine: Engine;
  /** Where it is, for logs (a file path, or a PostgreSQL URL without its password). */
  readonly location: string;
  close(): Promise<void>;
}

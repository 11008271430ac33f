// Records as the rest of the bot sees them (camelCase, epoch-ms times, lists not strings).

export interface Feed {
  id: number;
  url: string;
  title: string | null;
  siteUrl: string | null;
  language: string | null;
  isDefault: boolean;
  intervalMs: number | null;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  initialized: boolean;
  nextPollAt: number | null;
  lastPolledAt: number | null;
  lastSuccessAt: number | null;
  lastItemCount: number | null;
  consecutiveFailures: number;
  lastError: string | null;
  pausedAt: number | null;
  pausedReason: string | null;
  createdAt: number;
}

export interface StoredItem {
  id: number;
  feedId: number;
  identity: string;
  storyId: number | null;
  title: string;
  text: string;
  link: string | null;
  canonicalUrl: string | null;
  author: string | null;
  publishedAt: number | null;
  fetchedAt: number;
  lang: string | null;
  relevant: boolean;
  score: number;
  countries: string[];
  themes: string[];
  actors: string[];
  topicMatch: unknown;
  articleText: string | null;
  summary: string | null;
  /** Why the item joined its story (null for the story's first item and for items stored before this was kept). */
  storyJoin: StoryJoin | null;
}

/** How an item joined a story: the clusterer's reason and similarity, and what the two texts share. */
export interface StoryJoin {
  reason: string;
  similarity: number;
  /** The item it was compared with (the source its story showed then); evidence is shown only where that item is. */
  against?: number;
  /** Set by a reader that may not see `against`: only the reason is shown. */
  hidden?: boolean;
  names: string[];
  numbers: string[];
  dates: string[];
  kinds: string[];
}

/** An item as the pipeline writes it: everything but its id, plus its story fingerprint; its story when already known. */
/**
 * `awaitingStory`: relevant, stored by a poller that is not the story writer, which files it later (ItemStore.file)
 * and queues its deliveries ('post') or not (a first run's older items: 'quiet').
 */
export type NewItem = Omit<StoredItem, 'id' | 'storyId' | 'storyJoin'> & {
  fingerprint: Buffer | null;
  storyId?: number | null;
  storyJoin?: StoryJoin | null;
  awaitingStory?: 'post' | 'quiet';
};

export interface Story {
  id: number;
  originalItemId: number | null;
  bestItemId: number | null;
  title: string;
  link: string | null;
  summary: string | null;
  countries: string[];
  themes: string[];
  score: number;
  relevant: boolean;
  sourceCount: number;
  eventDate: number | null;
  firstSeenAt: number;
  lastSeenAt: number;
  /** When it was first published, as a server's sources date it (set by the delivery view, not stored). */
  publishedAt?: number;
}

export interface StorySource {
  itemId: number;
  title: string;
  link: string | null;
  outlet: string | null;
  feedUrl: string;
  publishedAt: number | null;
  fetchedAt: number;
  join: StoryJoin | null;
}

export type SubscriptionMode = 'realtime' | 'digest';

export interface Subscription {
  id: number;
  guildId: string;
  channelId: string;
  countries: string[];
  themes: string[];
  minScore: number;
  mode: SubscriptionMode;
  digestTime: string | null;
  digestTimezone: string | null;
  digestPeriod: 'daily' | 'weekly' | null;
  lastDigestAt: number | null;
  roleId: string | null;
  includeRehash: boolean;
  status: 'active' | 'broken';
  statusReason: string | null;
  createdBy: string | null;
  createdAt: number;
}

export type NewSubscription = Pick<Subscription, 'guildId' | 'channelId'> &
  Partial<Pick<Subscription, 'countries' | 'themes' | 'minScore' | 'mode' | 'digestTime' | 'digestTimezone' | 'digestPeriod' | 'roleId' | 'includeRehash' | 'createdBy'>>;

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'skipped' | 'digest';

export interface Delivery {
  id: number;
  subscriptionId: number;
  storyId: number;
  itemId: number;
  channelId: string;
  status: DeliveryStatus;
  rehash: boolean;
  nonce: string;
  messageId: string | null;
  editPending: boolean;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

/**
 * What a server is told, as data: the chat adapter renders it in the server's language. `legacy` carries the
 * finished text of a notice queued before notices were stored this way (migration 7).
 */
export type NoticeBody =
  | { kind: 'feed-paused'; params: { feed: string; failures: number; error: string } }
  | { kind: 'channel-unavailable'; params: { channelId: string; reason: 'gone' | 'forbidden' } }
  | { kind: 'legacy'; params: { text: string } };

export type Notice = NoticeBody & {
  key: string;
  guildId: string;
  channelId: string | null;
};

/**
 * One item of a story as a server sees it. A server sees the items of the feeds it follows; a delivery's own
 * item stays visible to its server after the feed was removed (`followed` false).
 */
export interface SeenItem {
  itemId: number;
  feedId: number;
  title: string;
  link: string | null;
  summary: string | null;
  countries: string[];
  themes: string[];
  score: number;
  publishedAt: number | null;
  fetchedAt: number;
  /** The feed's title, only when this server follows the feed: a title never reaches a server that did not choose that feed. */
  feedTitle: string | null;
  feedUrl: string;
  followed: boolean;
}

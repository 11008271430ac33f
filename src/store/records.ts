// Rows → records, the same for both engines: SQLite stores lists as ' MLI NER ' strings, flags as 0/1 and JSON as
// text; PostgreSQL as TEXT[], BOOLEAN and JSONB. The decoders take either, so each record has one mapper.
import type { Delivery, DeliveryStatus, Feed, SeenItem, StoredItem, Story, StoryJoin, StorySource, Subscription } from './types.js';

export type Row = Record<string, unknown>;

export const bool = (v: unknown): boolean => v === 1 || v === true;
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A SQLite list (space-separated, see encodeList) or a PostgreSQL array. */
export function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return typeof v === 'string' && v ? v.trim().split(/\s+/).filter(Boolean) : [];
}

/** SQLite's JSON text or PostgreSQL's parsed JSONB; null for none. */
export function json(v: unknown): unknown {
  if (typeof v === 'string') return v ? JSON.parse(v) : null;
  return v ?? null;
}

export function toFeed(r: Row): Feed {
  return {
    id: Number(r.id),
    url: String(r.url),
    title: str(r.title),
    siteUrl: str(r.site_url),
    language: str(r.language),
    isDefault: bool(r.is_default),
    intervalMs: num(r.interval_ms),
    etag: str(r.etag),
    lastModified: str(r.last_modified),
    bodyHash: str(r.body_hash),
    initialized: bool(r.initialized),
    nextPollAt: num(r.next_poll_at),
    lastPolledAt: num(r.last_polled_at),
    lastSuccessAt: num(r.last_success_at),
    lastItemCount: num(r.last_item_count),
    consecutiveFailures: Number(r.consecutive_failures),
    lastError: str(r.last_error),
    pausedAt: num(r.paused_at),
    pausedReason: str(r.paused_reason),
    createdAt: Number(r.created_at),
  };
}

export function toItem(r: Row): StoredItem {
  return {
    id: Number(r.id),
    feedId: Number(r.feed_id),
    identity: String(r.identity),
    storyId: num(r.story_id),
    title: String(r.title),
    text: String(r.text ?? ''),
    link: str(r.link),
    canonicalUrl: str(r.canonical_url),
    author: str(r.author),
    publishedAt: num(r.published_at),
    fetchedAt: Number(r.fetched_at),
    lang: str(r.lang),
    relevant: bool(r.relevant),
    score: Number(r.score),
    countries: list(r.countries),
    themes: list(r.themes),
    actors: list(r.actors),
    topicMatch: json(r.topic_match),
    articleText: str(r.article_text),
    summary: str(r.summary),
    storyJoin: json(r.story_join) as StoryJoin | null,
  };
}

export function toStory(r: Row): Story {
  return {
    id: Number(r.id),
    originalItemId: num(r.original_item_id),
    bestItemId: num(r.best_item_id),
    title: String(r.title),
    link: str(r.link),
    summary: str(r.summary),
    countries: list(r.countries),
    themes: list(r.themes),
    score: Number(r.score),
    relevant: bool(r.relevant),
    sourceCount: Number(r.source_count),
    eventDate: num(r.event_date),
    firstSeenAt: Number(r.first_seen_at),
    lastSeenAt: Number(r.last_seen_at),
  };
}

export function toSubscription(r: Row): Subscription {
  return {
    id: Number(r.id),
    guildId: String(r.guild_id),
    channelId: String(r.channel_id),
    countries: list(r.countries),
    themes: list(r.themes),
    minScore: Number(r.min_score),
    mode: r.mode === 'digest' ? 'digest' : 'realtime',
    digestTime: str(r.digest_time),
    digestTimezone: str(r.digest_timezone),
    digestPeriod: r.digest_period === 'weekly' ? 'weekly' : r.digest_period === 'daily' ? 'daily' : null,
    lastDigestAt: num(r.last_digest_at),
    roleId: str(r.role_id),
    includeRehash: bool(r.include_rehash),
    status: r.status === 'broken' ? 'broken' : 'active',
    statusReason: str(r.status_reason),
    createdBy: str(r.created_by),
    createdAt: Number(r.created_at),
  };
}

export function toDelivery(r: Row): Delivery {
  return {
    id: Number(r.id),
    subscriptionId: Number(r.subscription_id),
    storyId: Number(r.story_id),
    itemId: Number(r.item_id),
    channelId: String(r.channel_id),
    status: r.status as DeliveryStatus,
    rehash: bool(r.rehash),
    nonce: String(r.nonce),
    messageId: str(r.message_id),
    editPending: bool(r.edit_pending),
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    lastError: str(r.last_error),
    createdAt: Number(r.created_at),
    sentAt: num(r.sent_at),
  };
}

/** A story's item with its feed (stories.sources): title, link, outlet (the feed's title), and why it joined. */
export function toStorySource(r: Row): StorySource {
  return {
    itemId: Number(r.id),
    title: String(r.title),
    link: str(r.link),
    outlet: str(r.outlet),
    feedUrl: String(r.feed_url),
    publishedAt: num(r.published_at),
    fetchedAt: Number(r.fetched_at),
    join: json(r.story_join) as StoryJoin | null,
  };
}

/** A story's item as a server sees it (stories.seenBy): the feed's title only when the server follows the feed. */
export function toSeenItem(r: Row): SeenItem {
  return {
    itemId: Number(r.id),
    feedId: Number(r.feed_id),
    title: String(r.title),
    link: str(r.link),
    summary: str(r.summary),
    countries: list(r.countries),
    themes: list(r.themes),
    score: Number(r.score),
    publishedAt: num(r.published_at),
    fetchedAt: Number(r.fetched_at),
    feedTitle: bool(r.followed) ? str(r.feed_title) : null,
    feedUrl: String(r.feed_url),
    followed: bool(r.followed),
  };
}

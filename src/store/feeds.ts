// Feeds, their fetch state, and which servers follow them.
import type { Db } from './db.js';
import type { Feed } from './types.js';
import { prep } from './rows.js';
import { toFeed, type Row } from './records.js';
import type { DefaultFeed, FeedSuccess } from './api.js';

export class FeedRepo {
  constructor(private readonly db: Db) {}

  /**
   * Insert the default list (or mark existing rows default, taking the file's poll interval, null for the global
   * one); returns how many were new.
   */
  upsertDefaults(defaults: DefaultFeed[], now: number): number {
    const insert = prep(this.db,
      `INSERT INTO feeds(url, title, language, interval_ms, is_default, created_at) VALUES (?, ?, ?, ?, 1, ?)
       ON CONFLICT(url) DO UPDATE SET is_default = 1, title = COALESCE(feeds.title, excluded.title), interval_ms = excluded.interval_ms`,
    );
    const count = prep(this.db, 'SELECT count(*) FROM feeds').pluck();
    let added = 0;
    this.db.transaction(() => {
      const before = Number(count.get());
      for (const f of defaults) insert.run(f.url, f.title ?? null, f.language ?? null, f.intervalMs ?? null, now);
      added = Number(count.get()) - before;
    })();
    return added;
  }

  /** Find or create a feed by URL. */
  ensure(url: string, now: number, title: string | null = null): Feed {
    prep(this.db, 'INSERT INTO feeds(url, title, created_at) VALUES (?, ?, ?) ON CONFLICT(url) DO NOTHING').run(url, title, now);
    return this.byUrl(url)!;
  }

  byId(id: number): Feed | null {
    const r = prep(this.db, 'SELECT * FROM feeds WHERE id = ?').get(id) as Row | undefined;
    return r ? toFeed(r) : null;
  }

  byUrl(url: string): Feed | null {
    const r = prep(this.db, 'SELECT * FROM feeds WHERE url = ?').get(url) as Row | undefined;
    return r ? toFeed(r) : null;
  }

  all(): Feed[] {
    return (prep(this.db, 'SELECT * FROM feeds ORDER BY id').all() as Row[]).map(toFeed);
  }

  /** Feeds worth polling: defaults and those some server follows, not paused. */
  active(): Feed[] {
    return (
      prep(this.db,
        `SELECT * FROM feeds f WHERE paused_at IS NULL
           AND (is_default = 1 OR EXISTS (SELECT 1 FROM guild_feeds g WHERE g.feed_id = f.id)) ORDER BY id`,
      )
        .all() as Row[]
    ).map(toFeed);
  }

  due(now: number): Feed[] {
    return this.active().filter((f) => f.nextPollAt === null || f.nextPollAt <= now);
  }

  /** Due feeds leased to `owner` (see FeedStore.lease); one UPDATE, so two pollers never lease one feed. */
  lease(owner: string, now: number, leaseMs: number, limit: number): Feed[] {
    return (
      prep(this.db,
        `UPDATE feeds SET lease_owner = ?, lease_until = ? WHERE id IN (
           SELECT id FROM feeds f WHERE paused_at IS NULL
             AND (is_default = 1 OR EXISTS (SELECT 1 FROM guild_feeds g WHERE g.feed_id = f.id))
             AND (next_poll_at IS NULL OR next_poll_at <= ?) AND (lease_until IS NULL OR lease_until <= ?)
           ORDER BY next_poll_at IS NOT NULL, next_poll_at, id LIMIT ?)
         RETURNING *`,
      )
        .all(owner, now + leaseMs, now, now, limit) as Row[]
    )
      .map(toFeed)
      .sort((a, b) => (a.nextPollAt ?? -Infinity) - (b.nextPollAt ?? -Infinity) || a.id - b.id);
  }

  releaseOrphans(now: number): number {
    return prep(this.db,
      `UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.name = 'process:' || feeds.lease_owner AND l.expires_at > ?)`,
    ).run(now).changes;
  }

  release(id: number, owner: string): void {
    prep(this.db, 'UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?').run(id, owner);
  }

  recordSuccess(id: number, s: FeedSuccess): void {
    prep(this.db,
      `UPDATE feeds SET etag = ?, last_modified = ?, body_hash = COALESCE(?, body_hash),
         title = COALESCE(?, title), site_url = COALESCE(?, site_url), language = COALESCE(?, language),
         last_item_count = COALESCE(?, last_item_count), initialized = 1,
         next_poll_at = ?, last_polled_at = ?, last_success_at = ?, consecutive_failures = 0, last_error = NULL,
         lease_owner = NULL, lease_until = NULL
       WHERE id = ?`,
    )
      .run(s.etag, s.lastModified, s.bodyHash, s.title ?? null, s.siteUrl ?? null, s.language ?? null, s.itemCount ?? null, s.nextPollAt, s.now, s.now, id);
  }

  /**
   * Forget the feed's validators and body hash, so its next poll reads the whole body again (items failed and are
   * retried); a first run that failed stays a first run.
   */
  readAgain(id: number, opts: { firstRun: boolean }): void {
    prep(this.db, 'UPDATE feeds SET etag = NULL, last_modified = NULL, body_hash = NULL, initialized = CASE WHEN ? THEN 0 ELSE initialized END WHERE id = ?')
      .run(opts.firstRun ? 1 : 0, id);
  }

  /** A 304 or an unchanged body: nothing new, the feed is healthy. */
  recordUnchanged(id: number, nextPollAt: number, now: number): void {
    prep(this.db, 'UPDATE feeds SET next_poll_at = ?, last_polled_at = ?, last_success_at = ?, consecutive_failures = 0, last_error = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ?')
      .run(nextPollAt, now, now, id);
  }

  recordFailure(id: number, error: string, failures: number, nextPollAt: number, now: number): void {
    prep(this.db, 'UPDATE feeds SET last_error = ?, consecutive_failures = ?, next_poll_at = ?, last_polled_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?')
      .run(error, failures, nextPollAt, now, id);
  }

  pause(id: number, reason: string, now: number): void {
    prep(this.db, 'UPDATE feeds SET paused_at = ?, paused_reason = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?').run(now, reason, id);
  }

  resume(id: number): void {
    prep(this.db, 'UPDATE feeds SET paused_at = NULL, paused_reason = NULL, consecutive_failures = 0, next_poll_at = NULL WHERE id = ?').run(id);
  }

  /** Poll this feed at the next tick (after an admin adds it). */
  pollSoon(id: number): void {
    prep(this.db, 'UPDATE feeds SET next_poll_at = NULL WHERE id = ?').run(id);
  }

  // ---- per-server feed lists

  /** A server's first use copies the default list in, so later removals are per server. */
  ensureGuildInitialised(guildId: string, now: number): void {
    this.db.transaction(() => {
      prep(this.db, 'INSERT INTO guild_settings(guild_id) VALUES (?) ON CONFLICT DO NOTHING').run(guildId);
      const done = prep(this.db, 'SELECT feeds_initialized FROM guild_settings WHERE guild_id = ?').pluck().get(guildId);
      if (done === 1) return;
      prep(this.db, 'INSERT OR IGNORE INTO guild_feeds(guild_id, feed_id, added_by, added_at) SELECT ?, id, NULL, ? FROM feeds WHERE is_default = 1')
        .run(guildId, now);
      prep(this.db, 'UPDATE guild_settings SET feeds_initialized = 1 WHERE guild_id = ?').run(guildId);
    })();
  }

  forGuild(guildId: string): Feed[] {
    return (
      prep(this.db, 'SELECT f.* FROM feeds f JOIN guild_feeds g ON g.feed_id = f.id WHERE g.guild_id = ? ORDER BY f.id').all(guildId) as Row[]
    ).map(toFeed);
  }

  /** Returns false when the server already follows it. */
  /** Feeds a server follows that are not defaults: what MAX_FEEDS_PER_SERVER counts. */
  addedCount(guildId: string): number {
    return prep(this.db, 'SELECT count(*) FROM guild_feeds g JOIN feeds f ON f.id = g.feed_id WHERE g.guild_id = ? AND f.is_default = 0').pluck().get(guildId) as number;
  }

  addToGuild(guildId: string, feedId: number, by: string | null, now: number): boolean {
    return prep(this.db, 'INSERT OR IGNORE INTO guild_feeds(guild_id, feed_id, added_by, added_at) VALUES (?, ?, ?, ?)').run(guildId, feedId, by, now).changes > 0;
  }

  removeFromGuild(guildId: string, feedId: number): boolean {
    return prep(this.db, 'DELETE FROM guild_feeds WHERE guild_id = ? AND feed_id = ?').run(guildId, feedId).changes > 0;
  }

  /** Whether a server follows a feed (what it may be shown of that feed's items). */
  follows(guildId: string, feedId: number): boolean {
    return prep(this.db, 'SELECT 1 FROM guild_feeds WHERE guild_id = ? AND feed_id = ?').pluck().get(guildId, feedId) !== undefined;
  }
}

// Feeds on PostgreSQL: the same records and order as src/store/feeds.ts (SQLite), plus leases several pollers share.
import type { DefaultFeed, FeedStore, FeedSuccess } from '../api.js';
import type { Feed } from '../types.js';
import type { PgConn } from './connection.js';
import { toFeed } from '../records.js';


/** Feeds worth polling: defaults and those some server follows, not paused. */
const ACTIVE = 'f.paused_at IS NULL AND (f.is_default OR EXISTS (SELECT 1 FROM guild_feeds g WHERE g.feed_id = f.id))';

const byDue = (a: Feed, b: Feed): number => (a.nextPollAt ?? -Infinity) - (b.nextPollAt ?? -Infinity) || a.id - b.id;

export class PgFeedStore implements FeedStore {
  constructor(private readonly db: PgConn) {}

  async upsertDefaults(defaults: DefaultFeed[], now: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      let added = 0;
      for (const f of defaults) {
        // xmax = 0: the row was inserted by this statement, not updated.
        const r = await tx.one<{ inserted: boolean }>(
          `INSERT INTO feeds(url, title, language, interval_ms, is_default, created_at) VALUES ($1, $2, $3, $4, TRUE, $5)
           ON CONFLICT (url) DO UPDATE SET is_default = TRUE, title = COALESCE(feeds.title, EXCLUDED.title), interval_ms = EXCLUDED.interval_ms
           RETURNING (xmax = 0) AS inserted`,
          [f.url, f.title ?? null, f.language ?? null, f.intervalMs ?? null, now],
        );
        if (r?.inserted) added++;
      }
      return added;
    });
  }

  async ensure(url: string, now: number, title: string | null = null): Promise<Feed> {
    await this.db.run('INSERT INTO feeds(url, title, created_at) VALUES ($1, $2, $3) ON CONFLICT (url) DO NOTHING', [url, title, now]);
    return (await this.byUrl(url))!;
  }

  async byId(id: number): Promise<Feed | null> {
    const r = await this.db.one('SELECT * FROM feeds WHERE id = $1', [id]);
    return r ? toFeed(r) : null;
  }

  async byUrl(url: string): Promise<Feed | null> {
    const r = await this.db.one('SELECT * FROM feeds WHERE url = $1', [url]);
    return r ? toFeed(r) : null;
  }

  async all(): Promise<Feed[]> {
    return (await this.db.query('SELECT * FROM feeds ORDER BY id')).map(toFeed);
  }

  async active(): Promise<Feed[]> {
    return (await this.db.query(`SELECT * FROM feeds f WHERE ${ACTIVE} ORDER BY id`)).map(toFeed);
  }

  async due(now: number): Promise<Feed[]> {
    return (await this.active()).filter((f) => f.nextPollAt === null || f.nextPollAt <= now);
  }

  /** Due feeds leased to `owner`: rows another poller is leasing right now are skipped, never waited for. */
  async lease(owner: string, now: number, leaseMs: number, limit: number): Promise<Feed[]> {
    const rows = await this.db.query(
      `UPDATE feeds SET lease_owner = $1, lease_until = $2 WHERE id IN (
         SELECT f.id FROM feeds f WHERE ${ACTIVE}
           AND (f.next_poll_at IS NULL OR f.next_poll_at <= $3) AND (f.lease_until IS NULL OR f.lease_until <= $3)
         ORDER BY f.next_poll_at NULLS FIRST, f.id LIMIT $4
         FOR UPDATE OF f SKIP LOCKED)
       RETURNING *`,
      [owner, now + leaseMs, now, limit],
    );
    return rows.map(toFeed).sort(byDue);
  }

  /** Leases of pollers whose process lease expired: freed, so another poller takes their feeds at once. */
  async releaseOrphans(now: number): Promise<number> {
    return this.db.run(
      `UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.name = 'process:' || feeds.lease_owner AND l.expires_at > $1)`,
      [now],
    );
  }

  async release(id: number, owner: string): Promise<void> {
    await this.db.run('UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2', [id, owner]);
  }

  async recordSuccess(id: number, s: FeedSuccess): Promise<void> {
    await this.db.run(
      `UPDATE feeds SET etag = $1, last_modified = $2, body_hash = COALESCE($3, body_hash),
         title = COALESCE($4, title), site_url = COALESCE($5, site_url), language = COALESCE($6, language),
         last_item_count = COALESCE($7::integer, last_item_count), initialized = TRUE,
         next_poll_at = $8, last_polled_at = $9, last_success_at = $9, consecutive_failures = 0, last_error = NULL,
         lease_owner = NULL, lease_until = NULL
       WHERE id = $10`,
      [s.etag, s.lastModified, s.bodyHash, s.title ?? null, s.siteUrl ?? null, s.language ?? null, s.itemCount ?? null, s.nextPollAt, s.now, id],
    );
  }

  async readAgain(id: number, opts: { firstRun: boolean }): Promise<void> {
    await this.db.run(
      'UPDATE feeds SET etag = NULL, last_modified = NULL, body_hash = NULL, initialized = CASE WHEN $1::boolean THEN FALSE ELSE initialized END WHERE id = $2',
      [opts.firstRun, id],
    );
  }

  async recordUnchanged(id: number, nextPollAt: number, now: number): Promise<void> {
    await this.db.run(
      `UPDATE feeds SET next_poll_at = $1, last_polled_at = $2, last_success_at = $2, consecutive_failures = 0, last_error = NULL,
         lease_owner = NULL, lease_until = NULL WHERE id = $3`,
      [nextPollAt, now, id],
    );
  }

  async recordFailure(id: number, error: string, failures: number, nextPollAt: number, now: number): Promise<void> {
    await this.db.run(
      `UPDATE feeds SET last_error = $1, consecutive_failures = $2, next_poll_at = $3, last_polled_at = $4,
         lease_owner = NULL, lease_until = NULL WHERE id = $5`,
      [error, failures, nextPollAt, now, id],
    );
  }

  async pause(id: number, reason: string, now: number): Promise<void> {
    await this.db.run('UPDATE feeds SET paused_at = $1, paused_reason = $2, lease_owner = NULL, lease_until = NULL WHERE id = $3', [now, reason, id]);
  }

  async resume(id: number): Promise<void> {
    await this.db.run('UPDATE feeds SET paused_at = NULL, paused_reason = NULL, consecutive_failures = 0, next_poll_at = NULL WHERE id = $1', [id]);
  }

  async pollSoon(id: number): Promise<void> {
    await this.db.run('UPDATE feeds SET next_poll_at = NULL WHERE id = $1', [id]);
  }

  // ---- per-server feed lists

  async ensureGuildInitialised(guildId: string, now: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('INSERT INTO guild_settings(guild_id) VALUES ($1) ON CONFLICT DO NOTHING', [guildId]);
      // Locked, so two processes initialising one server at once copy the list once.
      const r = await tx.one<{ done: boolean }>('SELECT feeds_initialized AS done FROM guild_settings WHERE guild_id = $1 FOR UPDATE', [guildId]);
      if (r?.done) return;
      await tx.run(
        'INSERT INTO guild_feeds(guild_id, feed_id, added_by, added_at) SELECT $1, id, NULL, $2 FROM feeds WHERE is_default ON CONFLICT DO NOTHING',
        [guildId, now],
      );
      await tx.run('UPDATE guild_settings SET feeds_initialized = TRUE WHERE guild_id = $1', [guildId]);
    });
  }

  async forGuild(guildId: string): Promise<Feed[]> {
    return (await this.db.query('SELECT f.* FROM feeds f JOIN guild_feeds g ON g.feed_id = f.id WHERE g.guild_id = $1 ORDER BY f.id', [guildId])).map(toFeed);
  }

  async addedCount(guildId: string): Promise<number> {
    const r = await this.db.one<{ n: number }>(
      'SELECT count(*) AS n FROM guild_feeds g JOIN feeds f ON f.id = g.feed_id WHERE g.guild_id = $1 AND NOT f.is_default',
      [guildId],
    );
    return Number(r?.n ?? 0);
  }

  async addToGuild(guildId: string, feedId: number, by: string | null, now: number): Promise<boolean> {
    return (
      (await this.db.run('INSERT INTO guild_feeds(guild_id, feed_id, added_by, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [guildId, feedId, by, now])) > 0
    );
  }

  async removeFromGuild(guildId: string, feedId: number): Promise<boolean> {
    return (await this.db.run('DELETE FROM guild_feeds WHERE guild_id = $1 AND feed_id = $2', [guildId, feedId])) > 0;
  }

  async follows(guildId: string, feedId: number): Promise<boolean> {
    return (await this.db.one('SELECT 1 FROM guild_feeds WHERE guild_id = $1 AND feed_id = $2', [guildId, feedId])) !== null;
  }
}

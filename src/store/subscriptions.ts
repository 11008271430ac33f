// Channel subscriptions, server settings and once-only notices.
import type { Db } from './db.js';
import { DEFAULT_LANG, isLang, type Lang } from '../lang/languages.js';
import type { NewSubscription, Notice, NoticeBody, Subscription } from './types.js';
import { encodeList, prep } from './rows.js';
import { str, toSubscription, type Row } from './records.js';

export class SubscriptionRepo {
  constructor(private readonly db: Db) {}

  /**
   * One subscription per channel: subscribing again replaces its filters and revives a broken one. A channel is
   * changed only by the server it was subscribed in (null when another server holds it): the row's server never
   * changes, whatever channel id a request names.
   */
  upsert(s: NewSubscription, now: number): Subscription | null {
    prep(this.db,
      `INSERT INTO subscriptions(guild_id, channel_id, countries, themes, min_score, mode, digest_time, digest_timezone, digest_period, role_id, include_rehash, created_by, created_at)
       VALUES (@guildId, @channelId, @countries, @themes, @minScore, @mode, @digestTime, @digestTimezone, @digestPeriod, @roleId, @includeRehash, @createdBy, @now)
       ON CONFLICT(channel_id) DO UPDATE SET countries = excluded.countries, themes = excluded.themes,
         min_score = excluded.min_score, mode = excluded.mode, digest_time = excluded.digest_time, digest_timezone = excluded.digest_timezone,
         digest_period = excluded.digest_period, role_id = excluded.role_id, include_rehash = excluded.include_rehash,
         status = 'active', status_reason = NULL
       WHERE subscriptions.guild_id = excluded.guild_id`,
    )
      .run({
        guildId: s.guildId,
        channelId: s.channelId,
        countries: encodeList(s.countries ?? []),
        themes: encodeList(s.themes ?? []),
        minScore: s.minScore ?? 0,
        mode: s.mode ?? 'realtime',
        digestTime: s.digestTime ?? null,
        digestTimezone: s.digestTimezone ?? null,
        digestPeriod: s.digestPeriod ?? null,
        roleId: s.roleId ?? null,
        includeRehash: s.includeRehash ? 1 : 0,
        createdBy: s.createdBy ?? null,
        now,
      });
    return this.byChannel(s.guildId, s.channelId);
  }

  /** A server's subscription in one of its channels: looked up by both, never by the channel alone. */
  byChannel(guildId: string, channelId: string): Subscription | null {
    const r = prep(this.db, 'SELECT * FROM subscriptions WHERE guild_id = ? AND channel_id = ?').get(guildId, channelId) as Row | undefined;
    return r ? toSubscription(r) : null;
  }

  byId(id: number): Subscription | null {
    const r = prep(this.db, 'SELECT * FROM subscriptions WHERE id = ?').get(id) as Row | undefined;
    return r ? toSubscription(r) : null;
  }

  remove(guildId: string, channelId: string): boolean {
    return prep(this.db, 'DELETE FROM subscriptions WHERE guild_id = ? AND channel_id = ?').run(guildId, channelId).changes > 0;
  }

  forGuild(guildId: string): Subscription[] {
    return (prep(this.db, 'SELECT * FROM subscriptions WHERE guild_id = ? ORDER BY id').all(guildId) as Row[]).map(toSubscription);
  }

  all(): Subscription[] {
    return (prep(this.db, 'SELECT * FROM subscriptions ORDER BY id').all() as Row[]).map(toSubscription);
  }

  /** Active subscriptions in the servers that follow this feed. */
  forFeed(feedId: number): Subscription[] {
    return (
      // IN rather than a join: the same rows ((guild_id, feed_id) is guild_feeds' key), a quarter of the time.
      prep(this.db,
        `SELECT s.* FROM subscriptions s WHERE s.status = 'active'
         AND s.guild_id IN (SELECT guild_id FROM guild_feeds WHERE feed_id = ?) ORDER BY s.id`,
      )
        .all(feedId) as Row[]
    ).map(toSubscription);
  }

  digestSubscriptions(): Subscription[] {
    return (prep(this.db, "SELECT * FROM subscriptions WHERE mode = 'digest' AND status = 'active' ORDER BY id").all() as Row[]).map(toSubscription);
  }

  markBroken(id: number, reason: string): void {
    prep(this.db, "UPDATE subscriptions SET status = 'broken', status_reason = ? WHERE id = ?").run(reason, id);
  }

  setLastDigest(id: number, at: number): void {
    prep(this.db, 'UPDATE subscriptions SET last_digest_at = ? WHERE id = ?').run(at, id);
  }

  // ---- server settings

  /** The server's language; DEFAULT_LANG for a server that never chose one (or chose one we no longer speak). */
  language(guildId: string): Lang {
    const v = prep(this.db, 'SELECT language FROM guild_settings WHERE guild_id = ?').pluck().get(guildId);
    return isLang(v) ? v : DEFAULT_LANG;
  }

  setLanguage(guildId: string, language: Lang): void {
    prep(this.db, 'INSERT INTO guild_settings(guild_id, language) VALUES (?, ?) ON CONFLICT(guild_id) DO UPDATE SET language = excluded.language')
      .run(guildId, language);
  }

  // ---- notices told once

  /** Queue a notice; a key already used is ignored, which is what makes it "once". */
  addNotice(n: Notice, now: number): boolean {
    // The text column (NOT NULL since migration 1) is read only for kind 'legacy'.
    return prep(this.db, "INSERT OR IGNORE INTO notices(key, guild_id, channel_id, kind, params, text, created_at) VALUES (?, ?, ?, ?, ?, '', ?)")
      .run(n.key, n.guildId, n.channelId, n.kind, JSON.stringify(n.params), now).changes > 0;
  }

  pendingNotices(limit = 20): Notice[] {
    return (prep(this.db, "SELECT key, guild_id, channel_id, kind, params, text FROM notices WHERE status = 'pending' ORDER BY created_at LIMIT ?").all(limit) as Row[]).map((r) => {
      const where = { key: String(r.key), guildId: String(r.guild_id), channelId: str(r.channel_id) };
      if (r.kind === 'legacy') return { ...where, kind: 'legacy', params: { text: String(r.text) } };
      return { ...where, ...({ kind: String(r.kind), params: JSON.parse(String(r.params)) } as NoticeBody) };
    });
  }

  markNotice(key: string, status: 'sent' | 'failed', now: number): void {
    prep(this.db, 'UPDATE notices SET status = ?, sent_at = ? WHERE key = ?').run(status, now, key);
  }

  /** Forget a notice so that the same problem can be told again after it was fixed (feed resumed). */
  clearNotices(keyPrefix: string): void {
    prep(this.db, "DELETE FROM notices WHERE key LIKE ? ESCAPE '\\'").run(keyPrefix.replace(/[%_\\]/g, '\\$&') + '%');
  }
}

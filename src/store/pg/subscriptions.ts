// Channel subscriptions, server settings and once-only notices on PostgreSQL: the same semantics as
// src/store/subscriptions.ts (SQLite).
import type { SubscriptionStore } from '../api.js';
import { DEFAULT_LANG, isLang, type Lang } from '../../lang/languages.js';
import type { NewSubscription, Notice, NoticeBody, Subscription } from '../types.js';
import type { PgConn } from './connection.js';
import { str, toSubscription } from '../records.js';

/** What SQLite's space-separated encoding keeps of a list: its whitespace-free, non-empty words. */
const words = (l: readonly string[] | undefined): string[] => (l ?? []).join(' ').trim().split(/\s+/).filter(Boolean);

export class PgSubscriptionStore implements SubscriptionStore {
  constructor(private readonly db: PgConn) {}

  /**
   * One subscription per channel: subscribing again replaces its filters and revives a broken one. A channel is
   * changed only by the server it was subscribed in (null when another server holds it).
   */
  async upsert(s: NewSubscription, now: number): Promise<Subscription | null> {
    await this.db.run(
      `INSERT INTO subscriptions(guild_id, channel_id, countries, themes, min_score, mode, digest_time, digest_timezone, digest_period, role_id, include_rehash, created_by, created_at)
       VALUES ($1, $2, $3::text[], $4::text[], $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (channel_id) DO UPDATE SET countries = EXCLUDED.countries, themes = EXCLUDED.themes,
         min_score = EXCLUDED.min_score, mode = EXCLUDED.mode, digest_time = EXCLUDED.digest_time, digest_timezone = EXCLUDED.digest_timezone,
         digest_period = EXCLUDED.digest_period, role_id = EXCLUDED.role_id, include_rehash = EXCLUDED.include_rehash,
         status = 'active', status_reason = NULL
       WHERE subscriptions.guild_id = EXCLUDED.guild_id`,
      [
        s.guildId, s.channelId, words(s.countries), words(s.themes), s.minScore ?? 0, s.mode ?? 'realtime', s.digestTime ?? null,
        s.digestTimezone ?? null, s.digestPeriod ?? null, s.roleId ?? null, s.includeRehash === true, s.createdBy ?? null, now,
      ],
    );
    return this.byChannel(s.guildId, s.channelId);
  }

  async byChannel(guildId: string, channelId: string): Promise<Subscription | null> {
    const r = await this.db.one('SELECT * FROM subscriptions WHERE guild_id = $1 AND channel_id = $2', [guildId, channelId]);
    return r ? toSubscription(r) : null;
  }

  async byId(id: number): Promise<Subscription | null> {
    const r = await this.db.one('SELECT * FROM subscriptions WHERE id = $1', [id]);
    return r ? toSubscription(r) : null;
  }

  async remove(guildId: string, channelId: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM subscriptions WHERE guild_id = $1 AND channel_id = $2', [guildId, channelId])) > 0;
  }

  async forGuild(guildId: string): Promise<Subscription[]> {
    return (await this.db.query('SELECT * FROM subscriptions WHERE guild_id = $1 ORDER BY id', [guildId])).map(toSubscription);
  }

  async all(): Promise<Subscription[]> {
    return (await this.db.query('SELECT * FROM subscriptions ORDER BY id')).map(toSubscription);
  }

  async forFeed(feedId: number): Promise<Subscription[]> {
    return (
      await this.db.query(
        `SELECT s.* FROM subscriptions s WHERE s.status = 'active'
         AND s.guild_id IN (SELECT guild_id FROM guild_feeds WHERE feed_id = $1) ORDER BY s.id`,
        [feedId],
      )
    ).map(toSubscription);
  }

  async digestSubscriptions(): Promise<Subscription[]> {
    return (await this.db.query("SELECT * FROM subscriptions WHERE mode = 'digest' AND status = 'active' ORDER BY id")).map(toSubscription);
  }

  async markBroken(id: number, reason: string): Promise<void> {
    await this.db.run("UPDATE subscriptions SET status = 'broken', status_reason = $1 WHERE id = $2", [reason, id]);
  }

  async setLastDigest(id: number, at: number): Promise<void> {
    await this.db.run('UPDATE subscriptions SET last_digest_at = $1 WHERE id = $2', [at, id]);
  }

  // ---- server settings

  async language(guildId: string): Promise<Lang> {
    const r = await this.db.one<{ language: unknown }>('SELECT language FROM guild_settings WHERE guild_id = $1', [guildId]);
    const v = r?.language;
    return isLang(v) ? v : DEFAULT_LANG;
  }

  async setLanguage(guildId: string, language: Lang): Promise<void> {
    await this.db.run(
      'INSERT INTO guild_settings(guild_id, language) VALUES ($1, $2) ON CONFLICT (guild_id) DO UPDATE SET language = EXCLUDED.language',
      [guildId, language],
    );
  }

  // ---- notices told once

  async addNotice(n: Notice, now: number): Promise<boolean> {
    // The text column is read only for kind 'legacy'.
    return (
      (await this.db.run(
        "INSERT INTO notices(key, guild_id, channel_id, kind, params, text, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, '', $6) ON CONFLICT DO NOTHING",
        [n.key, n.guildId, n.channelId, n.kind, JSON.stringify(n.params), now],
      )) > 0
    );
  }

  async pendingNotices(limit = 20): Promise<Notice[]> {
    const rows = await this.db.query(
      "SELECT key, guild_id, channel_id, kind, params, text FROM notices WHERE status = 'pending' ORDER BY created_at, seq LIMIT $1",
      [limit],
    );
    return rows.map((r): Notice => {
      const where = { key: String(r.key), guildId: String(r.guild_id), channelId: str(r.channel_id) };
      if (r.kind === 'legacy') return { ...where, kind: 'legacy', params: { text: String(r.text) } };
      return { ...where, ...({ kind: String(r.kind), params: r.params } as NoticeBody) };
    });
  }

  async markNotice(key: string, status: 'sent' | 'failed', now: number): Promise<void> {
    await this.db.run('UPDATE notices SET status = $1, sent_at = $2 WHERE key = $3', [status, now, key]);
  }

  async clearNotices(keyPrefix: string): Promise<void> {
    await this.db.run("DELETE FROM notices WHERE key LIKE $1 ESCAPE '\\'", [keyPrefix.replace(/[%_\\]/g, '\\$&') + '%']);
  }
}

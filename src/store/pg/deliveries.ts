// The outbox on PostgreSQL: the same rows, order and nonces as src/store/deliveries.ts (SQLite).
import { randomBytes } from 'node:crypto';
import type { DeliveryStore, NewDelivery } from '../api.js';
import type { Delivery } from '../types.js';
import type { PgConn } from './connection.js';
import { num, toDelivery } from '../records.js';


/** Random bytes drawn 4 KiB at a time: one randomBytes call per nonce cost more than the insert it is for. */
const NONCE_BYTES = 16;
let noncePool = Buffer.alloc(0);
let nonceAt = 0;

/** Discord accepts a nonce of at most 25 characters; 16 random bytes in base64url is 22. */
function newNonce(): string {
  if (nonceAt + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(256 * NONCE_BYTES);
    nonceAt = 0;
  }
  const nonce = noncePool.toString('base64url', nonceAt, nonceAt + NONCE_BYTES);
  nonceAt += NONCE_BYTES;
  return nonce;
}

export class PgDeliveryStore implements DeliveryStore {
  constructor(private readonly db: PgConn) {}

  /** Returns false when this subscription already has this story (the unique key). */
  async enqueue(d: NewDelivery, now: number): Promise<boolean> {
    const n = await this.db.run(
      `INSERT INTO deliveries(subscription_id, story_id, item_id, channel_id, status, rehash, nonce, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (subscription_id, story_id) DO NOTHING`,
      [d.subscriptionId, d.storyId, d.itemId, d.channelId, d.status ?? 'pending', d.rehash ?? false, newNonce(), now],
    );
    return n > 0;
  }

  async pending(now: number, limit = 50): Promise<Delivery[]> {
    const rows = await this.db.query("SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT $2", [now, limit]);
    return rows.map(toDelivery);
  }

  async pendingCount(): Promise<number> {
    const r = await this.db.one("SELECT count(*) AS n FROM deliveries WHERE status = 'pending'");
    return Number(r?.n ?? 0);
  }

  async byId(id: number): Promise<Delivery | null> {
    const r = await this.db.one('SELECT * FROM deliveries WHERE id = $1', [id]);
    return r ? toDelivery(r) : null;
  }

  /** Count an attempt before sending, so a delivery that keeps crashing the poster is eventually given up. */
  async recordAttempt(id: number): Promise<number> {
    // NaN for an unknown id, as the SQLite store's Number(undefined).
    const r = await this.db.one('UPDATE deliveries SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts', [id]);
    return Number(r?.attempts);
  }

  async markSent(id: number, messageId: string, now: number): Promise<void> {
    await this.db.run("UPDATE deliveries SET status = 'sent', message_id = $1, sent_at = $2, last_error = NULL WHERE id = $3", [messageId, now, id]);
  }

  async retryLater(id: number, error: string, nextAttemptAt: number): Promise<void> {
    await this.db.run('UPDATE deliveries SET last_error = $1, next_attempt_at = $2 WHERE id = $3', [error, nextAttemptAt, id]);
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.db.run("UPDATE deliveries SET status = 'failed', last_error = $1 WHERE id = $2", [error, id]);
  }

  async skipPendingForSubscription(subscriptionId: number, reason: string): Promise<number> {
    return this.db.run("UPDATE deliveries SET status = 'skipped', last_error = $1 WHERE subscription_id = $2 AND status = 'pending'", [reason, subscriptionId]);
  }

  /** Only these subscriptions' posted messages of the story: another server's message is not touched. */
  async markStoryEdited(storyId: number, subscriptionIds: readonly number[]): Promise<number> {
    if (subscriptionIds.length === 0) return 0;
    return this.db.run("UPDATE deliveries SET edit_pending = true WHERE story_id = $1 AND status = 'sent' AND subscription_id = ANY($2::bigint[])", [
      storyId, [...subscriptionIds],
    ]);
  }

  async markEditPending(id: number): Promise<void> {
    await this.db.run("UPDATE deliveries SET edit_pending = true WHERE id = $1 AND status = 'sent'", [id]);
  }

  async forStory(storyId: number): Promise<{ id: number; subscriptionId: number; itemId: number }[]> {
    const rows = await this.db.query('SELECT id, subscription_id, item_id FROM deliveries WHERE story_id = $1', [storyId]);
    return rows.map((r) => ({ id: Number(r.id), subscriptionId: Number(r.subscription_id), itemId: Number(r.item_id) }));
  }

  async setItem(id: number, itemId: number): Promise<void> {
    await this.db.run('UPDATE deliveries SET item_id = $1 WHERE id = $2', [itemId, id]);
  }

  async pendingEdits(limit = 50): Promise<Delivery[]> {
    const rows = await this.db.query('SELECT * FROM deliveries WHERE edit_pending ORDER BY id LIMIT $1', [limit]);
    return rows.map(toDelivery);
  }

  async clearEdit(id: number): Promise<void> {
    await this.db.run('UPDATE deliveries SET edit_pending = false WHERE id = $1', [id]);
  }

  async sentCount(): Promise<number> {
    const r = await this.db.one("SELECT count(*) AS n FROM deliveries WHERE status = 'sent'");
    return Number(r?.n ?? 0);
  }

  // ---- flood control

  /** Messages the bot posted in a channel since a time (an overflow message counts once). */
  async messagesSince(channelId: string, since: number): Promise<number> {
    const r = await this.db.one("SELECT count(DISTINCT message_id) AS n FROM deliveries WHERE channel_id = $1 AND status = 'sent' AND sent_at >= $2", [channelId, since]);
    return Number(r?.n ?? 0);
  }

  async oldestSentSince(channelId: string, since: number): Promise<number | null> {
    const r = await this.db.one("SELECT min(sent_at) AS t FROM deliveries WHERE channel_id = $1 AND status = 'sent' AND sent_at >= $2", [channelId, since]);
    return num(r?.t);
  }

  async overflowSince(channelId: string, since: number): Promise<boolean> {
    const r = await this.db.one("SELECT 1 AS x FROM deliveries WHERE channel_id = $1 AND status = 'sent' AND overflow AND sent_at >= $2 LIMIT 1", [channelId, since]);
    return r !== null;
  }

  async pendingForChannel(channelId: string, now: number, limit = 200): Promise<Delivery[]> {
    const rows = await this.db.query(
      "SELECT * FROM deliveries WHERE channel_id = $1 AND status = 'pending' AND next_attempt_at <= $2 ORDER BY id LIMIT $3",
      [channelId, now, limit],
    );
    return rows.map(toDelivery);
  }

  /** Several deliveries covered by one message (an overflow list or a digest), in one statement. */
  async markSentMany(ids: number[], messageId: string, now: number, overflow: boolean): Promise<void> {
    if (ids.length === 0) return;
    await this.db.run(
      "UPDATE deliveries SET status = 'sent', message_id = $1, sent_at = $2, overflow = $3, edit_pending = false, last_error = NULL WHERE id = ANY($4::bigint[])",
      [messageId, now, overflow, ids],
    );
  }

  /** Hold a delivery until a time without counting an attempt (the channel's flood window is full). */
  async postpone(id: number, until: number): Promise<void> {
    await this.db.run('UPDATE deliveries SET next_attempt_at = $1 WHERE id = $2', [until, id]);
  }

  // ---- digests

  async forDigest(subscriptionId: number): Promise<Delivery[]> {
    const rows = await this.db.query("SELECT * FROM deliveries WHERE subscription_id = $1 AND status = 'digest' ORDER BY id", [subscriptionId]);
    return rows.map(toDelivery);
  }
}

// The outbox: what each subscription is owed, and what was posted (message id) so it is never posted twice.
import { randomBytes } from 'node:crypto';
import type { Db } from './db.js';
import type { Delivery } from './types.js';
import { prep } from './rows.js';
import { num, toDelivery, type Row } from './records.js';
import type { NewDelivery } from './api.js';

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

export class DeliveryRepo {
  constructor(private readonly db: Db) {}

  /** Returns false when this subscription already has this story (the unique key). */
  enqueue(d: NewDelivery, now: number): boolean {
    return (
      prep(this.db,
        `INSERT OR IGNORE INTO deliveries(subscription_id, story_id, item_id, channel_id, status, rehash, nonce, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
        .run(d.subscriptionId, d.storyId, d.itemId, d.channelId, d.status ?? 'pending', d.rehash ? 1 : 0, newNonce(), now).changes > 0
    );
  }

  pending(now: number, limit = 50): Delivery[] {
    return (
      prep(this.db, "SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?").all(now, limit) as Row[]
    ).map(toDelivery);
  }

  pendingCount(): number {
    return Number(prep(this.db, "SELECT count(*) FROM deliveries WHERE status = 'pending'").pluck().get());
  }

  byId(id: number): Delivery | null {
    const r = prep(this.db, 'SELECT * FROM deliveries WHERE id = ?').get(id) as Row | undefined;
    return r ? toDelivery(r) : null;
  }

  /** Count an attempt before sending, so a delivery that keeps crashing the poster is eventually given up. */
  recordAttempt(id: number): number {
    prep(this.db, 'UPDATE deliveries SET attempts = attempts + 1 WHERE id = ?').run(id);
    return Number(prep(this.db, 'SELECT attempts FROM deliveries WHERE id = ?').pluck().get(id));
  }

  markSent(id: number, messageId: string, now: number): void {
    prep(this.db, "UPDATE deliveries SET status = 'sent', message_id = ?, sent_at = ?, last_error = NULL WHERE id = ?").run(messageId, now, id);
  }

  retryLater(id: number, error: string, nextAttemptAt: number): void {
    prep(this.db, 'UPDATE deliveries SET last_error = ?, next_attempt_at = ? WHERE id = ?').run(error, nextAttemptAt, id);
  }

  markFailed(id: number, error: string): void {
    prep(this.db, "UPDATE deliveries SET status = 'failed', last_error = ? WHERE id = ?").run(error, id);
  }

  /** A subscription that cannot be posted to: its queued rows are dropped, with the reason kept. */
  skipPendingForSubscription(subscriptionId: number, reason: string): number {
    return prep(this.db, "UPDATE deliveries SET status = 'skipped', last_error = ? WHERE subscription_id = ? AND status = 'pending'").run(reason, subscriptionId).changes;
  }

  /**
   * A story gained a source: the messages posted for it to these subscriptions (those in servers that follow the
   * source's feed) need their "also reported by" line updated. Another server's message is not touched.
   */
  markStoryEdited(storyId: number, subscriptionIds: readonly number[]): number {
    // Looked up first: an UPDATE that matches nothing still cost ~20 µs after the item insert before it (a
    // story joined before it was ever posted, as in every cold cycle); the lookup costs ~1 µs.
    if (subscriptionIds.length === 0 || prep(this.db, "SELECT 1 FROM deliveries WHERE story_id = ? AND status = 'sent' LIMIT 1").get(storyId) === undefined) return 0;
    return prep(this.db, "UPDATE deliveries SET edit_pending = 1 WHERE story_id = ? AND status = 'sent' AND subscription_id IN (SELECT value FROM json_each(?))")
      .run(storyId, JSON.stringify(subscriptionIds)).changes;
  }

  /** One posted message needs re-rendering (an adopted post, or an edit to retry). */
  markEditPending(id: number): void {
    prep(this.db, "UPDATE deliveries SET edit_pending = 1 WHERE id = ? AND status = 'sent'").run(id);
  }

  /** Each subscription's delivery of a story, with the item its message shows. */
  forStory(storyId: number): { id: number; subscriptionId: number; itemId: number }[] {
    return (prep(this.db, 'SELECT id, subscription_id, item_id FROM deliveries WHERE story_id = ?').all(storyId) as Row[])
      .map((r) => ({ id: Number(r.id), subscriptionId: Number(r.subscription_id), itemId: Number(r.item_id) }));
  }

  /** The message shows another item (a fuller copy of the same text, from a feed its server follows). */
  setItem(id: number, itemId: number): void {
    prep(this.db, 'UPDATE deliveries SET item_id = ? WHERE id = ?').run(itemId, id);
  }

  pendingEdits(limit = 50): Delivery[] {
    return (prep(this.db, 'SELECT * FROM deliveries WHERE edit_pending = 1 ORDER BY id LIMIT ?').all(limit) as Row[]).map(toDelivery);
  }

  clearEdit(id: number): void {
    prep(this.db, 'UPDATE deliveries SET edit_pending = 0 WHERE id = ?').run(id);
  }

  sentCount(): number {
    return Number(prep(this.db, "SELECT count(*) FROM deliveries WHERE status = 'sent'").pluck().get());
  }

  // ---- flood control

  /** Messages the bot posted in a channel since a time (an overflow message counts once). */
  messagesSince(channelId: string, since: number): number {
    return Number(prep(this.db, "SELECT count(DISTINCT message_id) FROM deliveries WHERE channel_id = ? AND status = 'sent' AND sent_at >= ?").pluck().get(channelId, since));
  }

  oldestSentSince(channelId: string, since: number): number | null {
    return num(prep(this.db, "SELECT min(sent_at) FROM deliveries WHERE channel_id = ? AND status = 'sent' AND sent_at >= ?").pluck().get(channelId, since));
  }

  overflowSince(channelId: string, since: number): boolean {
    return prep(this.db, "SELECT 1 FROM deliveries WHERE channel_id = ? AND status = 'sent' AND overflow = 1 AND sent_at >= ? LIMIT 1").pluck().get(channelId, since) !== undefined;
  }

  pendingForChannel(channelId: string, now: number, limit = 200): Delivery[] {
    return (prep(this.db, "SELECT * FROM deliveries WHERE channel_id = ? AND status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?").all(channelId, now, limit) as Row[]).map(toDelivery);
  }

  /** Several deliveries covered by one message (an overflow list or a digest). */
  markSentMany(ids: number[], messageId: string, now: number, overflow: boolean): void {
    const stmt = prep(this.db, "UPDATE deliveries SET status = 'sent', message_id = ?, sent_at = ?, overflow = ?, edit_pending = 0, last_error = NULL WHERE id = ?");
    this.db.transaction(() => {
      for (const id of ids) stmt.run(messageId, now, overflow ? 1 : 0, id);
    })();
  }

  /** Hold a delivery until a time without counting an attempt (the channel's flood window is full). */
  postpone(id: number, until: number): void {
    prep(this.db, 'UPDATE deliveries SET next_attempt_at = ? WHERE id = ?').run(until, id);
  }

  // ---- digests

  forDigest(subscriptionId: number): Delivery[] {
    return (prep(this.db, "SELECT * FROM deliveries WHERE subscription_id = ? AND status = 'digest' ORDER BY id").all(subscriptionId) as Row[]).map(toDelivery);
  }
}

// Drains the outbox: posts each pending delivery once, records the message id, edits posts whose
// story gained sources, and tells a server once when one of its channels can no longer be posted to.
import type { Logger } from '../log.js';
import type { Clock } from '../clock.js';
import type { Store, Delivery, NoticeBody } from '../store/index.js';
import { buildStoryPost, collectDigest, type StoryPost } from './post.js';
import { digestDueAt } from './digest.js';
import { createHash } from 'node:crypto';
import type { Lang } from '../i18n.js';

/** The chat platform, seen from delivery. Implementations render the post themselves. */
export interface ChatSink {
  /** Post; the nonce makes a repeat of the same delivery return the first message instead of a new one. */
  sendStory(channelId: string, post: StoryPost, nonce: string): Promise<string>;
  /**
   * The message an earlier sendStory with this nonce posted, if the channel still shows it among its recent
   * messages; null if not found. The platform's own nonce check lasts minutes; this lasts as long as the post.
   */
  findStory(channelId: string, nonce: string): Promise<string | null>;
  /** Re-render a posted story; the nonce keeps the post recognisable by findStory. */
  editStory(channelId: string, messageId: string, post: StoryPost, nonce: string): Promise<void>;
  /** One message listing stories that did not fit the channel's flood cap. */
  sendOverflow(channelId: string, posts: StoryPost[], nonce: string): Promise<string>;
  /** A digest, split over as many messages as the platform's limits need; returns the first message id. */
  sendDigest(channelId: string, posts: StoryPost[], nonce: string, period: 'daily' | 'weekly'): Promise<string>;
  /**
   * Tell a server something (in the given channel when possible, else somewhere the bot may write), rendered by
   * the platform in the server's language.
   */
  notify(guildId: string, channelId: string | null, notice: NoticeBody, lang: Lang): Promise<void>;
}

export interface FloodPolicy {
  /** At most this many messages per channel per window; the rest is folded into one "N more stories" message. */
  cap: number;
  windowMs: number;
}

export const DEFAULT_FLOOD_POLICY: FloodPolicy = { cap: 10, windowMs: 10 * 60_000 };

/** The channel is gone or forbids the bot: retrying will not help. */
export class ChannelUnavailableError extends Error {
  override name = 'ChannelUnavailableError';
  constructor(readonly channelId: string, readonly reason: 'gone' | 'forbidden', detail: string) {
    super(`channel ${channelId} ${reason === 'gone' ? 'no longer exists' : 'does not let the bot post'} (${detail})`);
  }
}

/** The message to edit was deleted by someone: nothing to edit. */
export class MessageGoneError extends Error {
  override name = 'MessageGoneError';
}

const MAX_ATTEMPTS = 8;

export interface DrainReport {
  sent: number;
  retried: number;
  failed: number;
  edited: number;
  notices: number;
}

export class Dispatcher {
  private stopping = false;
  private running: Promise<DrainReport> | null = null;

  constructor(
    private readonly store: Store,
    private readonly sink: ChatSink,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly flood: FloodPolicy = DEFAULT_FLOOD_POLICY,
  ) {}

  /** Post everything due. A drain already running is joined, never doubled. */
  drain(): Promise<DrainReport> {
    if (this.running) return this.running;
    this.running = this.doDrain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Let the delivery in flight finish, then stop. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.running) await this.running.catch(() => undefined);
  }

  private async doDrain(): Promise<DrainReport> {
    const report: DrainReport = { sent: 0, retried: 0, failed: 0, edited: 0, notices: 0 };
    while (!this.stopping) {
      const batch = await this.store.deliveries.pending(this.clock.now(), 25);
      if (batch.length === 0) break;
      for (const d of batch) {
        if (this.stopping) break;
        const fresh = await this.store.deliveries.byId(d.id);
        if (fresh?.status !== 'pending' || fresh.nextAttemptAt > this.clock.now()) continue; // folded into an overflow message meanwhile
        if (await this.floodControlled(fresh, report)) continue;
        await this.deliver(fresh, report);
      }
    }
    // One batch of edits per drain: a failed edit keeps its flag and is retried at the next drain.
    for (const d of await this.store.deliveries.pendingEdits(50)) {
      if (this.stopping) break;
      await this.edit(d, report);
    }
    if (!this.stopping) report.notices = await this.sendNotices();
    if (report.sent || report.failed || report.edited) this.log.info(report, 'deliveries drained');
    return report;
  }

  /**
   * The channel's window is full: fold everything due there into one "N more stories" message,
   * or, when that was already done in this window, hold the rest until the window frees up.
   * Returns true when the delivery was handled here.
   */
  private async floodControlled(d: Delivery, report: DrainReport): Promise<boolean> {
    const now = this.clock.now();
    const since = now - this.flood.windowMs;
    if (await this.store.deliveries.messagesSince(d.channelId, since) < this.flood.cap) return false;
    if (await this.store.deliveries.overflowSince(d.channelId, since)) {
      const frees = (await this.store.deliveries.oldestSentSince(d.channelId, since) ?? now) + this.flood.windowMs;
      for (const p of await this.store.deliveries.pendingForChannel(d.channelId, now)) await this.store.deliveries.postpone(p.id, frees);
      return true;
    }
    const due = await this.store.deliveries.pendingForChannel(d.channelId, now);
    const posts: { d: Delivery; post: StoryPost }[] = [];
    for (const p of due) {
      const post = await this.postFor(p);
      if (post) posts.push({ d: p, post });
    }
    if (posts.length === 0) return false;
    const nonce = digestNonce('o', posts.map((x) => x.d.id).join(','));
    try {
      const messageId = await this.sink.sendOverflow(d.channelId, posts.map((x) => x.post), nonce);
      await this.store.deliveries.markSentMany(posts.map((x) => x.d.id), messageId, this.clock.now(), true);
      report.sent += posts.length;
      this.log.info({ channel: d.channelId, folded: posts.length }, 'flood cap reached; stories folded into one message');
    } catch (err) {
      await this.handleSendError(d, await this.store.deliveries.recordAttempt(d.id), err, report);
    }
    return true;
  }

  /** Send every digest that is due. Each covers the stories collected since the previous one. */
  async runDigests(): Promise<number> {
    let sent = 0;
    const now = this.clock.now();
    for (const sub of await this.store.subscriptions.digestSubscriptions()) {
      const dueAt = digestDueAt(sub);
      if (dueAt > now) continue;
      const { rows, posts } = await collectDigest(this.store, sub);
      if (posts.length > 0) {
        try {
          const messageId = await this.sink.sendDigest(sub.channelId, posts, digestNonce('g', `${sub.id}:${dueAt}`), sub.digestPeriod ?? 'daily');
          await this.store.deliveries.markSentMany(rows.map((r) => r.id), messageId, this.clock.now(), false);
          sent++;
        } catch (err) {
          if (err instanceof ChannelUnavailableError) await this.handleSendError(rows[0]!, MAX_ATTEMPTS, err, { sent: 0, retried: 0, failed: 0, edited: 0, notices: 0 });
          else this.log.warn({ subscription: sub.id, error: err instanceof Error ? err.message : String(err) }, 'digest failed; will retry next minute');
          continue;
        }
      }
      await this.store.subscriptions.setLastDigest(sub.id, now);
    }
    return sent;
  }

  private async postFor(d: Delivery): Promise<StoryPost | null> {
    const story = await this.store.stories.byId(d.storyId);
    const sub = await this.store.subscriptions.byId(d.subscriptionId);
    if (!story || !sub) return null;
    return buildStoryPost(this.store, story, { guildId: sub.guildId, itemId: d.itemId, rehash: d.rehash, language: await this.store.subscriptions.language(sub.guildId), roleId: sub.roleId });
  }

  private async deliver(d: Delivery, report: DrainReport): Promise<void> {
    const post = await this.postFor(d);
    if (!post) {
      await this.store.deliveries.markFailed(d.id, 'story or subscription no longer exists');
      return;
    }
    const attempts = await this.store.deliveries.recordAttempt(d.id);
    try {
      // An earlier attempt may have posted and crashed (or lost the answer) before recording the id. Discord's
      // nonce catches a re-send only for a few minutes; past that, the post is found in the channel and adopted.
      const earlier = d.attempts > 0 ? await this.findEarlier(d) : null;
      const messageId = earlier ?? (await this.sink.sendStory(d.channelId, post, d.nonce));
      await this.store.transaction(async (tx) => {
        await tx.deliveries.markSent(d.id, messageId, this.clock.now());
        // The post already shows every source known now.
        await tx.deliveries.clearEdit(d.id);
      });
      report.sent++;
      if (earlier) {
        this.log.info({ delivery: d.id, channel: d.channelId, message: earlier }, 'earlier post found in the channel; adopted instead of posting again');
        // It was rendered when first sent: bring it up to date (a failed edit is retried with the others).
        await this.sink.editStory(d.channelId, earlier, post, d.nonce).catch(() => this.store.deliveries.markEditPending(d.id));
      }
    } catch (err) {
      await this.handleSendError(d, attempts, err, report);
    }
  }

  /** A failed look-up (no Read Message History, an outage) is not a failed delivery: the send goes ahead. */
  private async findEarlier(d: Delivery): Promise<string | null> {
    try {
      return await this.sink.findStory(d.channelId, d.nonce);
    } catch (err) {
      this.log.warn({ delivery: d.id, channel: d.channelId, error: err instanceof Error ? err.message : String(err) }, 'could not look for an earlier post; sending again (the nonce still guards a re-send within minutes)');
      return null;
    }
  }

  private async handleSendError(d: Delivery, attempts: number, err: unknown, report: DrainReport): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof ChannelUnavailableError) {
      const sub = await this.store.subscriptions.byId(d.subscriptionId);
      await this.store.transaction(async (tx) => {
        await tx.deliveries.markFailed(d.id, message);
        if (!sub) return;
        await tx.subscriptions.markBroken(sub.id, message);
        await tx.deliveries.skipPendingForSubscription(sub.id, message);
        await tx.subscriptions.addNotice(
          {
            key: `channel-unavailable:${sub.id}:${sub.createdAt}`,
            guildId: sub.guildId,
            channelId: null,
            kind: 'channel-unavailable',
            params: { channelId: sub.channelId, reason: err.reason },
          },
          this.clock.now(),
        );
      });
      this.log.warn({ channel: d.channelId, subscription: d.subscriptionId, reason: err.reason }, 'subscription marked broken');
      report.failed++;
      return;
    }
    if (attempts >= MAX_ATTEMPTS) {
      await this.store.deliveries.markFailed(d.id, message);
      this.log.error({ delivery: d.id, attempts, error: message }, 'delivery given up');
      report.failed++;
      return;
    }
    const delay = Math.min(60 * 60_000, 30_000 * 2 ** (attempts - 1));
    await this.store.deliveries.retryLater(d.id, message, this.clock.now() + delay);
    this.log.warn({ delivery: d.id, attempts, retryInSec: delay / 1000, error: message }, 'delivery failed; will retry');
    report.retried++;
  }

  private async edit(d: Delivery, report: DrainReport): Promise<void> {
    const post = await this.postFor(d);
    if (!post || !d.messageId) {
      await this.store.deliveries.clearEdit(d.id);
      return;
    }
    try {
      await this.sink.editStory(d.channelId, d.messageId, post, d.nonce);
      await this.store.deliveries.clearEdit(d.id);
      report.edited++;
    } catch (err) {
      if (err instanceof MessageGoneError || err instanceof ChannelUnavailableError) {
        await this.store.deliveries.clearEdit(d.id);
        return;
      }
      // Edits are cosmetic: leave the flag set and try again at the next drain.
      this.log.warn({ delivery: d.id, error: err instanceof Error ? err.message : String(err) }, 'edit failed; will retry');
    }
  }

  private async sendNotices(): Promise<number> {
    let sent = 0;
    for (const n of await this.store.subscriptions.pendingNotices()) {
      try {
        await this.sink.notify(n.guildId, n.channelId, { kind: n.kind, params: n.params } as NoticeBody, await this.store.subscriptions.language(n.guildId));
        await this.store.subscriptions.markNotice(n.key, 'sent', this.clock.now());
        sent++;
      } catch (err) {
        await this.store.subscriptions.markNotice(n.key, 'failed', this.clock.now());
        this.log.warn({ guild: n.guildId, error: err instanceof Error ? err.message : String(err) }, 'notice could not be delivered');
      }
    }
    return sent;
  }
}

/** A deterministic nonce (≤ 25 characters) so that a retry after a crash returns the same message. */
function digestNonce(kind: string, key: string): string {
  return kind + createHash('sha256').update(key).digest('base64url').slice(0, 20);
}

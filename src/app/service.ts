// The facade commands talk to: every question a user can ask and every change they can make,
// in domain terms. Commands never see SQL, and this file never sees Discord.
import type { Store, Feed, Story, Subscription, NewSubscription, StoredItem, StorySource, StoryJoin, SearchHit } from '../store/index.js';
import type { Clock } from '../clock.js';
import type { CycleReport } from '../scheduler/poller.js';
import { listTopics } from '../topics/index.js';
import type { StoryFilter } from '../store/index.js';
import type { ArticleService } from '../pipeline/articles.js';
import { NotAnArticleError, PageError, storyLongSummary } from '../pipeline/articles.js';
import { discoverFeed, FeedDiscoveryError, type DiscoveredFeed } from '../pipeline/discover.js';
import type { TopicMatch } from '../topics/index.js';
import { buildStoryPost, collectDigest, type StoryPost } from '../delivery/post.js';
import { outletOf, storySeenBy } from '../delivery/view.js';
import { digestDueAt } from '../delivery/digest.js';
import { t, type Lang, type StringKey } from '../i18n.js';
import type { LoopDelay } from '../loop-delay.js';

/**
 * A failure the user can act on, shown as one line. Built from a string key, it is told in the member's
 * language; `message` is the English text (for logs). A plain message (an error from below) passes through.
 */
export class UserError extends Error {
  override name = 'UserError';

  constructor(message: string, private readonly localised?: { key: StringKey; vars: Record<string, string | number> }) {
    super(message);
  }

  static of(key: StringKey, vars: Record<string, string | number> = {}): UserError {
    return new UserError(t('en', key, vars), { key, vars });
  }

  in(lang: Lang): string {
    return this.localised ? t(lang, this.localised.key, this.localised.vars) : this.message;
  }
}

export interface ServiceOptions {
  userAgent: string;
  allowPrivateNetworks: boolean;
  /** Page fetching and summaries for /sahel summary; absent in contexts without network. */
  articles?: ArticleService;
  /** Feeds a server may add beyond the defaults (default 50). */
  maxFeedsPerServer?: number;
  /** /sahel summary runs at once in all (default 4); a member has one at a time. */
  summaryConcurrency?: number;
  /** The event-loop delay over the last minutes, for /sahel status (the runtime's monitor). */
  eventLoopDelay?: () => LoopDelay | null;
  /** The poll interval: /sahel status sums the cycles of the last one (default 10 minutes). */
  pollIntervalMs?: number;
}

/** What the polls of the last interval did. */
export interface PollWindow {
  minutes: number;
  polled: number;
  failed: number;
  items: number;
  stories: number;
}

export interface BotStatus {
  feeds: { total: number; healthy: number; failing: Feed[]; paused: Feed[] };
  items: number;
  stories: number;
  pendingDeliveries: number;
  sentDeliveries: number;
  lastCycle: CycleReport | null;
  pollWindow: PollWindow | null;
  nextPollAt: number | null;
  subscriptions: Subscription[];
  eventLoopDelay: LoopDelay | null;
  /** With several processes (PostgreSQL): whether a live process holds the story writer's and the sender's role. */
  processes: { storyWriter: boolean; sender: boolean } | null;
}

export const MAX_URL_LENGTH = 2048;
export const MAX_QUERY_LENGTH = 200;
export const DEFAULT_MAX_FEEDS_PER_SERVER = 50;
export const DEFAULT_SUMMARY_CONCURRENCY = 4;

export class SahelService {
  lastCycle: CycleReport | null = null;
  /** Cycles of the last poll interval, oldest first: each tick polls only the feeds due then. */
  private recentCycles: CycleReport[] = [];

  /** Called after each scheduler tick. */
  recordCycle(report: CycleReport): void {
    this.lastCycle = report;
    this.recentCycles.push(report);
    const since = report.finishedAt - (this.options.pollIntervalMs ?? 600_000);
    while (this.recentCycles.length && this.recentCycles[0]!.finishedAt < since) this.recentCycles.shift();
  }
  /** /sahel summary runs in flight, by member: one each, summaryConcurrency in all; more are told to retry. */
  private readonly summariesRunning = new Set<string>();

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly options: ServiceOptions) {}

  // ---- subscriptions

  /** A channel of this server; a channel another server subscribed is refused, never moved to this one. */
  async subscribe(input: NewSubscription): Promise<Subscription> {
    const now = this.clock.now();
    await this.store.feeds.ensureGuildInitialised(input.guildId, now);
    const sub = await this.store.subscriptions.upsert(input, now);
    if (!sub) throw UserError.of('channelOtherServer', { channel: input.channelId });
    return sub;
  }

  /**
   * What a new subscription will look like: the latest stored story it would have received, as its channel would
   * show it (never posted), and when the server's feeds are next checked.
   */
  async subscriptionPreview(sub: Subscription): Promise<{ post: StoryPost | null; nextPollAt: number | null }> {
    const lang = await this.store.subscriptions.language(sub.guildId);
    const candidates = await this.latest(sub.guildId, { countries: sub.countries, themes: sub.themes }, 5);
    const story = candidates.find((s) => s.score >= sub.minScore);
    const post = story ? await buildStoryPost(this.store, story, { guildId: sub.guildId, itemId: null, rehash: false, language: lang, roleId: null }) : null;
    const due = (await this.store.feeds.forGuild(sub.guildId)).flatMap((f) => (f.nextPollAt === null || f.pausedAt !== null ? [] : [f.nextPollAt]));
    return { post, nextPollAt: due.length ? Math.min(...due) : null };
  }

  unsubscribe(guildId: string, channelId: string): Promise<boolean> {
    return this.store.subscriptions.remove(guildId, channelId);
  }

  subscriptions(guildId: string): Promise<Subscription[]> {
    return this.store.subscriptions.forGuild(guildId);
  }

  subscription(guildId: string, channelId: string): Promise<Subscription | null> {
    return this.store.subscriptions.byChannel(guildId, channelId);
  }

  /** What the next digest of a channel's subscription would contain, ranked, as the server will receive it. */
  async previewDigest(guildId: string, channelId: string): Promise<{ dueAt: number; posts: StoryPost[] }> {
    const sub = await this.store.subscriptions.byChannel(guildId, channelId);
    if (!sub) throw UserError.of('noSubscription', { channel: channelId });
    if (sub.mode !== 'digest') throw UserError.of('notDigest', { channel: channelId });
    return { dueAt: digestDueAt(sub), posts: (await collectDigest(this.store, sub)).posts };
  }

  // ---- reading: a server reads only what the feeds it follows brought (see delivery/view.ts)

  async latest(guildId: string, filter: StoryFilter, count: number): Promise<Story[]> {
    await this.store.feeds.ensureGuildInitialised(guildId, this.clock.now());
    const out: Story[] = [];
    for (const s of await this.store.stories.latest({ ...filter, guildId }, count)) {
      const view = await storySeenBy(this.store, s, guildId);
      if (view) out.push(view.story);
    }
    return out;
  }

  async story(guildId: string, id: number): Promise<{ story: Story; sources: StorySource[] } | null> {
    const story = await this.store.stories.byId(id);
    const view = story ? await storySeenBy(this.store, story, guildId) : null;
    if (!view) return null;
    const seen = new Map(view.items.map((i) => [i.itemId, i]));
    // Only this server's sources, each named by its feed's title or its link's host: never a feed's URL.
    const sources = (await this.store.stories.sources(id)).flatMap((s) => (seen.has(s.itemId) ? [{ ...s, outlet: outletOf(seen.get(s.itemId)!), join: joinSeenBy(s.join, seen) }] : []));
    return { story: view.story, sources };
  }

  async item(guildId: string, id: number): Promise<StoredItem | null> {
    const item = await this.store.items.byId(id);
    return item && (await this.store.feeds.follows(guildId, item.feedId)) ? item : null;
  }

  async search(guildId: string, query: string, opts: { since?: number; limit?: number } = {}): Promise<SearchHit[]> {
    const q = query.trim();
    if (q.length === 0) throw UserError.of('searchEmptyQuery');
    if (q.length > MAX_QUERY_LENGTH) throw UserError.of('searchTooLong', { n: q.length, max: MAX_QUERY_LENGTH });
    await this.store.feeds.ensureGuildInitialised(guildId, this.clock.now());
    return this.store.items.search(q, { ...opts, guildId });
  }

  /** The topic evidence for a story (this server's first item of it) or an item, for /sahel why and the Why button. */
  async why(guildId: string, ref: { storyId?: number; itemId?: number }): Promise<{ item: StoredItem; match: TopicMatch }> {
    let item: StoredItem | null = null;
    if (ref.itemId !== undefined) item = await this.item(guildId, ref.itemId);
    else if (ref.storyId !== undefined) {
      const story = await this.store.stories.byId(ref.storyId);
      const view = story ? await storySeenBy(this.store, story, guildId) : null;
      if (view?.story.originalItemId) item = await this.store.items.byId(view.story.originalItemId);
    }
    if (!item) throw UserError.of(ref.itemId !== undefined ? 'noItemHint' : 'noStoryHint', { id: ref.itemId ?? ref.storyId ?? '' });
    const against = item.storyJoin?.against;
    const compared = against === undefined ? null : await this.store.items.byId(against);
    const visible = against === undefined || (compared !== null && (await this.store.feeds.follows(guildId, compared.feedId)));
    return { item: visible || !item.storyJoin ? item : { ...item, storyJoin: hideEvidence(item.storyJoin) }, match: item.topicMatch as TopicMatch };
  }

  /** A longer summary of a story from the text of the source this server is shown (the Summary button). */
  async longSummary(guildId: string, storyId: number): Promise<{ story: Story; summary: string }> {
    const found = await this.store.stories.byId(storyId);
    const story = found ? (await storySeenBy(this.store, found, guildId))?.story : undefined;
    if (!story) throw UserError.of('noStory', { id: storyId });
    const item = story.bestItemId ? await this.store.items.byId(story.bestItemId) : null;
    return { story, summary: storyLongSummary(story, item) };
  }

  /** /sahel summary: fetch any article and summarise it. Every failure is one line the user can act on. */
  async summariseUrl(rawUrl: string, memberId: string): Promise<{ title: string | null; summary: string; url: string }> {
    const url = validateHttpUrl(rawUrl);
    if (!this.options.articles) throw UserError.of('summariesUnavailable');
    // Busy is an answer, not a queue: a member who asks again, or a crowd, is told to retry in a minute.
    if (this.summariesRunning.has(memberId)) throw UserError.of('summaryBusyMember');
    if (this.summariesRunning.size >= (this.options.summaryConcurrency ?? DEFAULT_SUMMARY_CONCURRENCY)) throw UserError.of('summaryBusy');
    this.summariesRunning.add(memberId);
    try {
      const r = await this.options.articles.summariseUrl(url);
      return { title: r.title, summary: r.summary.text, url: r.finalUrl };
    } catch (err) {
      if (err instanceof PageError || err instanceof NotAnArticleError) throw new UserError(err.message);
      throw err;
    } finally {
      this.summariesRunning.delete(memberId);
    }
  }

  topics(): ReturnType<typeof listTopics> {
    return listTopics();
  }

  // ---- feeds

  async feeds(guildId: string): Promise<Feed[]> {
    await this.store.feeds.ensureGuildInitialised(guildId, this.clock.now());
    return this.store.feeds.forGuild(guildId);
  }

  /**
   * Validate the URL, fetch it once, and follow a page's <link rel="alternate"> to its feed.
   * Throws UserError with one line the user can act on.
   */
  async addFeed(guildId: string, rawUrl: string, by: string): Promise<{ feed: Feed; added: boolean; discoveredFrom: string | null }> {
    const url = validateHttpUrl(rawUrl);
    const now = this.clock.now();
    await this.store.feeds.ensureGuildInitialised(guildId, now);
    const known = await this.store.feeds.byUrl(url);
    if (known && (await this.store.feeds.follows(guildId, known.id))) return { feed: known, added: false, discoveredFrom: null };
    // Checked before any request, and again when the feed is recorded (another add may have finished meanwhile).
    await this.checkFeedCap(guildId);
    if (known) {
      const added = await this.store.feeds.addToGuild(guildId, known.id, by, now);
      return { feed: known, added, discoveredFrom: null };
    }
    const { feedUrl, discoveredFrom, title } = await this.discover(url);
    const found = await this.store.feeds.byUrl(feedUrl);
    if (found && (await this.store.feeds.follows(guildId, found.id))) return { feed: found, added: false, discoveredFrom };
    await this.checkFeedCap(guildId);
    const feed = await this.store.feeds.ensure(feedUrl, now, title);
    const added = await this.store.feeds.addToGuild(guildId, feed.id, by, now);
    await this.store.feeds.pollSoon(feed.id);
    return { feed, added, discoveredFrom };
  }

  /** A server follows at most maxFeedsPerServer feeds besides the defaults: one more is refused, nothing stored. */
  private async checkFeedCap(guildId: string): Promise<void> {
    const max = this.options.maxFeedsPerServer ?? DEFAULT_MAX_FEEDS_PER_SERVER;
    if ((await this.store.feeds.addedCount(guildId)) >= max) throw UserError.of('feedCapReached', { max });
  }

  /** The feed at or named by `url`, its failures told as one line the user can act on. */
  private async discover(url: string): Promise<DiscoveredFeed> {
    try {
      return await discoverFeed(url, { userAgent: this.options.userAgent, allowPrivateNetworks: this.options.allowPrivateNetworks });
    } catch (err) {
      if (!(err instanceof FeedDiscoveryError)) throw err;
      throw err.reason === 'unreachable' ? UserError.of('feedCouldNotAdd', { url, error: err.detail ?? '' }) : UserError.of('feedNotAFeed', { url });
    }
  }

  async removeFeed(guildId: string, urlOrId: string): Promise<Feed> {
    const feed = await this.findGuildFeed(guildId, urlOrId);
    await this.store.feeds.removeFromGuild(guildId, feed.id);
    return feed;
  }

  /** One followed feed, by number or URL, with its fetch state. */
  guildFeed(guildId: string, urlOrId: string): Promise<Feed> {
    return this.findGuildFeed(guildId, urlOrId);
  }

  async resumeFeed(guildId: string, urlOrId: string): Promise<Feed> {
    const feed = await this.findGuildFeed(guildId, urlOrId);
    await this.store.feeds.resume(feed.id);
    await this.store.subscriptions.clearNotices(`feed-paused:${feed.id}:`);
    return (await this.store.feeds.byId(feed.id))!;
  }

  private async findGuildFeed(guildId: string, urlOrId: string): Promise<Feed> {
    const feeds = await this.feeds(guildId);
    const trimmed = urlOrId.trim();
    const feed = feeds.find((f) => String(f.id) === trimmed || f.url === trimmed) ?? feeds.find((f) => f.url.replace(/\/+$/, '') === trimmed.replace(/\/+$/, ''));
    if (!feed) throw UserError.of('feedNotFollowed', { feed: trimmed.slice(0, 200) });
    return feed;
  }

  // ---- health

  async status(guildId: string | null): Promise<BotStatus> {
    const feeds = guildId ? await this.feeds(guildId) : await this.store.feeds.all();
    const paused = feeds.filter((f) => f.pausedAt !== null);
    const failing = feeds.filter((f) => f.pausedAt === null && f.consecutiveFailures > 0);
    return {
      feeds: { total: feeds.length, healthy: feeds.length - paused.length - failing.length, failing, paused },
      items: await this.store.items.count(),
      stories: await this.store.stories.count(),
      pendingDeliveries: await this.store.deliveries.pendingCount(),
      sentDeliveries: await this.store.deliveries.sentCount(),
      lastCycle: this.lastCycle,
      pollWindow: await this.pollWindow(),
      nextPollAt: (() => {
        const due = feeds.flatMap((f) => (f.nextPollAt === null || f.pausedAt !== null ? [] : [f.nextPollAt]));
        return due.length ? Math.min(...due) : null;
      })(),
      subscriptions: guildId ? await this.store.subscriptions.forGuild(guildId) : await this.store.subscriptions.all(),
      eventLoopDelay: this.options.eventLoopDelay?.() ?? null,
      processes: this.store.engine === 'postgres'
        ? { storyWriter: (await this.store.leases.holder('stories', Date.now())) !== null, sender: (await this.store.leases.holder('sender', Date.now())) !== null }
        : null,
    };
  }

  // The last full poll interval: every feed is polled once in it, whichever ticks did so.
  private async pollWindow(): Promise<PollWindow | null> {
    if (this.recentCycles.length === 0) return null;
    const minutes = Math.round((this.options.pollIntervalMs ?? 600_000) / 60_000);
    const since = this.clock.now() - minutes * 60_000;
    const cycles = this.recentCycles.filter((c) => c.finishedAt >= since);
    return {
      minutes,
      polled: cycles.reduce((n, c) => n + c.polled, 0),
      failed: cycles.reduce((n, c) => n + c.failed, 0),
      items: await this.store.items.countSince(since),
      stories: await this.store.stories.countSince(since),
    };
  }

  language(guildId: string): Promise<Lang> {
    return this.store.subscriptions.language(guildId);
  }

  setLanguage(guildId: string, lang: Lang): Promise<void> {
    return this.store.subscriptions.setLanguage(guildId, lang);
  }
}

/** http(s) only, bounded length, no credentials: everything else is refused before any request. */
export function validateHttpUrl(raw: string): string {
  const text = raw.trim();
  if (text.length === 0) throw UserError.of('urlEmpty');
  if (text.length > MAX_URL_LENGTH) throw UserError.of('urlTooLong', { n: text.length, max: MAX_URL_LENGTH });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw UserError.of('urlInvalid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw UserError.of('urlProtocol', { protocol: url.protocol.replace(':', '') });
  if (url.username || url.password) throw UserError.of('urlCredentials');
  url.hash = '';
  return url.toString();
}

/** Why an item joined, as a server may see it: the evidence only when the item it was compared with is its own. */
function joinSeenBy(join: StoryJoin | null, seen: ReadonlyMap<number, unknown>): StoryJoin | null {
  if (!join || join.against === undefined || seen.has(join.against)) return join;
  return hideEvidence(join);
}

function hideEvidence(join: StoryJoin): StoryJoin {
  return { reason: join.reason, similarity: 0, names: [], numbers: [], dates: [], kinds: [], hidden: true };
}

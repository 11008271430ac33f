// The one place the stages meet: a feed is fetched, its new items matched, clustered, summarised,
// stored and queued for delivery in one transaction per item.
import type { Logger } from '../log.js';
import type { Clock } from '../clock.js';
import type { Store, Feed, Repos, StoredItem, StoryJoin, Subscription } from '../store/index.js';
import type { FeedItem } from '../feeds/types.js';
import { fetchFeed, FeedError } from '../feeds/fetch.js';
import { matchTopics, RELEVANCE_THRESHOLD, type TopicMatch } from '../topics/index.js';
import { isTeaser } from '../articles/index.js';
import { canonicalUrl, joinEvidence } from '../stories/index.js';
import { routeToSubscription } from '../delivery/routing.js';
import { backoffDelay, nextSlot, PAUSE_AFTER_FAILURES } from '../scheduler/timing.js';
import type { StoryClusterer, StoryDecision, StoryDocument } from './stories.js';
import type { ArticleService, EnrichedArticle } from './articles.js';
import { NO_PAGES, type PageBudget, type PageGate } from './page-budget.js';

export interface PipelineOptions {
  userAgent: string;
  allowPrivateNetworks: boolean;
  pollIntervalMs: number;
  firstRunPostNewest: number;
  /** Whole-request deadline for one feed fetch; the HTTP client's default when absent. */
  fetchTimeoutMs?: number;
  /** Entries taken from a feed per poll, its newest; all when absent. */
  maxItemsPerPoll?: number;
}

export interface PipelineDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  stories: StoryClusterer;
  articles: ArticleService;
  options: PipelineOptions;
  /**
   * Whether this process files stories. Absent: it always does (one process). With several processes only the
   * holder of the story-writer lease does; the others store relevant items for it to file (fileAwaitingItems).
   */
  storyWriter?: StoryWriterRole;
}

/** The story-writer role as the pipeline sees it (pipeline/roles.ts keeps the lease). */
export interface StoryWriterRole {
  /** Whether this process holds the lease now. */
  holds(): boolean;
  /** Inside a filing transaction: renew the lease; false when another process took it (a fence). */
  fence(tx: Repos): Promise<boolean>;
}

export interface IngestedItem {
  itemId: number;
  title: string;
  link: string | null;
  relevant: boolean;
  countries: string[];
  themes: string[];
  storyId: number | null;
  joinedStory: boolean;
  rehash: boolean;
  summary: string | null;
  deliveries: number;
}

export interface PollOutcome {
  feedId: number;
  url: string;
  status: 'new' | 'first-run' | 'not-modified' | 'unchanged' | 'failed' | 'paused';
  items: IngestedItem[];
  error?: string;
}

/** What the feeds of one poll cycle share: the budget of article pages it may fetch. */
export interface PollCycle {
  pages: PageBudget;
}

export async function pollFeed(deps: PipelineDeps, feed: Feed, cycle?: PollCycle): Promise<PollOutcome> {
  const { store, clock, log, options } = deps;
  const interval = feed.intervalMs ?? options.pollIntervalMs;
  let result;
  try {
    result = await fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.lastModified, bodyHash: feed.bodyHash }, {
      userAgent: options.userAgent,
      allowPrivateNetworks: options.allowPrivateNetworks,
      now: clock.now(),
      ...(options.fetchTimeoutMs === undefined ? {} : { timeoutMs: options.fetchTimeoutMs }),
      ...(options.maxItemsPerPoll === undefined ? {} : { maxItems: options.maxItemsPerPoll }),
    });
  } catch (err) {
    return recordFailure(deps, feed, err);
  }
  const now = clock.now();
  if (result.kind !== 'parsed') {
    await store.feeds.recordUnchanged(feed.id, nextSlot(feed.url, interval, now), now);
    log.debug({ feed: feed.url, result: result.kind }, 'feed unchanged');
    return { feedId: feed.id, url: feed.url, status: result.kind, items: [] };
  }

  const firstRun = !feed.initialized;
  const parsed = result.feed;
  if (parsed.itemsLeftOut > 0) log.warn({ feed: feed.url, taken: parsed.items.length, leftOut: parsed.itemsLeftOut }, 'feed has more entries than are taken per poll; only the newest were read');
  const known = await store.items.knownIdentities(feed.id, parsed.items.map((i) => i.identity));
  const fresh = dedupeByIdentity(parsed.items.filter((i) => !known.has(i.identity)));
  // Oldest first, so that the earliest source of a story is stored as its original.
  fresh.sort((a, b) => (a.publishedAt ?? now) - (b.publishedAt ?? now));
  // Phase 1, asynchronous and slow: what each new item is about, its article text and summary.
  const understood: UnderstoodItem[] = [];
  // Items that could not be analysed or stored: the body is read again at the next poll to retry them.
  let failed = 0;
  for (const item of fresh) {
    await yieldSlice();
    try {
      // A first run posts none of its items (or only its newest few, read again below): no page of them is fetched.
      understood.push(await understandItem(deps, item, parsed.language, firstRun ? (cycle?.pages.firstRun ?? NO_PAGES) : cycle?.pages));
    } catch (err) {
      failed++;
      log.error({ feed: feed.url, item: item.identity, err }, 'item could not be analysed; retried at the next poll');
    }
  }
  // A first run posts only the newest N items about the Sahel: one about something else must not take a place.
  const postable = new Set(!firstRun ? fresh : newestRelevant(understood, options.firstRunPostNewest));
  if (firstRun && postable.size > 0) {
    // The few a first run posts have their pages read, like any new item.
    for (const [i, u] of understood.entries()) {
      if (!postable.has(u.item)) continue;
      try {
        understood[i] = await understandItem(deps, u.item, parsed.language, cycle?.pages);
      } catch (err) {
        log.warn({ feed: feed.url, item: u.item.identity, err }, 'item page not read; its feed text is used');
      }
    }
  }
  // Phase 2: cluster, store and queue, as many items as fit in a time slice in one transaction (a savepoint each),
  // the event loop free between slices. Deciding an item's story and writing it run as one exclusive step of the
  // story writer (StoryClusterer.exclusive, and across processes its lease and fence), so two concurrent polls can
  // never both open one story.
  const subscriptions = await store.subscriptions.forFeed(feed.id);
  const ingested: IngestedItem[] = [];
  for (let next = 0; next < understood.length; ) {
    await yieldSlice();
    const sliceEnd = sliceStart + SLICE_MS;
    const from = next;
    next = await deps.stories.exclusive(async () => {
      try {
        return await store.transaction(async () => {
          let i = from;
          for (; i < understood.length && (i === from || performance.now() < sliceEnd); i++) {
            const u = understood[i]!;
            try {
              ingested.push(await storeItem(deps, feed, u, postable.has(u.item), subscriptions));
            } catch (err) {
              if (err instanceof StoryLeaseLost) throw err;
              // One bad item must not cost the rest of the feed.
              failed++;
              log.error({ feed: feed.url, item: u.item.identity, err }, 'item could not be stored; retried at the next poll');
            }
          }
          return i;
        });
      } catch (err) {
        await deps.stories.rebuild(); // the index may hold stories the failed transaction did not keep
        throw err;
      }
    });
  }
  await store.transaction(async (tx) => {
    await tx.feeds.recordSuccess(feed.id, {
      etag: result.etag,
      lastModified: result.lastModified,
      bodyHash: result.bodyHash,
      title: parsed.title,
      siteUrl: parsed.siteUrl,
      language: parsed.language,
      itemCount: parsed.items.length,
      nextPollAt: nextSlot(feed.url, interval, now),
      now,
    });
    // Without validators or body hash the next poll reads the whole body, and the failed items are fresh again;
    // a first run stays one, so that they are not posted as news when they finally go in.
    if (failed > 0) await tx.feeds.readAgain(feed.id, { firstRun });
  });
  if (failed > 0) log.warn({ feed: feed.url, failed }, 'items failed; the feed is read in full at the next poll to retry them');
  if (feed.consecutiveFailures > 0) await store.subscriptions.clearNotices(`feed-paused:${feed.id}:`);
  log.info({ feed: feed.url, items: parsed.items.length, fresh: fresh.length, firstRun }, 'feed polled');
  return { feedId: feed.id, url: feed.url, status: firstRun ? 'first-run' : 'new', items: ingested };
}

// Feeds' items are worked through in slices of about this many ms, one slice per turn of the event loop for all
// polls together, with timers and I/O between them: a 50-item feed at ~0.5 ms an item, eight feeds at once,
// otherwise held every other member's command for half a second.
const SLICE_MS = 10;
let sliceStart = performance.now();
const waitingForSlice: Array<() => void> = [];
let pumping = false;

// One waiter a timer tick: setImmediate would run every waiting poll's slice back to back in one check phase.
function pumpSlices(): void {
  sliceStart = performance.now();
  waitingForSlice.shift()?.();
  if (waitingForSlice.length) setTimeout(pumpSlices, 0);
  else pumping = false;
}

/** Resolves at once while the shared slice lasts, else when this poll's turn comes after timers and I/O ran. */
async function yieldSlice(): Promise<void> {
  if (performance.now() - sliceStart < SLICE_MS) return;
  await new Promise<void>((resolve) => {
    waitingForSlice.push(resolve);
    if (!pumping) {
      pumping = true;
      setTimeout(pumpSlices, 0);
    }
  });
}

function dedupeByIdentity(items: FeedItem[]): FeedItem[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.identity) ? false : (seen.add(i.identity), true)));
}

/** The newest n relevant items of those understood (oldest first); none for 0 (slice(-0) would be all). */
function newestRelevant(understood: UnderstoodItem[], n: number): FeedItem[] {
  return n > 0 ? understood.filter((u) => u.topics.relevant).slice(-n).map((u) => u.item) : [];
}

interface UnderstoodItem {
  item: FeedItem;
  topics: TopicMatch;
  canonical: string | null;
  article: EnrichedArticle | null;
  lang: string | null;
}

// A teaser that scores at least this share of the relevance threshold is read on its page before it is judged:
// "Macron convoque cinq présidents africains" scores 2.8 on its teaser and 20.7 on its article.
const NEAR_THRESHOLD = 0.5;

async function understandItem(deps: PipelineDeps, item: FeedItem, feedLanguage: string | null, pages: PageGate | undefined): Promise<UnderstoodItem> {
  let topics: TopicMatch = { ...matchTopics({ title: item.title, text: item.text }), decidedOn: 'feed' };
  const canonical = item.link ? safeCanonical(item.link) : null;
  // Only Sahel items, and teasers close to being judged so, are worth a page fetch and a summary.
  const worthReading = topics.relevant || (isTeaser(item.text) && topics.score >= RELEVANCE_THRESHOLD * NEAR_THRESHOLD);
  let article = worthReading ? await deps.articles.enrich({ title: item.title, text: item.text, link: item.link, lang: feedLanguage, topics, ...(pages ? { pages } : {}) }) : null;
  if (article?.extracted) {
    // The article says more than its teaser: its match decides when it is at least as well founded.
    const onArticle = matchTopics({ title: item.title, text: article.text });
    if (onArticle.score >= topics.score) topics = { ...onArticle, decidedOn: 'article' };
  }
  if (!topics.relevant) article = null;
  return { item, topics, canonical, article, lang: article?.lang ?? feedLanguage };
}

/** The story writer lost its lease to another process mid-poll: what it was filing is left for the new one. */
export class StoryLeaseLost extends Error {
  override name = 'StoryLeaseLost';
}

/**
 * Store an understood item (inside the poll's slice transaction and the story writer's exclusive step). The story
 * writer files it in its story at once; another process stores a relevant item as awaiting its story, and the
 * writer files it (fileAwaitingItems).
 */
async function storeItem(deps: PipelineDeps, feed: Feed, u: UnderstoodItem, postable: boolean, subscriptions: Subscription[]): Promise<IngestedItem> {
  if (!u.topics.relevant) {
    // Kept only so it is not read again as new: one row, no story, nothing to queue.
    const itemId = await deps.store.items.insert({ ...newItemRow(feed.id, u, deps.clock.now()), fingerprint: null });
    return { ...ingestedOf(u, null), itemId, storyId: null, joinedStory: false, deliveries: 0 };
  }
  if (deps.storyWriter && !deps.storyWriter.holds()) {
    const now = deps.clock.now();
    const itemId = await deps.store.items.insert({ ...newItemRow(feed.id, u, now), fingerprint: null, awaitingStory: postable ? 'post' : 'quiet' });
    return { ...ingestedOf(u, null), itemId, storyId: null, joinedStory: false, deliveries: 0 };
  }
  return fileItem(deps, feed.id, u, null, deps.clock.now(), postable, subscriptions);
}

/** The stored row of an understood item (without its story). */
function newItemRow(feedId: number, u: UnderstoodItem, now: number) {
  const { item, topics, canonical, article } = u;
  return {
    feedId,
    identity: item.identity,
    title: item.title,
    text: item.text,
    link: item.link,
    canonicalUrl: canonical,
    author: item.author,
    publishedAt: item.publishedAt,
    fetchedAt: now,
    lang: u.lang,
    relevant: topics.relevant,
    score: topics.score,
    countries: topics.countries,
    themes: topics.themes,
    actors: topics.actors,
    topicMatch: topics,
    articleText: article?.extracted ? article.text : null,
    summary: article?.summary ?? null,
  };
}

function ingestedOf(u: UnderstoodItem, assignment: StoryDecision | null): Omit<IngestedItem, 'itemId' | 'storyId' | 'joinedStory' | 'deliveries'> {
  return {
    title: u.item.title,
    link: u.item.link,
    relevant: u.topics.relevant,
    countries: u.topics.countries,
    themes: u.topics.themes,
    rehash: assignment?.rehash ?? false,
    summary: u.article?.summary ?? null,
  };
}

/** An item a poller stored awaiting its story, as the pipeline understood it then. */
function understoodOf(row: StoredItem): UnderstoodItem {
  const topics = (row.topicMatch as TopicMatch | null) ?? { relevant: row.relevant, score: row.score, countries: row.countries, themes: row.themes, actors: row.actors, evidence: [] };
  return {
    item: { identity: row.identity, title: row.title, text: row.text, link: row.link, author: row.author, publishedAt: row.publishedAt } as FeedItem,
    topics,
    canonical: row.canonicalUrl,
    article: { text: row.articleText ?? row.text, extracted: row.articleText !== null, lang: row.lang, summary: row.summary },
    lang: row.lang,
  };
}

/**
 * The story writer's other half: file the relevant items that pollers without the lease stored, oldest first, as
 * it files its own. Returns how many were filed.
 */
export async function fileAwaitingItems(deps: PipelineDeps, limit = 200): Promise<number> {
  let filed = 0;
  // A feed's subscriptions, read once a pass.
  const subscribers = new Map<number, Promise<Subscription[]>>();
  // One pass over everything awaiting, a page at a time: an item that fails is logged and left for the next pass,
  // and never holds up the items after it.
  for (let after = 0; ; ) {
    if (deps.storyWriter && !deps.storyWriter.holds()) return filed;
    const waiting = await deps.store.items.awaitingStory(limit, after);
    if (waiting.length === 0) return filed;
    for (const { item: row, post } of waiting) {
      after = row.id;
      await yieldSlice();
      try {
        if (!subscribers.has(row.feedId)) subscribers.set(row.feedId, deps.store.subscriptions.forFeed(row.feedId));
        const subscriptions = await subscribers.get(row.feedId)!;
        const out = await deps.stories.exclusive(() => fileItem(deps, row.feedId, understoodOf(row), row.id, row.fetchedAt, post, subscriptions));
        if (out.storyId !== null) filed++;
        else deps.log.error({ item: row.id }, 'an item awaiting its story was not filed (not relevant on its stored match); left for the next pass');
      } catch (err) {
        if (err instanceof StoryLeaseLost) return filed;
        deps.log.error({ item: row.id, err }, 'an item awaiting its story could not be filed; retried at the next pass');
      }
    }
  }
}

/**
 * Decide an item's story and write it with its deliveries, in one transaction: a new item is inserted with its
 * story set; one stored awaiting its story (`storedId`) is filed. Runs inside StoryClusterer.exclusive.
 */
async function fileItem(deps: PipelineDeps, feedId: number, u: UnderstoodItem, storedId: number | null, now: number, postable: boolean, subscriptions: Subscription[]): Promise<IngestedItem> {
  const { store, stories } = deps;
  const { item, topics, article } = u;
  const doc = {
    title: item.title,
    text: article?.text ?? item.text,
    url: u.canonical,
    publishedAt: item.publishedAt ?? now,
  };
  const assignment = topics.relevant ? stories.assign(doc, now) : null;
  const fingerprint = assignment?.fingerprint ?? null;

  const outcome = await store.transaction(async (tx) => {
    if (assignment && deps.storyWriter && !(await deps.storyWriter.fence(tx))) throw new StoryLeaseLost('another process took the story writer role');
    // The item is written with its story already set: updating the (large) item row afterwards cost as much as
    // inserting it. A new story is created first and pointed at its first item once that has an id.
    const joined = assignment?.storyId != null;
    const story = joined ? await tx.stories.byId(assignment.storyId!) : null;
    const storyJoin = joined ? await explainJoin(tx, doc, assignment, story?.bestItemId ?? null) : null;
    const newStoryId = assignment && !joined
      ? await tx.stories.create({
        originalItemId: null,
        bestItemId: null,
        title: item.title,
        link: item.link,
        summary: article?.summary ?? null,
        countries: topics.countries,
        themes: topics.themes,
        score: topics.score,
        relevant: true,
        eventDate: assignment.eventDate,
        firstSeenAt: now,
        lastSeenAt: now,
      })
      : null;
    const storyId = assignment ? (assignment.storyId ?? newStoryId) : null;
    const serialised = fingerprint ? stories.serialise(fingerprint) : null;
    let itemId: number;
    if (storedId === null) {
      itemId = await tx.items.insert({ ...newItemRow(feedId, u, now), storyId, fingerprint: serialised, storyJoin });
    } else {
      itemId = storedId;
      if (storyId !== null && serialised) await tx.items.file(itemId, { storyId, fingerprint: serialised, join: storyJoin });
    }
    if (!assignment || storyId === null) return { itemId, storyId: null, joined: false, deliveries: 0 };

    if (!joined) {
      await tx.stories.setFirstItem(storyId, itemId);
    } else {
      // What the story shows (headline, link, summary) moves only to a fuller copy of the text it shows: another
      // report that joined, rightly or not, adds an outlet but never turns a posted message into another event.
      const fullerCopyOf = async (shownItemId: number | null): Promise<boolean> => {
        const shownLength = shownItemId ? await tx.items.textLength(shownItemId) : null;
        const shownFingerprint = shownItemId ? await tx.items.fingerprintOf(shownItemId) : null;
        return !!article && !!fingerprint && isBetterSource(article.text, shownLength) && (shownFingerprint === null || stories.sameText(fingerprint, shownFingerprint));
      };
      const better = article && (await fullerCopyOf(story?.bestItemId ?? null));
      await tx.stories.addSource(storyId, now, {
        ...(better ? { best: { itemId, title: item.title, link: item.link, summary: article.summary } } : {}),
        countries: union(story?.countries ?? [], topics.countries),
        themes: union(story?.themes ?? [], topics.themes),
        score: topics.score,
        relevant: true,
      });
      // Each server's messages show its own sources: only the messages of servers that follow this feed change,
      // and each shows this item only when it is a fuller copy of the text that message shows.
      const following = new Set(subscriptions.map((s) => s.id));
      const fuller = new Map<number, boolean>();
      for (const d of await tx.deliveries.forStory(storyId)) {
        if (!following.has(d.subscriptionId)) continue;
        if (!fuller.has(d.itemId)) fuller.set(d.itemId, await fullerCopyOf(d.itemId));
        if (fuller.get(d.itemId)) await tx.deliveries.setItem(d.id, itemId);
      }
      await tx.deliveries.markStoryEdited(storyId, [...following]);
    }

    let deliveries = 0;
    if (postable) {
      for (const sub of subscriptions) {
        const route = routeToSubscription(sub, topics, assignment.rehash);
        if (!route.deliver) continue;
        if (await tx.deliveries.enqueue({ subscriptionId: sub.id, storyId, itemId, channelId: sub.channelId, status: route.status, rehash: route.rehash }, now)) deliveries++;
      }
    }
    return { itemId, storyId, joined, deliveries };
  });
  // Filed after the item's transaction (or savepoint) succeeded; a slice transaction that then fails rebuilds the index.
  if (fingerprint && outcome.storyId !== null) stories.add(outcome.storyId, fingerprint);

  return { ...ingestedOf(u, assignment), itemId: outcome.itemId, storyId: outcome.storyId, joinedStory: outcome.joined, deliveries: outcome.deliveries };
}

/** Why an item joined its story, against the source the story shows: for /sahel story and /sahel why. */
async function explainJoin(tx: Repos, doc: StoryDocument, decision: StoryDecision, shownItemId: number | null): Promise<StoryJoin> {
  const shown = shownItemId === null ? null : await tx.items.byId(shownItemId);
  const evidence = shown
    ? joinEvidence(doc, { title: shown.title, text: shown.articleText ?? shown.text, url: shown.canonicalUrl, publishedAt: shown.publishedAt })
    : { names: [], numbers: [], dates: [], kinds: [] };
  return { reason: decision.reason, similarity: decision.similarity, ...evidence, ...(shown ? { against: shown.id } : {}) };
}

/** The cleanest, fullest text wins; the original keeps its place unless the new text is clearly fuller. */
function isBetterSource(text: string, bestLength: number | null): boolean {
  if (bestLength === null) return true;
  return text.length > bestLength * 1.5;
}

async function recordFailure(deps: PipelineDeps, feed: Feed, err: unknown): Promise<PollOutcome> {
  const { store, clock, log } = deps;
  const now = clock.now();
  const message = err instanceof Error ? err.message : String(err);
  const failures = feed.consecutiveFailures + 1;
  const retryAfter = err instanceof FeedError ? err.retryAfterMs : undefined;
  const delay = backoffDelay(failures, retryAfter);
  await store.feeds.recordFailure(feed.id, message, failures, now + delay, now);
  if (!(err instanceof FeedError)) log.error({ feed: feed.url, err }, 'unexpected error while polling');
  if (failures >= PAUSE_AFTER_FAILURES) {
    const reason = `${failures} failures in a row; last: ${message}`;
    await store.transaction(async (tx) => {
      await tx.feeds.pause(feed.id, reason, now);
      for (const sub of await tx.subscriptions.forFeed(feed.id)) {
        await tx.subscriptions.addNotice(
          {
            key: `feed-paused:${feed.id}:${sub.guildId}:${sub.channelId}`,
            guildId: sub.guildId,
            channelId: sub.channelId,
            kind: 'feed-paused',
            params: { feed: feed.title ?? feed.url, failures, error: message },
          },
          now,
        );
      }
    });
    log.warn({ feed: feed.url, failures, error: message }, 'feed paused after repeated failures');
    return { feedId: feed.id, url: feed.url, status: 'paused', items: [], error: message };
  }
  log.warn({ feed: feed.url, failures, retryInMin: Math.round(delay / 60_000), error: message }, 'feed poll failed; backing off');
  return { feedId: feed.id, url: feed.url, status: 'failed', items: [], error: message };
}

function safeCanonical(link: string): string | null {
  try {
    return canonicalUrl(link);
  } catch {
    return null;
  }
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

// The one place the stages meet: a feed is fetched, its new items matched, clustered, summarised,
// stored and queued for delivery in one transaction per item.
import type { Logger } from '../log.js';
import type { Clock } from '../clock.js';
import type { Store, Feed, StoryJoin, Subscription } from '../store/index.js';
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
    store.feeds.recordUnchanged(feed.id, nextSlot(feed.url, interval, now), now);
    log.debug({ feed: feed.url, result: result.kind }, 'feed unchanged');
    return { feedId: feed.id, url: feed.url, status: result.kind, items: [] };
  }

  const firstRun = !feed.initialized;
  const parsed = result.feed;
  if (parsed.itemsLeftOut > 0) log.warn({ feed: feed.url, taken: parsed.items.length, leftOut: parsed.itemsLeftOut }, 'feed has more entries than are taken per poll; only the newest were read');
  const known = store.items.knownIdentities(feed.id, parsed.items.map((i) => i.identity));
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
  // Phase 2, synchronous per item: cluster, store and queue in transactions of as many items as fit in a time
  // slice (a savepoint per item), the event loop free between slices. Nothing awaits between deciding an item's
  // story and filing it, so concurrent polls cannot both open one story.
  const subscriptions = store.subscriptions.forFeed(feed.id);
  const ingested: IngestedItem[] = [];
  for (let next = 0; next < understood.length; ) {
    await yieldSlice();
    const sliceEnd = sliceStart + SLICE_MS;
    try {
      next = store.transaction(() => {
        let i = next;
        for (; i < understood.length && (i === next || performance.now() < sliceEnd); i++) {
          const u = understood[i]!;
          try {
            ingested.push(storeItem(deps, feed, u, postable.has(u.item), subscriptions));
          } catch (err) {
            // One bad item must not cost the rest of the feed.
            failed++;
            log.error({ feed: feed.url, item: u.item.identity, err }, 'item could not be stored; retried at the next poll');
          }
        }
        return i;
      });
    } catch (err) {
      deps.stories.rebuild(); // the index may hold stories the failed transaction did not keep
      throw err;
    }
  }
  store.transaction(() => {
    store.feeds.recordSuccess(feed.id, {
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
    if (failed > 0) store.feeds.readAgain(feed.id, { firstRun });
  });
  if (failed > 0) log.warn({ feed: feed.url, failed }, 'items failed; the feed is read in full at the next poll to retry them');
  if (feed.consecutiveFailures > 0) store.subscriptions.clearNotices(`feed-paused:${feed.id}:`);
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

function storeItem(deps: PipelineDeps, feed: Feed, u: UnderstoodItem, postable: boolean, subscriptions: Subscription[]): IngestedItem {
  const { store, clock, stories } = deps;
  const { item, topics, canonical, article } = u;
  const now = clock.now();
  const doc = {
    title: item.title,
    text: article?.text ?? item.text,
    url: canonical,
    publishedAt: item.publishedAt ?? now,
  };
  const assignment = topics.relevant ? stories.assign(doc, now) : null;
  const fingerprint = assignment?.fingerprint ?? null;

  const outcome = store.transaction(() => {
    // The item is written with its story already set: updating the (large) item row afterwards cost as much as
    // inserting it. A new story is created first and pointed at its first item once that has an id.
    const joined = assignment?.storyId != null;
    const story = joined ? store.stories.byId(assignment.storyId!) : null;
    const storyJoin = joined ? explainJoin(deps, doc, assignment, story?.bestItemId ?? null) : null;
    const newStoryId = assignment && !joined
      ? store.stories.create({
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
    const itemId = store.items.insert({
      feedId: feed.id,
      identity: item.identity,
      storyId,
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
      fingerprint: fingerprint ? stories.serialise(fingerprint) : null,
      storyJoin,
    });
    if (!assignment || storyId === null) return { itemId, storyId: null, joined: false, deliveries: 0 };

    if (!joined) {
      store.stories.setFirstItem(storyId, itemId);
    } else {
      // The item is already linked, so the story's source count includes it. What the story shows (headline,
      // link, summary) moves only to a fuller copy of the text it shows: another report that joined, rightly or
      // not, adds an outlet but never turns a posted message into another event.
      const fullerCopyOf = (shownItemId: number | null): boolean => {
        const shownLength = shownItemId ? store.items.textLength(shownItemId) : null;
        const shownFingerprint = shownItemId ? store.items.fingerprintOf(shownItemId) : null;
        return !!article && !!fingerprint && isBetterSource(article.text, shownLength) && (shownFingerprint === null || stories.sameText(fingerprint, shownFingerprint));
      };
      const better = article && fullerCopyOf(story?.bestItemId ?? null);
      store.stories.addSource(storyId, now, {
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
      for (const d of store.deliveries.forStory(storyId)) {
        if (!following.has(d.subscriptionId)) continue;
        if (!fuller.has(d.itemId)) fuller.set(d.itemId, fullerCopyOf(d.itemId));
        if (fuller.get(d.itemId)) store.deliveries.setItem(d.id, itemId);
      }
      store.deliveries.markStoryEdited(storyId, [...following]);
    }

    let deliveries = 0;
    if (postable) {
      for (const sub of subscriptions) {
        const route = routeToSubscription(sub, topics, assignment.rehash);
        if (!route.deliver) continue;
        if (store.deliveries.enqueue({ subscriptionId: sub.id, storyId, itemId, channelId: sub.channelId, status: route.status, rehash: route.rehash }, now)) deliveries++;
      }
    }
    return { itemId, storyId, joined, deliveries };
  });
  if (fingerprint && outcome.storyId !== null) stories.add(outcome.storyId, fingerprint);

  return {
    itemId: outcome.itemId,
    title: item.title,
    link: item.link,
    relevant: topics.relevant,
    countries: topics.countries,
    themes: topics.themes,
    storyId: outcome.storyId,
    joinedStory: outcome.joined,
    rehash: assignment?.rehash ?? false,
    summary: article?.summary ?? null,
    deliveries: outcome.deliveries,
  };
}

/** Why an item joined its story, against the source the story shows: for /sahel story and /sahel why. */
function explainJoin(deps: PipelineDeps, doc: StoryDocument, decision: StoryDecision, shownItemId: number | null): StoryJoin {
  const shown = shownItemId === null ? null : deps.store.items.byId(shownItemId);
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

function recordFailure(deps: PipelineDeps, feed: Feed, err: unknown): PollOutcome {
  const { store, clock, log } = deps;
  const now = clock.now();
  const message = err instanceof Error ? err.message : String(err);
  const failures = feed.consecutiveFailures + 1;
  const retryAfter = err instanceof FeedError ? err.retryAfterMs : undefined;
  const delay = backoffDelay(failures, retryAfter);
  store.feeds.recordFailure(feed.id, message, failures, now + delay, now);
  if (!(err instanceof FeedError)) log.error({ feed: feed.url, err }, 'unexpected error while polling');
  if (failures >= PAUSE_AFTER_FAILURES) {
    const reason = `${failures} failures in a row; last: ${message}`;
    store.transaction(() => {
      store.feeds.pause(feed.id, reason, now);
      for (const sub of store.subscriptions.forFeed(feed.id)) {
        store.subscriptions.addNotice(
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

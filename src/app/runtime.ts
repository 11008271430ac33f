// Assembles the Discord-free core: store, default feeds, story index, pipeline, poller and service.
// main.ts adds Discord on top; the poll CLI and the benchmarks use it as it is.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CoreConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Clock } from '../clock.js';
import { openStore, type DefaultFeed, type Feed, type Store } from '../store/index.js';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Role } from '../config.js';
import { RoleLease } from '../scheduler/roles.js';
import { fileAwaitingItems, pollFeed, type PipelineDeps, type PollCycle, type PollOutcome } from '../pipeline/ingest.js';
import { PageBudget } from '../pipeline/page-budget.js';
import { pruneArchive } from '../pipeline/retention.js';
import type { Pruned } from '../store/index.js';
import { createStoryClusterer } from '../pipeline/stories.js';
import { createArticleService, type ArticleService } from '../pipeline/articles.js';
import { CpuPool } from '../pipeline/cpu-pool.js';
import { Poller, type CycleReport } from '../scheduler/poller.js';
import { SahelService } from './service.js';
import { LoopDelayMonitor } from '../loop-delay.js';

const feedsFileSchema = z.object({
  feeds: z.array(z.object({
    url: z.url(),
    title: z.string().optional(),
    language: z.string().optional(),
    /** This feed's own poll interval (a slow publisher, a busy wire), instead of POLL_INTERVAL_MINUTES. */
    intervalMinutes: z.number().min(2).max(1440).optional(),
  })).max(5000),
});


export function loadDefaultFeeds(path: string): DefaultFeed[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`FEEDS_FILE ${path} could not be read as JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const parsed = feedsFileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`FEEDS_FILE ${path}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  return parsed.data.feeds.map((f) => ({ url: f.url, title: f.title ?? null, language: f.language ?? null, intervalMs: f.intervalMinutes === undefined ? null : f.intervalMinutes * 60_000 }));
}

export interface Runtime {
  store: Store;
  articles: ArticleService;
  pipeline: PipelineDeps;
  service: SahelService;
  poller: Poller<PollOutcome, PollCycle>;
  /** What this process does (config.roles), and the leases of the roles one process holds at a time. */
  roles: ReadonlySet<Role>;
  /** This process's name in leases: host, pid and a random part. */
  owner: string;
  storyWriter: RoleLease | null;
  sender: RoleLease | null;
  /** Start the roles' background work: the story writer's lease and filing loop, the sender's lease. */
  startRoles(): Promise<void>;
  /** The retention job (daily in the bot): delete items and stories last seen more than RETENTION_DAYS ago. */
  prune(): Promise<Pruned>;
  close(): Promise<void>;
}

/** How often the story writer looks for items other pollers stored awaiting their story. */
const FILING_INTERVAL_MS = 1000;

export async function createRuntime(
  config: CoreConfig,
  log: Logger,
  clock: Clock,
  opts: { fetchPages?: boolean; afterCycle?: (report: CycleReport) => Promise<void> | void } = {},
): Promise<Runtime> {
  const store = await openStore(config.database);
  try {
    const added = await store.feeds.upsertDefaults(loadDefaultFeeds(config.feedsFile), clock.now());
    if (added) log.info({ added }, 'default feeds added');
    const roles = config.roles;
    const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const stories = await createStoryClusterer(store, { rehashDays: config.rehashDays });
    // With every role in one process over SQLite, nothing else files stories: no lease is needed. Otherwise the
    // story writer is elected, and takes over with an index rebuilt from the stored fingerprints.
    const shared = store.engine === 'postgres';
    const storyWriter = shared && roles.has('stories')
      ? new RoleLease(store, log, { name: 'stories', owner, ttlMs: config.roleLeaseMs, onAcquire: () => stories.exclusive(() => stories.rebuild()) })
      : null;
    // One try now, so that a process alone on the database (npm run poll, a test) files its own items at once;
    // startRoles keeps it renewed.
    await storyWriter?.tick();
    // A poller's heartbeat: while it renews this, its feed leases hold; once it stops (a crash, a kill), any
    // poller frees them (releaseOrphans) and polls its feeds, a few seconds later rather than FEED_LEASE_SECONDS.
    const heartbeat = shared && roles.has('poller') ? new RoleLease(store, log, { name: `process:${owner}`, owner, ttlMs: config.roleLeaseMs }) : null;
    const sender = shared && roles.has('sender') ? new RoleLease(store, log, { name: 'sender', owner, ttlMs: config.roleLeaseMs }) : null;
    const pool = new CpuPool();
    // How late the event loop runs, over the last 10 minutes: shown by /sahel status.
    const loopDelay = new LoopDelayMonitor({ windowMinutes: 10 }).start();
    const articles = createArticleService({
      pool,
      userAgent: config.userAgent,
      allowPrivateNetworks: config.allowPrivateNetworks,
      fetchPages: opts.fetchPages ?? config.fetchArticlePages,
      llm: config.llm ? { ...config.llm, language: config.summaryLanguage } : null,
      log,
    });
    const pipeline: PipelineDeps = {
      store,
      clock,
      log,
      stories,
      articles,
      options: {
        userAgent: config.userAgent,
        allowPrivateNetworks: config.allowPrivateNetworks,
        pollIntervalMs: config.pollIntervalMs,
        firstRunPostNewest: config.firstRunPostNewest,
        maxItemsPerPoll: config.maxItemsPerPoll,
      },
      // A process without the role (or a standby) stores relevant items for the elected writer to file.
      ...(shared ? { storyWriter: { holds: () => storyWriter?.holds() ?? false, fence: (tx) => storyWriter?.fence(tx) ?? Promise.resolve(false) } } : {}),
    };
    const service = new SahelService(store, clock, {
      userAgent: config.userAgent,
      allowPrivateNetworks: config.allowPrivateNetworks,
      articles,
      maxFeedsPerServer: config.maxFeedsPerServer,
      summaryConcurrency: config.summaryConcurrency,
      eventLoopDelay: () => loopDelay.read(),
      pollIntervalMs: config.pollIntervalMs,
    });
    // One filing pass at a time, whether a poll cycle ended or the timer fired: two would file one item twice.
    let closing = false;
    let filing: Promise<unknown> | null = null;
    const fileAwaiting = (): Promise<unknown> => {
      filing ??= (async () => {
        for (let n = -1; n !== 0 && !closing; ) n = await fileAwaitingItems(pipeline);
      })()
        .catch((err: unknown) => log.error({ err }, 'filing awaiting items failed'))
        .finally(() => (filing = null));
      return filing;
    };
    let lastSweep = 0;
    const poller = new Poller<PollOutcome, PollCycle>(
      {
        // Pollers lease the feeds they poll: no feed is polled by two processes at once; a dead poller's lease
        // expires and its feeds are polled by another.
        // One process alone on its SQLite file needs no lease.
        dueFeeds: async (now) => {
          if (!shared) return store.feeds.due(now);
          // Dead pollers' leases are looked for once per process-lease length, not at every batch.
          if (Date.now() - lastSweep >= config.roleLeaseMs) {
            lastSweep = Date.now();
            const freed = await store.feeds.releaseOrphans(lastSweep);
            if (freed > 0) log.info({ feeds: freed }, 'feeds leased by a poller that is gone were freed');
          }
          return store.feeds.lease(owner, now, config.feedLeaseMs, config.pollConcurrency * LEASE_BATCH_PER_SLOT);
        },
        ...(shared ? { skipped: (feed: Feed) => store.feeds.release(feed.id, owner) } : {}),
        beginCycle: () => ({ pages: new PageBudget(config.pageFetches) }),
        pollFeed: (feed, cycle) => pollFeed(pipeline, feed, cycle),
        isFailure: (o) => o.status === 'failed' || o.status === 'paused',
        afterCycle: async (report, cycle) => {
          const { pages } = cycle;
          if (pages.skippedTotal > 0) log.info({ fetched: pages.fetched, skipped: pages.skipped }, 'article pages not fetched this cycle (budget); their feed text was summarised');
          service.recordCycle(report);
          if (storyWriter?.holds()) await fileAwaiting();
          await opts.afterCycle?.(report);
        },
        now: () => clock.now(),
        log,
      },
      { cron: config.schedulerCron, hostConcurrency: config.hostConcurrency, pollConcurrency: config.pollConcurrency },
    );
    let filingTimer: NodeJS.Timeout | null = null;
    return {
      store,
      articles,
      pipeline,
      service,
      poller,
      roles,
      owner,
      storyWriter,
      sender,
      async startRoles() {
        await heartbeat?.start();
        await sender?.start();
        if (!storyWriter) return;
        await storyWriter.start();
        filingTimer = setInterval(() => {
          if (storyWriter.holds()) void fileAwaiting();
        }, FILING_INTERVAL_MS);
        filingTimer.unref();
      },
      prune: () => pruneArchive({ store, stories, log }, clock.now(), config.retentionMs),
      async close() {
        closing = true;
        if (filingTimer) clearInterval(filingTimer);
        await poller.stop();
        await filing;
        await storyWriter?.stop();
        await sender?.stop();
        await heartbeat?.stop();
        await pool.close();
        loopDelay.stop();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** Feeds a poller leases at a time, per poll slot: it leases the next batch when this one is done. */
const LEASE_BATCH_PER_SLOT = 4;

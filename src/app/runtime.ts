// Assembles the Discord-free core: store, default feeds, story index, pipeline, poller and service.
// main.ts adds Discord on top; the poll CLI and the benchmarks use it as it is.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { CoreConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Clock } from '../clock.js';
import { Store } from '../store/index.js';
import { pollFeed, type PipelineDeps, type PollCycle, type PollOutcome } from '../pipeline/ingest.js';
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

export type DefaultFeed = { url: string; title: string | null; language: string | null; intervalMs: number | null };

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
  /** The retention job (daily in the bot): delete items and stories last seen more than RETENTION_DAYS ago. */
  prune(): Promise<Pruned>;
  close(): Promise<void>;
}

export function createRuntime(config: CoreConfig, log: Logger, clock: Clock, opts: { fetchPages?: boolean; afterCycle?: (report: CycleReport) => Promise<void> | void } = {}): Runtime {
  const store = Store.open(config.databasePath);
  try {
    const added = store.feeds.upsertDefaults(loadDefaultFeeds(config.feedsFile), clock.now());
    if (added) log.info({ added }, 'default feeds added');
    const stories = createStoryClusterer(store, { rehashDays: config.rehashDays });
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
    const poller = new Poller<PollOutcome, PollCycle>(
      {
        dueFeeds: (now) => store.feeds.due(now),
        beginCycle: () => ({ pages: new PageBudget(config.pageFetches) }),
        pollFeed: (feed, cycle) => pollFeed(pipeline, feed, cycle),
        isFailure: (o) => o.status === 'failed' || o.status === 'paused',
        afterCycle: async (report, cycle) => {
          const { pages } = cycle;
          if (pages.skippedTotal > 0) log.info({ fetched: pages.fetched, skipped: pages.skipped }, 'article pages not fetched this cycle (budget); their feed text was summarised');
          service.recordCycle(report);
          await opts.afterCycle?.(report);
        },
        now: () => clock.now(),
        log,
      },
      { cron: config.schedulerCron, hostConcurrency: config.hostConcurrency, pollConcurrency: config.pollConcurrency },
    );
    return {
      store,
      articles,
      pipeline,
      service,
      poller,
      prune: () => pruneArchive({ store, stories, log }, clock.now(), config.retentionMs),
      async close() {
        await poller.stop();
        await pool.close();
        loopDelay.stop();
        store.close();
      },
    };
  } catch (err) {
    store.close();
    throw err;
  }
}

// The real pipeline stages over a store, for tests: no page fetches, no LLM, loopback feeds allowed.
import { beforeEach, afterEach } from 'vitest';
import { Writable } from 'node:stream';
import type { Store } from '../src/store/index.js';
import { openTestStore } from './store.js';
import { ManualClock, type Clock } from '../src/clock.js';
import { createLogger, silentLogger, type Logger } from '../src/log.js';
import { startFeedServer, type FeedServer } from './feed-server.js';
import type { PipelineDeps, PipelineOptions } from '../src/pipeline/ingest.js';
import { createStoryClusterer } from '../src/pipeline/stories.js';
import { createArticleService } from '../src/pipeline/articles.js';

export async function testPipelineDeps(store: Store, clock: Clock, log: Logger, options: Partial<PipelineOptions> = {}): Promise<PipelineDeps> {
  return {
    store,
    clock,
    log,
    stories: await createStoryClusterer(store, { rehashDays: 7 }),
    articles: createArticleService({ userAgent: 'SahelWatchTest/1', allowPrivateNetworks: true, fetchPages: false, llm: null, log }),
    options: { userAgent: 'SahelWatchTest/1', allowPrivateNetworks: true, pollIntervalMs: 600_000, firstRunPostNewest: 0, ...options },
  };
}

/** A logger at `level` whose JSON lines are parsed and pushed onto `lines`, for tests that assert what was logged. */
export function capturingLogger(lines: Array<Record<string, unknown>>, level = 'info'): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return createLogger(level, [], sink);
}

export interface PipelineFixture {
  server: FeedServer;
  /** On the run's engine (test/store.ts): a SQLite file, or a PostgreSQL database in the project "postgres". */
  store: Store;
  clock: ManualClock;
  deps: PipelineDeps;
  /** The log lines, parsed, when the fixture captures the log (`captureLog`); else empty. */
  lines: Array<Record<string, unknown>>;
}

export interface PipelineFixtureOptions {
  /** Log at info into `lines` instead of a silent log. */
  captureLog?: boolean;
  options?: Partial<PipelineOptions>;
}

/**
 * Before each test: a feed server, a store in a fresh temp dir (sahel-<name>-…), a ManualClock at `t0` and the
 * pipeline over them with a silent log (or one captured into `lines`); the store and the server are closed after each test. Read the fields
 * inside the tests.
 */
export function usePipelineFixture(name: string, t0: number, opts: PipelineFixtureOptions = {}): PipelineFixture {
  const fx = {} as PipelineFixture;
  beforeEach(async () => {
    fx.server = await startFeedServer();
    fx.store = await openTestStore(name);
    fx.clock = new ManualClock(t0);
    fx.lines = [];
    fx.deps = await testPipelineDeps(fx.store, fx.clock, opts.captureLog ? capturingLogger(fx.lines) : silentLogger(), opts.options);
  });
  afterEach(async () => {
    await fx.store.close();
    await fx.server.close();
  });
  return fx;
}

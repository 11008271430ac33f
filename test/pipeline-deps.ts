// The real pipeline stages over a store, for tests: no page fetches, no LLM, loopback feeds allowed.
import { Writable } from 'node:stream';
import type { Store } from '../src/store/index.js';
import type { Clock } from '../src/clock.js';
import { createLogger, type Logger } from '../src/log.js';
import type { PipelineDeps, PipelineOptions } from '../src/pipeline/ingest.js';
import { createStoryClusterer } from '../src/pipeline/stories.js';
import { createArticleService } from '../src/pipeline/articles.js';

export function testPipelineDeps(store: Store, clock: Clock, log: Logger, options: Partial<PipelineOptions> = {}): PipelineDeps {
  return {
    store,
    clock,
    log,
    stories: createStoryClusterer(store, { rehashDays: 7 }),
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

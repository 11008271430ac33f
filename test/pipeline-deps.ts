// The real pipeline stages over a store, for tests: no page fetches, no LLM, loopback feeds allowed.
import type { Store } from '../src/store/index.js';
import type { Clock } from '../src/clock.js';
import type { Logger } from '../src/log.js';
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

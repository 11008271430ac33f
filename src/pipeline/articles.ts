// Article text and summary for an item: the feed text when it is full, else the page's extracted text;
// then the configured summariser (extractive, or an LLM with the extractive one as fallback).
import type { Logger } from '../log.js';
import type { TopicMatch } from '../topics/index.js';
import type { Story, StoredItem } from '../store/index.js';
import { fetchPage } from '../articles/fetch.js';
import { extractArticle, isTeaser, cleanArticleText } from '../articles/index.js';
import { summarize, type Summary } from '../summaries/index.js';
import { detectLanguage } from '../lang/detect.js';
import type { Lang } from '../lang/languages.js';
import { createLlmSummarizer } from '../summaries/llm.js';
import { PoolBusyError, TaskTimeoutError, type CpuPool } from './cpu-pool.js';
import type { PageGate } from './page-budget.js';

export interface EnrichInput {
  title: string;
  text: string;
  link: string | null;
  lang: string | null;
  topics: TopicMatch | null;
  /** Asked before the page is fetched (the poll cycle's budget); absent: fetched whenever the text is a teaser. */
  pages?: PageGate;
}

export interface EnrichedArticle {
  text: string;
  /** True when the text came from the article page rather than the feed. */
  extracted: boolean;
  lang: string | null;
  summary: string | null;
}

export interface ArticleService {
  enrich(input: EnrichInput): Promise<EnrichedArticle>;
  /** On demand (/sahel summary): fetch, extract and summarise any article URL. Throws PageError. */
  summariseUrl(url: string): Promise<{ title: string | null; text: string; summary: Summary; finalUrl: string }>;
  /** An article already in hand (npm run summarize), through the configured summariser. */
  summariseArticle(article: { id: string; title: string; text: string; lang: string | null }): Promise<Summary>;
}

export { PageError } from '../articles/fetch.js';

export interface ArticleServiceOptions {
  userAgent: string;
  allowPrivateNetworks: boolean;
  /** Fetch pages for teaser-only feed items (off in benchmarks and the offline CLI). */
  fetchPages: boolean;
  llm: { baseUrl: string; apiKey: string | undefined; model: string; language: 'source' | Lang } | null;
  log: Logger;
  /**
   * Worker threads for extraction and long summaries, with a time budget; without one (unit tests, benches of
   * the stages) everything runs on the caller's thread.
   */
  pool?: CpuPool;
}

// A feed text this short is summarised on the calling thread (well under a millisecond); longer texts and every
// page go to the worker pool, so no text or page, however built, can hold the event loop.
const INLINE_TEXT_CHARS = 16_000;

export function createArticleService(opts: ArticleServiceOptions): ArticleService {
  const llm = opts.llm
    ? createLlmSummarizer({ baseUrl: opts.llm.baseUrl, apiKey: opts.llm.apiKey, model: opts.llm.model, language: opts.llm.language, log: (m) => opts.log.warn(m) })
    : null;
  const pageOpts = { userAgent: opts.userAgent, allowPrivateNetworks: opts.allowPrivateNetworks };

  async function summariseText(id: string, title: string, text: string, lang: string | null, topics: string[]): Promise<Summary> {
    if (llm) return llm.summarize({ id, title, text, lang });
    if (opts.pool && text.length > INLINE_TEXT_CHARS) return opts.pool.summarize({ title, text, lang, topics });
    return summarize({ title, text, lang, topics });
  }

  const extract = (html: string, url: string) => (opts.pool ? opts.pool.extract(html, url) : Promise.resolve(extractArticle(html, url)));

  return {
    async enrich(input) {
      let text = cleanArticleText(input.text);
      let extracted = false;
      if (opts.fetchPages && input.link && isTeaser(text) && (input.pages?.take(input.link) ?? true)) {
        try {
          const page = await fetchPage(input.link, pageOpts);
          const article = await extract(page.html, page.finalUrl);
          if (article && article.wordCount > text.split(/\s+/).length) {
            text = article.text;
            extracted = true;
          }
        } catch (err) {
          opts.log.debug({ url: input.link, error: err instanceof Error ? err.message : String(err) }, 'article page not used; summarising the feed text');
        }
      }
      const lang = input.lang?.slice(0, 2) ?? detectLanguage(text);
      const topics = input.topics ? [...input.topics.countries, ...input.topics.actors, ...input.topics.themes] : [];
      let summary: Summary | null = null;
      try {
        summary = text.trim() ? await summariseText(input.link ?? input.title, input.title, text, lang, topics) : null;
      } catch (err) {
        // A text that cannot be summarised in time is stored and posted without a summary, not lost.
        if (!(err instanceof TaskTimeoutError || err instanceof PoolBusyError)) throw err;
        opts.log.warn({ url: input.link, error: err.message }, 'item summarised without its text');
      }
      return { text, extracted, lang, summary: summary?.text || null };
    },

    async summariseUrl(url) {
      const page = await fetchPage(url, pageOpts);
      const article = await extract(page.html, page.finalUrl);
      if (!article || article.wordCount < 60) throw new NotAnArticleError(url);
      const summary = await summariseText(page.finalUrl, article.title ?? '', article.text, article.lang, []);
      return { title: article.title, text: article.text, summary, finalUrl: page.finalUrl };
    },

    summariseArticle(article) {
      return summariseText(article.id, article.title, article.text, article.lang, []);
    },
  };
}

/**
 * A story's long summary (the Summary button): six sentences at most from the stored text of the item shown
 * (the article if it was read, else the feed text), extractive and on the calling thread; without text, the
 * story's own summary, or its title.
 */
export function storyLongSummary(
  story: Pick<Story, 'title' | 'summary' | 'countries' | 'themes'>,
  item: Pick<StoredItem, 'articleText' | 'text' | 'lang'> | null,
): string {
  const text = item?.articleText ?? item?.text ?? '';
  const summary = text.trim()
    ? summarize({ title: story.title, text, lang: item?.lang ?? null, topics: [...story.countries, ...story.themes] }, { maxSentences: 6, maxChars: 1800 }).text
    : (story.summary ?? '');
  return summary || story.title;
}

/** A page or file with no article in it; `source` names it (a URL or a path). */
export class NotAnArticleError extends Error {
  override name = 'NotAnArticleError';
  constructor(source: string, why = 'does not look like an article (no main text found): it may be a home page, a video or behind a paywall.') {
    super(`${source} ${why}`);
  }
}

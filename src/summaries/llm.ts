// Optional LLM summaries through any OpenAI-compatible /v1/chat/completions (OpenAI, Ollama, llama.cpp,
// vLLM). The model sees the extracted text only, capped; any failure falls back to the extractive summary.
import { detectLanguage } from '../lang/detect.js';
import { splitSentences } from '../lang/segment.js';
import { isLang, type Lang } from '../lang/languages.js';
import { packOf } from '../lang/packs.js';
import { summarize as summarizeExtractive } from './summarize.js';
import type { Summary } from './summarize.js';

export interface LlmSummarizerConfig {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** 'source' answers in the article's language; 'en' or 'fr' translates. */
  language: 'source' | Lang;
  timeoutMs?: number;
  maxInputChars?: number;
  log?: (msg: string) => void;
}

export interface LlmDocument {
  id: string;
  title: string;
  text: string;
  lang?: string | null;
}

export interface LlmSummarizer {
  summarize(doc: LlmDocument): Promise<Summary>;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_INPUT_CHARS = 12_000;
/** A summary must fit an embed description alongside the link; longer answers are cut at a sentence. */
const MAX_SUMMARY_CHARS = 700;
const MIN_SUMMARY_CHARS = 40;
const CACHE_ENTRIES = 500;

type FailureKind = 'timeout' | 'network' | 'http' | 'junk';

class LlmFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

export function createLlmSummarizer(cfg: LlmSummarizerConfig): LlmSummarizer {
  const endpoint = completionsUrl(cfg.baseUrl);
  const timeoutMs = cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxInputChars = cfg.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  const cache = new Map<string, Summary>();
  const inFlight = new Map<string, Promise<Summary>>();
  const reported = new Set<FailureKind>();

  const report = (failure: LlmFailure): void => {
    if (reported.has(failure.kind)) return;
    reported.add(failure.kind);
    const detail = cfg.apiKey ? failure.message.split(cfg.apiKey).join('***') : failure.message;
    cfg.log?.(`LLM summaries from ${endpoint} (model ${cfg.model}) failed: ${detail}; using extractive summaries instead (further ${failure.kind} failures are not logged)`);
  };

  const summarizeOnce = async (doc: LlmDocument): Promise<Summary> => {
    const sourceLang = doc.lang?.slice(0, 2).toLowerCase() || detectLanguage(doc.text);
    const targetLang = cfg.language === 'source' ? sourceLang : cfg.language;
    try {
      const answer = await complete(endpoint, cfg, timeoutMs, prompt(doc, targetLang, maxInputChars));
      const summary = summaryFromAnswer(answer, targetLang);
      remember(cache, cacheKey(doc.id, cfg), summary);
      return summary;
    } catch (err) {
      report(err instanceof LlmFailure ? err : new LlmFailure('network', err instanceof Error ? err.message : String(err)));
      return summarizeExtractive({ title: doc.title, text: doc.text, lang: sourceLang });
    }
  };

  return {
    summarize(doc) {
      const key = cacheKey(doc.id, cfg);
      const cached = cache.get(key);
      if (cached) {
        remember(cache, key, cached);
        return Promise.resolve(cached);
      }
      const pending = inFlight.get(key);
      if (pending) return pending;
      const request = summarizeOnce(doc).finally(() => inFlight.delete(key));
      inFlight.set(key, request);
      return request;
    },
  };
}

function cacheKey(id: string, cfg: LlmSummarizerConfig): string {
  return `${id}\u0000${cfg.model}\u0000${cfg.language}`;
}

/** Least-recently-used: a Map iterates in insertion order, so re-inserting marks an entry as fresh. */
function remember(cache: Map<string, Summary>, key: string, summary: Summary): void {
  cache.delete(key);
  cache.set(key, summary);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
}

function completionsUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (base.endsWith('/chat/completions')) return base;
  return base.endsWith('/v1') ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
}

interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

function prompt(doc: LlmDocument, targetLang: string | null, maxInputChars: number): ChatMessage[] {
  const language = targetLang ? (isLang(targetLang) ? packOf(targetLang).name : targetLang) : "the article's own language";
  return [
    {
      role: 'system',
      content:
        `You summarise news articles for a Discord channel that follows the African Sahel. ` +
        `Write two or three plain sentences in ${language}, at most ${MAX_SUMMARY_CHARS - 100} characters in all: who did what, where and when, with the key numbers. ` +
        `Use only facts stated in the article. No preamble, no opinion, no markdown, no bullet points.`,
    },
    { role: 'user', content: `Title: ${doc.title}\n\nArticle:\n${capText(doc.text, maxInputChars)}` },
  ];
}

/** The text up to the cap, cut at the last paragraph or sentence end before it. */
function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = text.slice(0, maxChars);
  const cut = Math.max(head.lastIndexOf('\n'), head.lastIndexOf('. '));
  return cut > maxChars / 2 ? head.slice(0, cut + 1) : head;
}

async function complete(endpoint: string, cfg: LlmSummarizerConfig, timeoutMs: number, messages: ChatMessage[]): Promise<string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cfg.apiKey) headers.authorization = `Bearer ${cfg.apiKey}`;
  let response: Response;
  let body: string;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: cfg.model, messages, temperature: 0.2, max_tokens: 400, stream: false }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = await response.text();
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') throw new LlmFailure('timeout', `no answer within ${timeoutMs} ms`);
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    throw new LlmFailure('network', `${err instanceof Error ? err.message : String(err)}${cause}`);
  }
  if (!response.ok) throw new LlmFailure('http', `HTTP ${response.status} ${response.statusText}`.trim());
  let content: unknown;
  try {
    content = (JSON.parse(body) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content;
  } catch {
    throw new LlmFailure('junk', `the answer is not JSON (${body.length} bytes)`);
  }
  if (typeof content !== 'string') throw new LlmFailure('junk', 'the answer has no choices[0].message.content');
  return content;
}

function summaryFromAnswer(answer: string, lang: string | null): Summary {
  const text = answer
    // Reasoning models put their thoughts in <think> blocks; chatty ones announce the summary.
    .replace(/<think>[\s\S]*?<\/think>/gi, '')
    .replace(/^\s*(?:here(?: is|'s) (?:a |the )?summary[^:\n]*:|summary\s*:|résumé\s*:|voici (?:un |le )?résumé[^:\n]*:)\s*/i, '')
    .replace(/[*_#`>]+/g, '')
    .replace(/^\s*[-•]\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length < MIN_SUMMARY_CHARS || !/\p{L}{3}/u.test(text) || /^[[{<]/.test(text)) {
    throw new LlmFailure('junk', `the answer is not a summary (${text.length} characters after cleanup)`);
  }
  const sentences: string[] = [];
  let chars = 0;
  for (const { text: sentence } of splitSentences(text)) {
    if (chars + sentence.length + 1 > MAX_SUMMARY_CHARS) break;
    sentences.push(sentence);
    chars += sentence.length + 1;
  }
  if (sentences.length === 0) throw new LlmFailure('junk', 'the answer is one sentence too long for a summary');
  return { sentences, text: sentences.join(' '), lang, method: 'llm' };
}

// Finds an article's own text in an HTML page: our furniture pruning, then Mozilla Readability over
// linkedom, then block-level cleanup; metadata (title, byline, language, site) from the page head.
import { Readability } from '@mozilla/readability';
import { blocksOf, collapseWhitespace, joinBlocks } from './blocks.js';
import { cleanBlocks, wordCountOf } from './cleanup.js';
import { parseDocument } from './dom.js';
import type { DomDocument, DomElement, DomNode } from './dom.js';
import { pruneFurniture } from './prune.js';
import { detectLanguage } from '../summaries/language.js';

export interface ExtractedArticle {
  title: string | null;
  text: string;
  byline: string | null;
  lang: string | null;
  siteName: string | null;
  wordCount: number;
}

interface PageMetadata {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  lang: string | null;
}

export function extractArticle(html: string, url?: string): ExtractedArticle | null {
  const doc = parseDocument(html);
  if (!doc.body) return null;
  const meta = readMetadata(doc);
  pruneFurniture(doc.documentElement);
  const parsed = new Readability<DomNode>(doc as never, { serializer: (node) => node as unknown as DomNode }).parse();
  const title = meta.title ?? nonEmpty(parsed?.title);
  const byline = meta.byline ?? nonEmpty(parsed?.byline);
  const content = parsed?.content;
  if (!content) return null;
  const blocks = cleanBlocks(blocksOf(content), { title, byline });
  const text = joinBlocks(blocks);
  if (!text) return null;
  const lang = meta.lang ?? nonEmpty(parsed?.lang)?.slice(0, 2).toLowerCase() ?? detectLanguage(text);
  return {
    title,
    text,
    byline,
    lang: lang ?? null,
    siteName: meta.siteName ?? nonEmpty(parsed?.siteName) ?? siteFromUrl(url),
    wordCount: wordCountOf(text),
  };
}

function readMetadata(doc: DomDocument): PageMetadata {
  const metaContent = (selector: string): string | null => nonEmpty(doc.querySelector(selector)?.getAttribute('content'));
  const lang = nonEmpty(doc.documentElement.getAttribute('lang'))?.slice(0, 2).toLowerCase() ?? null;
  return {
    title: metaContent('meta[property="og:title"]') ?? metaContent('meta[name="twitter:title"]') ?? textOf(doc.querySelector('h1')) ?? nonEmpty(doc.title),
    byline: metaContent('meta[name="author"]') ?? metaContent('meta[property="article:author"]'),
    siteName: metaContent('meta[property="og:site_name"]'),
    lang: lang && /^[a-z]{2}$/.test(lang) ? lang : null,
  };
}

function textOf(el: DomElement | null): string | null {
  return el ? nonEmpty(el.textContent) : null;
}

function nonEmpty(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = collapseWhitespace(value);
  return text ? text : null;
}

function siteFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

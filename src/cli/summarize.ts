// `npm run summarize -- <file or URL> [--text]`: the summary an item would get, from a saved page, a text
// file or a live URL; `--text` prints the cleaned article text instead. For operators checking a source.
import 'dotenv/config';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { decodeText } from '../net/http.js';
import { fetchPage } from '../articles/fetch.js';
import { cleanArticleText, extractArticle, titleOfText } from '../articles/index.js';
import { summarize } from '../summaries/index.js';
import { detectLanguage } from '../lang/detect.js';
import type { Summary } from '../summaries/index.js';
import { createLlmSummarizer } from '../summaries/llm.js';

interface Article {
  id: string;
  title: string;
  text: string;
  lang: string | null;
}

class NoArticleError extends Error {}

function usage(): never {
  console.error('usage: npm run summarize -- <file.html | file.txt | https://…> [--text]');
  process.exit(2);
}

const args = process.argv.slice(2);
const source = args.find((a) => !a.startsWith('--'));
if (!source) usage();

try {
  const config = loadConfig(process.env, { requireToken: false });
  const article = /^https?:\/\//i.test(source)
    ? await articleFromUrl(source, config.userAgent, config.allowPrivateNetworks)
    : articleFromFile(source);
  if (args.includes('--text')) {
    console.log(article.text);
  } else {
    const summary = await summaryOf(article, config);
    if (article.title) console.log(article.title + '\n');
    console.log(summary.text);
    console.error(`\n(${summary.method}, ${summary.lang ?? 'language unknown'}, ${summary.sentences.length} sentences, ${summary.text.length} characters)`);
  }
} catch (err) {
  // PageError, ConfigError and NoArticleError carry one line a person can act on; so do most others.
  console.error(`summarize: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}

async function articleFromUrl(url: string, userAgent: string, allowPrivateNetworks: boolean): Promise<Article> {
  const page = await fetchPage(url, { userAgent, allowPrivateNetworks });
  return articleFromHtml(page.html, page.finalUrl, page.finalUrl);
}

function articleFromFile(file: string): Article {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new NoArticleError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const content = decodeText(bytes);
  if (/\.x?html?$/i.test(file) || /<(?:!doctype|html|body|article|p|div)[\s>]/i.test(content.slice(0, 4096))) {
    return articleFromHtml(content, undefined, file);
  }
  const text = cleanArticleText(content);
  if (!text) throw new NoArticleError(`no article paragraphs found in ${file}`);
  return { id: path.resolve(file), title: titleOfText(content) ?? '', text, lang: detectLanguage(text) };
}

function articleFromHtml(html: string, url: string | undefined, id: string): Article {
  const article = extractArticle(html, url);
  if (!article) throw new NoArticleError(`no article text found in ${id}: it may be a home page, a video or behind a paywall`);
  return { id, title: article.title ?? '', text: article.text, lang: article.lang };
}

async function summaryOf(article: Article, config: ReturnType<typeof loadConfig>): Promise<Summary> {
  if (config.summarizer === 'llm' && config.llm) {
    const llm = createLlmSummarizer({ ...config.llm, language: config.summaryLanguage, log: (m) => console.error(m) });
    return llm.summarize(article);
  }
  return summarize({ title: article.title, text: article.text, lang: article.lang });
}

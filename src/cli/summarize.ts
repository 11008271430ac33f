// `npm run summarize -- <file or URL> [--text]`: the summary an item would get, from a saved page, a text
// file or a live URL; `--text` prints the cleaned article text instead. For operators checking a source.
import 'dotenv/config';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCoreConfig, secretsOf } from '../config.js';
import { createLogger } from '../log.js';
import { decodeText } from '../net/http.js';
import { fetchPage } from '../articles/fetch.js';
import { cleanArticleText, extractArticle, titleOfText } from '../articles/index.js';
import { detectLanguage } from '../lang/detect.js';
import { createArticleService, NotAnArticleError } from '../pipeline/articles.js';

interface Article {
  id: string;
  title: string;
  text: string;
  lang: string | null;
}

function usage(): never {
  console.error('usage: npm run summarize -- <file.html | file.txt | https://…> [--text]');
  process.exit(2);
}

const args = process.argv.slice(2);
const source = args.find((a) => !a.startsWith('--'));
if (!source) usage();

try {
  const config = loadCoreConfig(process.env);
  const article = /^https?:\/\//i.test(source)
    ? await articleFromUrl(source, config.userAgent, config.allowPrivateNetworks)
    : articleFromFile(source);
  if (args.includes('--text')) {
    console.log(article.text);
  } else {
    // The summariser items get: the LLM when configured (the extractive one as its fallback), else extractive.
    const articles = createArticleService({
      userAgent: config.userAgent,
      allowPrivateNetworks: config.allowPrivateNetworks,
      fetchPages: false,
      llm: config.llm ? { ...config.llm, language: config.summaryLanguage } : null,
      // Its warnings (an LLM that fails over to extractive) go to stderr: stdout carries only the summary.
      log: createLogger(config.logLevel, secretsOf(config), process.stderr),
    });
    const summary = await articles.summariseArticle(article);
    if (article.title) console.log(article.title + '\n');
    console.log(summary.text);
    console.error(`\n(${summary.method}, ${summary.lang ?? 'language unknown'}, ${summary.sentences.length} sentences, ${summary.text.length} characters)`);
  }
} catch (err) {
  // PageError, ConfigError and NotAnArticleError carry one line a person can act on; so do most others.
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
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  const content = decodeText(bytes);
  if (/\.x?html?$/i.test(file) || /<(?:!doctype|html|body|article|p|div)[\s>]/i.test(content.slice(0, 4096))) {
    return articleFromHtml(content, undefined, file);
  }
  const text = cleanArticleText(content);
  if (!text) throw new NotAnArticleError(file, 'has no article paragraphs.');
  return { id: path.resolve(file), title: titleOfText(content) ?? '', text, lang: detectLanguage(text) };
}

function articleFromHtml(html: string, url: string | undefined, id: string): Article {
  const article = extractArticle(html, url);
  if (!article) throw new NotAnArticleError(id);
  return { id, title: article.title ?? '', text: article.text, lang: article.lang };
}

// Article extraction speed on a generated ~200 KB news page (site chrome, share bars, related lists,
// comments, inline scripts and styles around a 1,000-word story): pages per second on one core, against
// Readability over linkedom alone (no pruning, no cleanup) in the same process.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractArticle } from '../src/articles/extract.js';
import { figure } from './figure.js';
import type { BenchFigure } from './figure.js';
import { prng } from './news.js';

const TARGET_BYTES = 200_000;
const RUN_MS = 4_000;

const SUBJECTS = ['The junta', 'ECOWAS mediators', 'Local officials', 'The defence ministry', 'Aid agencies', 'Residents of Gao', 'The transitional government', 'Analysts in Dakar'];
const VERBS = ['said on Tuesday that', 'confirmed that', 'warned that', 'announced that', 'denied reports that', 'told reporters that'];
const CLAUSES = [
  'convoys had reached Ménaka after a week on the road',
  'the border with Niger would stay closed until further notice',
  'fighting near Djibo had displaced 12,000 people since March',
  'talks with the armed groups would resume in Algiers',
  'fuel prices in Bamako had doubled in two months',
  'the mission would withdraw its last troops by December',
  'schools in the Mopti region would reopen on Monday',
  'the harvest in the Sahel belt was 30 per cent below average',
];

function sentence(rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  return `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(CLAUSES)}.`;
}

export function generatedNewsPage(seed = 1): string {
  const rand = prng(seed);
  const links = (n: number, prefix: string): string =>
    Array.from({ length: n }, (_, i) => `<li class="${prefix}__item"><a href="/news/${prefix}-${i}">${sentence(rand).slice(0, 70)}</a></li>`).join('');
  const paragraphs = Array.from({ length: 18 }, () => `<p>${Array.from({ length: 3 }, () => sentence(rand)).join(' ')}</p>`).join('\n');
  const comments = Array.from(
    { length: 25 },
    (_, i) => `<li class="comment"><div class="comment-author">reader${i}</div><p>${sentence(rand)} ${sentence(rand)}</p><a href="#reply">Reply</a></li>`,
  ).join('');
  const head = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Convoys reach Ménaka as border stays shut | Sahel Daily</title>
<meta property="og:title" content="Convoys reach Ménaka as border stays shut"><meta property="og:site_name" content="Sahel Daily"><meta name="author" content="Awa Traoré">`;
  const body = `<body><header class="site-header"><nav class="main-nav"><ul>${links(40, 'nav')}</ul></nav><div class="newsletter-signup">Sign up for our newsletter</div></header>
<main><article><h1>Convoys reach Ménaka as border stays shut</h1><div class="byline">By Awa Traoré</div><time>Published 4 March 2025</time>
<div class="share-bar"><a href="#">Share</a><a href="#">Facebook</a><a href="#">X</a><a href="#">Copy link</a></div>
<figure><img src="/img/convoy.jpg" alt=""><figcaption>Trucks near Gao. Photo: AFP</figcaption></figure>
<div class="article-body">${paragraphs}<aside class="related"><h3>Related</h3><ul>${links(6, 'related')}</ul></aside></div></article>
<section class="comments"><h2>Comments</h2><ul>${comments}</ul></section></main>
<aside class="sidebar"><h3>Most read</h3><ul>${links(30, 'popular')}</ul></aside><footer class="site-footer">${links(40, 'footer')}<p>© 2025 Sahel Daily. All rights reserved.</p></footer>`;
  let page = head;
  // Inline scripts and styles make up most of a real page's bytes.
  let filler = 0;
  while (page.length + body.length < TARGET_BYTES) {
    const chunk = `<script>window.__STATE_${filler}__=${JSON.stringify({ items: Array.from({ length: 40 }, () => sentence(rand)) })};</script>\n<style>.c${filler}{margin:0 auto;padding:${filler % 7}px}</style>\n`;
    page += chunk;
    filler += chunk.length;
  }
  return `${page}</head>${body}</body></html>`;
}

function pagesPerSecond(html: string, extract: (html: string) => unknown): number {
  for (let i = 0; i < 5; i++) extract(html);
  let pages = 0;
  const start = performance.now();
  while (performance.now() - start < RUN_MS) {
    extract(html);
    pages++;
  }
  return (pages * 1000) / (performance.now() - start);
}

export async function run(): Promise<BenchFigure[]> {
  const html = generatedNewsPage();
  const words = extractArticle(html)?.wordCount ?? 0;
  if (words < 500) throw new Error(`the generated page yielded ${words} words; the benchmark page is broken`);
  const ours = pagesPerSecond(html, (h) => extractArticle(h));
  const readabilityOnly = pagesPerSecond(html, (h) => new Readability(parseHTML(h).document as never).parse());
  return [
    figure(`extraction.pages_per_s (${Math.round(html.length / 1000)} KB page)`, ours, 'pages/s', readabilityOnly, true, '≥ 30 pages/s'),
    figure('extraction.ms_per_page', 1000 / ours, 'ms', 1000 / readabilityOnly, false),
  ];
}

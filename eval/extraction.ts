// Article-extraction quality: `npm run eval -- extraction [--data <dir>] [--dump <file.json>]`.
// Scrapinghub set: 4-token-shingle precision/recall per page, averaged (its evaluate.py, re-implemented);
// trafilatura set: micro-averaged "must contain" / "must not contain" snippets (its eval_common.py).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { extractArticle } from '../src/articles/extract.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DATA = path.resolve(repoRoot, '../shared/eval-data/extraction/scrapinghub-article-extraction-benchmark');

interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export async function run(args: string[]): Promise<number> {
  const dataAt = args.indexOf('--data');
  const dir = path.resolve(dataAt >= 0 && args[dataAt + 1] ? args[dataAt + 1]! : DEFAULT_DATA);
  const dumpAt = args.indexOf('--dump');
  const dump = dumpAt >= 0 ? args[dumpAt + 1] : undefined;
  if (!existsSync(dir)) {
    console.error(`extraction data not found at ${dir}; skipping`);
    console.log(JSON.stringify({ task: 'extraction', set: path.basename(dir), n: 0, skipped: true }));
    return 0;
  }
  if (existsSync(path.join(dir, 'ground-truth.json'))) return runScrapinghub(dir, dump);
  if (existsSync(path.join(dir, 'evaldata.json'))) return runTrafilatura(dir, dump);
  console.error(`${dir} holds neither ground-truth.json (scrapinghub) nor evaldata.json (trafilatura)`);
  return 2;
}

function extractText(html: string, url: string): string {
  try {
    return extractArticle(html, url)?.text ?? '';
  } catch (err) {
    console.error(`extraction crashed on ${url}: ${String(err).slice(0, 200)}`);
    return '';
  }
}

// ---- Scrapinghub article-extraction-benchmark -------------------------------------------------------

interface PageCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** Python's re.findall(r'\w+') on str: Unicode letters, digits and underscore. */
function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

function shingles(text: string): Map<string, number> {
  const toks = tokens(text);
  const counts = new Map<string, number>();
  if (toks.length === 0) return counts;
  for (let i = 0; i < Math.max(1, toks.length - 3); i++) {
    const key = toks.slice(i, i + 4).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function pageCounts(truth: string, predicted: string): PageCounts {
  const want = shingles(truth);
  const got = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, n] of want) {
    const m = got.get(key) ?? 0;
    tp += Math.min(n, m);
    fn += Math.max(0, n - m);
  }
  for (const [key, m] of got) fp += Math.max(0, m - (want.get(key) ?? 0));
  // Normalised so that every page weighs the same, as evaluate.py does.
  const sum = tp + fp + fn;
  return sum === 0 ? { tp: 0, fp: 0, fn: 0 } : { tp: tp / sum, fp: fp / sum, fn: fn / sum };
}

function pagePrecision(c: PageCounts): number {
  return c.fp === 0 && c.fn === 0 ? 1 : c.tp === 0 && c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
}

function pageRecall(c: PageCounts): number {
  return c.fp === 0 && c.fn === 0 ? 1 : c.tp === 0 && c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
}

function averaged(pages: readonly PageCounts[]): Scores {
  const ps = pages.filter((c) => c.tp + c.fp > 0).map(pagePrecision);
  const rs = pages.filter((c) => c.tp + c.fn > 0).map(pageRecall);
  const precision = mean(ps);
  const recall = mean(rs);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Std-dev of F1 over page resamples (evaluate.py's "±"), with a seeded PRNG so runs repeat. */
function bootstrapF1(pages: readonly PageCounts[], rounds = 1000): number {
  let seed = 0x5eed;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const f1s: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const sample = pages.map(() => pages[Math.floor(random() * pages.length)]!);
    f1s.push(averaged(sample).f1);
  }
  const m = mean(f1s);
  return Math.sqrt(mean(f1s.map((x) => (x - m) ** 2)));
}

const SCRAPINGHUB_PUBLISHED: [string, number, number, number][] = [
  ['AutoExtract (commercial)', 0.970022, 0.984493, 0.95597],
  ['go_trafilatura ae7ea06', 0.959684, 0.940304, 0.97988],
  ['trafilatura 2.0.0', 0.957503, 0.938289, 0.977519],
  ['Diffbot (commercial)', 0.95092, 0.958121, 0.943827],
  ['newspaper4k 0.9.3.1', 0.948664, 0.963877, 0.933924],
  ['news_please 1.6.16', 0.948147, 0.963646, 0.933139],
  ['Readability.js 0.6.0 (jsdom)', 0.946748, 0.913944, 0.981993],
  ['readability-lxml 0.8.4.1', 0.922282, 0.91329, 0.931453],
  ['dragnet', 0.906764, 0.925143, 0.889102],
  ['goose3 3.1.20', 0.896417, 0.940276, 0.856467],
  ['boilerpipe', 0.859639, 0.849747, 0.869764],
  ['justext 3.0.2', 0.803829, 0.858198, 0.755938],
  ['html-text (whole page)', 0.664936, 0.499508, 0.994196],
];

function runScrapinghub(dir: string, dump: string | undefined): number {
  const truth = JSON.parse(readFileSync(path.join(dir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; url: string }>;
  const pages: PageCounts[] = [];
  const outputs: Record<string, { articleBody: string }> = {};
  let exact = 0;
  let millis = 0;
  for (const [id, gt] of Object.entries(truth)) {
    const file = path.join(dir, 'html', `${id}.html.gz`);
    if (!existsSync(file)) continue;
    const html = gunzipSync(readFileSync(file)).toString('utf8');
    const start = performance.now();
    const text = extractText(html, gt.url);
    millis += performance.now() - start;
    outputs[id] = { articleBody: text };
    pages.push(pageCounts(gt.articleBody, text));
    if (tokens(text).join(' ') === tokens(gt.articleBody).join(' ')) exact++;
  }
  if (dump) writeFileSync(dump, JSON.stringify(outputs));
  const ours = averaged(pages);
  const spread = bootstrapF1(pages);
  const rows: [string, number, number, number, string][] = SCRAPINGHUB_PUBLISHED.map(([name, f, p, r]) => [name, f, p, r, '']);
  rows.push([`ours (Readability/linkedom + cleanup)`, ours.f1, ours.precision, ours.recall, `± ${spread.toFixed(3)}, accuracy ${(exact / pages.length).toFixed(3)}`]);
  rows.sort((a, b) => b[1] - a[1]);
  console.log(`scrapinghub article-extraction-benchmark: ${pages.length} pages, ${(millis / pages.length).toFixed(1)} ms/page`);
  console.log(table(['system', 'F1', 'precision', 'recall', ''], rows.map(([name, f, p, r, note]) => [name, f.toFixed(3), p.toFixed(3), r.toFixed(3), note])));
  console.log(JSON.stringify({ task: 'extraction', set: 'scrapinghub', n: pages.length, ...rounded(ours) }));
  return 0;
}

// ---- Trafilatura evaluation corpus --------------------------------------------------------------------

interface SnippetCase {
  file: string;
  with?: string[];
  without?: string[];
}

const TRAFILATURA_PUBLISHED: [string, number, number, number][] = [
  ['trafilatura 2.2.0 (standard)', 0.924, 0.906, 0.943],
  ['justext 3.0.2 (custom)', 0.862, 0.864, 0.859],
  ['news-please 1.6.16', 0.836, 0.932, 0.758],
  ['readability-lxml 0.8.4.1', 0.826, 0.898, 0.764],
  ['baseline (text markup)', 0.815, 0.767, 0.869],
  ['goose3 3.1.22', 0.81, 0.936, 0.714],
  ['boilerpy3 1.0.7', 0.807, 0.818, 0.796],
  ['newspaper4k 0.9.6', 0.801, 0.878, 0.736],
  ['html_text 0.7.1', 0.691, 0.531, 0.988],
  ['raw HTML (whole page)', 0.667, 0.528, 0.906],
];

function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Bytes to text the way a browser would: BOM, then a declared charset, then UTF-8 with a legacy fallback. */
export function decodeHtml(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes);
  const head = bytes.subarray(0, 4096).toString('latin1');
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
  if (declared) {
    try {
      return new TextDecoder(declared.toLowerCase()).decode(bytes);
    } catch {
      // An unknown label: fall through to the UTF-8 guess.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function runTrafilatura(dir: string, dump: string | undefined): number {
  const cases = JSON.parse(readFileSync(path.join(dir, 'evaldata.json'), 'utf8')) as Record<string, SnippetCase>;
  const available = new Set(readdirSync(path.join(dir, 'html')));
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let tn = 0;
  let n = 0;
  let millis = 0;
  const outputs: Record<string, string> = {};
  for (const [url, c] of Object.entries(cases)) {
    const name = `${c.file}.gz`;
    let text = '';
    if (available.has(name)) {
      const html = decodeHtml(gunzipSync(readFileSync(path.join(dir, 'html', name))));
      const start = performance.now();
      text = extractText(html, url);
      millis += performance.now() - start;
      n++;
    }
    outputs[url] = text;
    const haystack = normaliseSpace(text);
    for (const s of c.with ?? []) {
      if (haystack.includes(normaliseSpace(s))) tp++;
      else fn++;
    }
    for (const s of c.without ?? []) {
      if (haystack.includes(normaliseSpace(s))) fp++;
      else tn++;
    }
  }
  if (dump) writeFileSync(dump, JSON.stringify(outputs));
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  const f1 = (2 * tp) / (2 * tp + fp + fn);
  const accuracy = (tp + tn) / (tp + tn + fp + fn);
  const rows: [string, number, number, number, string][] = TRAFILATURA_PUBLISHED.map(([name, f, p, r]) => [name, f, p, r, '']);
  rows.push(['ours (Readability/linkedom + cleanup)', f1, precision, recall, `accuracy ${accuracy.toFixed(3)}`]);
  rows.sort((a, b) => b[1] - a[1]);
  console.log(`trafilatura-eval: ${n} pages, ${tp + fn} must-contain and ${fp + tn} must-not-contain snippets, ${(millis / Math.max(1, n)).toFixed(1)} ms/page`);
  console.log(table(['system', 'F1', 'precision', 'recall', ''], rows.map(([name, f, p, r, note]) => [name, f.toFixed(3), p.toFixed(3), r.toFixed(3), note])));
  console.log(JSON.stringify({ task: 'extraction', set: 'trafilatura', n, ...rounded({ precision, recall, f1 }) }));
  return 0;
}

// ---- Output -------------------------------------------------------------------------------------------

function rounded(s: Scores): Scores {
  return { precision: round4(s.precision), recall: round4(s.recall), f1: round4(s.f1) };
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// Feed-stage robustness: every file of the feed corpora (feedparser torture suite, rss-parser fixtures,
// W3C validator cases) through decodeText + parseFeed; nothing may escape but our typed rejection.
// `npm run eval -- feeds [--data ../shared/eval-data/feeds]`
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeText } from '../src/net/http.js';
import { parseFeed, FeedParseError } from '../src/feeds/parse.js';
import { htmlToText } from '../src/feeds/normalise.js';
import type { ParsedFeed } from '../src/feeds/types.js';
import { parseFeedDate } from '../src/feeds/dates.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DATA = path.resolve(REPO_ROOT, '../shared/eval-data/feeds');
/** A fixed clock, so future-date clamping does not depend on when the eval runs. */
const NOW = Date.UTC(2026, 10, 1);

interface DateVector {
  parser: string;
  input: string;
  expected_utc: string | null;
}

export interface Outcome {
  corpus: string;
  file: string;
  kind: 'parsed' | 'rejected' | 'crash';
  reason?: string;
  items?: number;
  error?: string;
  feed?: ParsedFeed;
  /** The file's leading comment (feedparser's Expect: line lives there). */
  head?: string;
}

/** What one pass over the corpora found; `run` prints it, tests assert on it. */
export interface FeedsEvaluation {
  outcomes: Outcome[];
  elapsedMs: number;
  dateVectors: number;
  datePass: number;
  dateFailures: string[];
}

/** Every corpus file through decodeText + parseFeed, and every date vector through parseFeedDate. */
export async function evaluateFeeds(dataDir: string): Promise<FeedsEvaluation> {
  const started = performance.now();
  const outcomes: Outcome[] = [];
  for (const corpus of ['feedparser-tests', 'rss-parser-fixtures/input', 'w3c-feedvalidator-testcases']) {
    const dir = path.join(dataDir, corpus);
    if (!existsSync(dir)) continue;
    for (const file of listFiles(dir)) outcomes.push(await runFile(corpus.split('/')[0]!, dir, file));
  }
  const elapsedMs = performance.now() - started;
  const vectors = loadDateVectors(dataDir);
  const dateFailures = vectors.filter((v) => !dateMatches(v)).map((v) => `${v.parser}: ${JSON.stringify(v.input)} expected ${v.expected_utc}`);
  return { outcomes, elapsedMs, dateVectors: vectors.length, datePass: vectors.length - dateFailures.length, dateFailures };
}

export async function run(args: string[]): Promise<number> {
  const dataIdx = args.indexOf('--data');
  const dataDir = path.resolve(dataIdx >= 0 && args[dataIdx + 1] ? args[dataIdx + 1]! : DEFAULT_DATA);
  if (!existsSync(dataDir)) {
    console.error(`feeds eval: no data at ${dataDir} (pass --data <path>); skipped`);
    console.log(JSON.stringify({ task: 'feeds', n: 0, parsed: 0, rejected: 0, crashes: 0, date_vectors: 0, date_pass: 0, skipped: true }));
    return 0;
  }

  const { outcomes, elapsedMs, dateVectors, datePass, dateFailures } = await evaluateFeeds(dataDir);
  const parsed = outcomes.filter((o) => o.kind === 'parsed');
  const rejected = outcomes.filter((o) => o.kind === 'rejected');
  const crashes = outcomes.filter((o) => o.kind === 'crash');

  console.log('corpus                         files  parsed  rejected  crashes');
  for (const corpus of [...new Set(outcomes.map((o) => o.corpus))]) {
    const of = outcomes.filter((o) => o.corpus === corpus);
    const c = (k: Outcome['kind']): number => of.filter((o) => o.kind === k).length;
    console.log(`${corpus.padEnd(30)} ${String(of.length).padStart(5)}  ${String(c('parsed')).padStart(6)}  ${String(c('rejected')).padStart(8)}  ${String(c('crash')).padStart(7)}`);
  }
  console.log(`\nrejections by reason:`);
  const byReason = groupCount(rejected.map((o) => o.reason!));
  for (const [reason, count] of byReason) console.log(`  ${String(count).padStart(5)}  ${reason}`);
  const byDetail = groupCount(rejected.map((o) => `${o.reason}: ${(o.error ?? '').replace(/\(.*$/, '').trim()}`));
  console.log(`\nrejections by message:`);
  for (const [detail, count] of byDetail.slice(0, 15)) console.log(`  ${String(count).padStart(5)}  ${detail}`);
  if (crashes.length) {
    console.log(`\ncrashes (first 10):`);
    for (const c of crashes.slice(0, 10)) console.log(`  ${c.corpus}/${c.file}: ${c.error}`);
  }
  printFixtureChecks(dataDir, outcomes);
  printValidityAgreement(outcomes);
  printFeedparserExpectations(outcomes);

  console.log(`\nfeedparser date vectors: ${datePass}/${dateVectors} pass`);
  for (const f of dateFailures) console.log(`  FAIL ${f}`);
  console.log(`\n${outcomes.length} files in ${(elapsedMs / 1000).toFixed(1)} s`);

  console.log(
    JSON.stringify({
      task: 'feeds',
      n: outcomes.length,
      parsed: parsed.length,
      rejected: rejected.length,
      crashes: crashes.length,
      date_vectors: dateVectors,
      date_pass: datePass,
    }),
  );
  return crashes.length === 0 && datePass === dateVectors ? 0 : 1;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const relPath = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, relPath)).isDirectory()) walk(relPath);
      else if (!name.startsWith('.') && !/\.(md|txt|py|html)$/i.test(name)) out.push(relPath);
    }
  };
  walk('');
  return out;
}

/** The feedparser suite simulates HTTP with "Header: Content-type: …" lines in the leading comment. */
function simulatedHeaders(text: string): { contentType: string | null; contentLocation: string | null } {
  const head = text.slice(0, 2000);
  const ct = /^\s*Header:\s*Content-type:\s*(.+?)\s*$/im.exec(head);
  const loc = /^\s*Header:\s*Content-Location:\s*(.+?)\s*$/im.exec(head);
  return { contentType: ct ? ct[1]! : null, contentLocation: loc ? loc[1]! : null };
}

async function runFile(corpus: string, dir: string, file: string): Promise<Outcome> {
  try {
    const bytes = readFileSync(path.join(dir, file));
    const { contentType, contentLocation } = simulatedHeaders(decodeText(bytes));
    const text = decodeText(bytes, contentType);
    const feedUrl = resolveFeedUrl(contentLocation, `http://feeds.example/${corpus}/${file}`);
    const feed = await parseFeed(text, feedUrl, NOW);
    return { corpus, file, kind: 'parsed', items: feed.items.length, feed, head: text.slice(0, 2000) };
  } catch (err) {
    if (err instanceof FeedParseError) return { corpus, file, kind: 'rejected', reason: err.reason, error: err.detail };
    return { corpus, file, kind: 'crash', error: err instanceof Error ? `${err.name}: ${err.message.split('\n')[0]}` : String(err) };
  }
}

function resolveFeedUrl(location: string | null, fallback: string): string {
  if (!location) return fallback;
  try {
    return new URL(location, fallback).href;
  } catch {
    return fallback;
  }
}

function groupCount(keys: string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]);
}

/** rss-parser's golden outputs: we should find the same number of items, and reject the HTML page. */
function printFixtureChecks(dataDir: string, outcomes: Outcome[]): void {
  const outDir = path.join(dataDir, 'rss-parser-fixtures/output');
  if (!existsSync(outDir)) return;
  let compared = 0;
  let same = 0;
  const diffs: string[] = [];
  for (const o of outcomes.filter((x) => x.corpus === 'rss-parser-fixtures')) {
    const expectedFile = path.join(outDir, o.file.replace(/\.[^.]+$/, '.json'));
    if (!existsSync(expectedFile)) continue;
    const expected = (JSON.parse(readFileSync(expectedFile, 'utf8')) as { feed: { items?: unknown[] } }).feed.items?.length ?? 0;
    compared++;
    if (o.kind === 'parsed' && o.items === expected) same++;
    else diffs.push(`${o.file}: expected ${expected} items, got ${o.kind === 'parsed' ? o.items : o.kind}`);
  }
  const unrecognised = outcomes.find((o) => o.corpus === 'rss-parser-fixtures' && o.file === 'unrecognized.rss');
  console.log(`\nrss-parser fixtures: ${same}/${compared} with the expected item count; unrecognized.rss ${unrecognised?.kind === 'rejected' ? `rejected (${unrecognised.reason})` : 'NOT rejected'}`);
  for (const d of diffs) console.log(`  ${d}`);
}

/** How often "parsed" agrees with the corpora's own verdict on well-formedness (informative only). */
function printValidityAgreement(outcomes: Outcome[]): void {
  const rate = (sel: Outcome[]): string => `${sel.filter((o) => o.kind === 'parsed').length}/${sel.length} parsed`;
  const fp = outcomes.filter((o) => o.corpus === 'feedparser-tests');
  console.log(`\nfeedparser wellformed/: ${rate(fp.filter((o) => o.file.startsWith('wellformed/')))}; illformed/: ${rate(fp.filter((o) => o.file.startsWith('illformed/')))}; encoding/: ${rate(fp.filter((o) => o.file.startsWith('encoding/')))}; entities/: ${rate(fp.filter((o) => o.file.startsWith('entities/')))}`);
}

/**
 * feedparser's `Expect:` lines that compare a title or link with a literal, checked against ours. Its
 * titles keep sanitised HTML while ours are plain text, so the expected value is reduced to text first.
 */
function printFeedparserExpectations(outcomes: Outcome[]): void {
  const checks: Record<string, { ok: number; n: number }> = { 'feed title': { ok: 0, n: 0 }, 'entry title': { ok: 0, n: 0 }, 'entry link': { ok: 0, n: 0 } };
  for (const o of outcomes) {
    if (o.corpus !== 'feedparser-tests' || !o.feed || !o.head) continue;
    const expect = /Expect:\s*(?:not bozo and )?(feed|entries\[0\])\[['"](title|link)['"]\]\s*==\s*u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*$/m.exec(o.head);
    if (!expect) continue;
    const [, scope, field, literal] = expect;
    const key = scope === 'feed' ? (field === 'title' ? 'feed title' : null) : `entry ${field}`;
    if (!key || !checks[key]) continue;
    const expected = pythonString(literal!);
    const got = scope === 'feed' ? o.feed.title : field === 'title' ? o.feed.items[0]?.title : o.feed.items[0]?.link;
    const want = field === 'title' ? htmlToText(expected).replace(/\n/g, ' ') : expected;
    checks[key].n++;
    if ((got ?? '') === want) checks[key].ok++;
  }
  console.log(`feedparser expectations met: ${Object.entries(checks).map(([k, v]) => `${k} ${v.ok}/${v.n}`).join('; ')}`);
}

function pythonString(literal: string): string {
  return literal
    .slice(1, -1)
    .replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, esc: string) => {
      if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
      return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[esc] ?? esc;
    });
}

function loadDateVectors(dataDir: string): DateVector[] {
  const file = path.join(dataDir, 'feedparser-date-vectors.json');
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { vectors: DateVector[] }).vectors;
}

/** feedparser works to the second; we compare at that precision. */
function dateMatches(v: DateVector): boolean {
  const got = parseFeedDate(v.input);
  if (v.expected_utc === null) return got === null;
  const expected = Date.parse(v.expected_utc);
  return got !== null && Math.floor(got / 1000) * 1000 === expected;
}

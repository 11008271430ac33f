// Story-clustering quality: `npm run eval -- stories [--data <dir|file.jsonl|.csv|.tsv>] [--sweep]`.
// Pairwise and B-cubed P/R/F1 against gold story labels, and for ECB+ the false-merge rate on pairs that
// share a topic but not a story; a TF-IDF single-pass centroid baseline (as in the data READMEs) beside it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFeedDate } from '../src/feeds/dates.js';
import { StoryIndex } from '../src/stories/story-index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA_ROOT = path.resolve(repoRoot, '../shared/eval-data/stories');
// With no --data, all three sets run; ECB+ goes last so the final JSON line is the headline target (test split).
const DEFAULT_SETS = ['uci-news-aggregator', 'fr-google-news-cards', 'ecbplus'];

/** One labelled item, whatever the source format. */
interface LabelledDoc {
  id: string;
  story: string;
  title: string;
  text: string;
  url: string | null;
  publishedAt: number | null;
  /** When a stream replay shows the item to the clusterer: its publication time, or for an undated item the time it would be seen. */
  seenAt: number | null;
  topic: string | null;
  split: string | null;
  lang: string | null;
  /** Gold: the item republishes an old report (sets that label it). */
  rehash: boolean | null;
}

interface LabelledSet {
  name: string;
  docs: LabelledDoc[];
  /** How the set is ordered for single-pass clustering, stated in the report. */
  order: string;
  /** The TF-IDF threshold its README reports for the baseline. */
  baselineThreshold: number;
  /** Evaluate this split as the headline figure (ECB+: test), and also the others listed. */
  splits: string[];
  /** Pairs of different stories that may report one event (WMT): merging them counts as neither right nor wrong. */
  flagged: Set<string>;
}

interface Scores {
  pairwise: { p: number; r: number; f1: number };
  bcubed: { p: number; r: number; f1: number };
  clusters: number;
  falseMergeRate: number | null;
  /** Pairs of different (unflagged) stories put in one cluster. */
  wrongPairs: number;
  /** Pairwise recall on same-story pairs whose items differ in language; null when the set has none. */
  crossLanguageRecall: number | null;
  /** Old news flagged as such, against the set's rehash labels; null when the set has none. */
  rehash: { p: number; r: number; f1: number } | null;
}

/** What the clusterer decided for each item, in the set's order. */
interface Clustering {
  labels: string[];
  rehash: boolean[];
}

interface ResultLine {
  task: 'stories';
  set: string;
  pairwise_f1: number;
  bcubed_f1: number;
  false_merge_rate: number | null;
  [extra: string]: unknown;
}

export async function run(args: string[]): Promise<number> {
  const dataAt = args.indexOf('--data');
  const sweep = args.includes('--sweep');
  const targets = dataAt >= 0 && args[dataAt + 1] ? [path.resolve(args[dataAt + 1]!)] : DEFAULT_SETS.map((s) => path.join(DATA_ROOT, s));
  let last: ResultLine | null = null;
  for (const target of targets) {
    if (!existsSync(target)) {
      console.error(`story data not found at ${target}; skipping`);
      continue;
    }
    const set = loadSet(target);
    if (!set) {
      console.error(`${target}: no .jsonl, UCI .csv or Google News cards .tsv found`);
      return 2;
    }
    last = evaluateSet(set, sweep) ?? last;
  }
  if (!last) {
    console.log(JSON.stringify({ task: 'stories', set: null, pairwise_f1: null, bcubed_f1: null, false_merge_rate: null, skipped: true }));
    return 0;
  }
  console.log(JSON.stringify(last));
  return 0;
}

function evaluateSet(set: LabelledSet, sweep: boolean): ResultLine | null {
  let line: ResultLine | null = null;
  console.log(`\n## ${set.name} — ${set.docs.length} docs, order: ${set.order}`);
  for (const split of set.splits) {
    const docs = split === 'all' ? set.docs : set.docs.filter((d) => d.split === split);
    if (docs.length === 0) continue;
    const ours = scoreClusters(docs, clusterWithIndex(docs), set.flagged);
    const baseline = scoreClusters(docs, { labels: tfidfSinglePass(docs, set.baselineThreshold), rehash: docs.map(() => false) }, set.flagged);
    console.log(`\n${set.name} [${split}] ${docs.length} docs, ${new Set(docs.map((d) => d.story)).size} gold stories`);
    console.log(formatTable([
      [`StoryIndex`, ours],
      [`TF-IDF single-pass t=${set.baselineThreshold}`, baseline],
    ]));
    if (sweep) sweepThresholds(docs, set.flagged);
    if (line === null) {
      line = {
        task: 'stories',
        set: `${set.name}${split === 'all' ? '' : `:${split}`}`,
        pairwise_f1: round(ours.pairwise.f1),
        bcubed_f1: round(ours.bcubed.f1),
        false_merge_rate: ours.falseMergeRate === null ? null : round(ours.falseMergeRate),
        pairwise_p: round(ours.pairwise.p),
        pairwise_r: round(ours.pairwise.r),
        bcubed_p: round(ours.bcubed.p),
        bcubed_r: round(ours.bcubed.r),
        wrong_pairs: ours.wrongPairs,
        cross_language_recall: ours.crossLanguageRecall === null ? null : round(ours.crossLanguageRecall),
        rehash_precision: ours.rehash === null ? null : round(ours.rehash.p),
        rehash_recall: ours.rehash === null ? null : round(ours.rehash.r),
        rehash_f1: ours.rehash === null ? null : round(ours.rehash.f1),
        docs: docs.length,
        clusters: ours.clusters,
        baseline: {
          threshold: set.baselineThreshold,
          pairwise_f1: round(baseline.pairwise.f1),
          bcubed_f1: round(baseline.bcubed.f1),
          false_merge_rate: baseline.falseMergeRate === null ? null : round(baseline.falseMergeRate),
        },
      };
    }
  }
  if (line) console.log(JSON.stringify(line));
  return line;
}

function sweepThresholds(docs: LabelledDoc[], flagged: Set<string>): void {
  const rows: Array<[string, Scores]> = [];
  for (const t of (process.env.SWEEP ?? '0.1,0.15,0.2,0.25,0.3,0.35,0.4').split(',').map(Number)) rows.push([`StoryIndex join ≥ ${t}`, scoreClusters(docs, clusterWithIndex(docs, t), flagged)]);
  console.log(formatTable(rows));
}

// ---- clustering -------------------------------------------------------------------------------------

// Sets without timestamps are clustered at one fixed instant: nothing is a rehash, nothing is dropped.
const UNDATED_NOW = Date.UTC(2020, 0, 1);

// A stream is replayed as the bot would see it: each item at its publication time (an undated one at the time
// it would be seen, see loadJsonl), so `now` is the item's own time.
function clusterWithIndex(docs: LabelledDoc[], joinThreshold?: number): Clustering {
  const index = new StoryIndex(joinThreshold === undefined ? {} : { joinThreshold, headlineJoinThreshold: joinThreshold });
  const labels: string[] = [];
  const rehash: boolean[] = [];
  for (const doc of docs) {
    const now = doc.seenAt ?? doc.publishedAt ?? UNDATED_NOW;
    const assignment = index.assign({ title: doc.title, text: doc.text, url: doc.url, publishedAt: doc.publishedAt }, now);
    const story = assignment.storyId ?? `s${index.storyCount}`;
    index.addFingerprint(story, assignment.fingerprint);
    labels.push(story);
    rehash.push(assignment.rehash);
  }
  return { labels, rehash };
}

/** The READMEs' baseline: \w+ lower-case tokens, sublinear tf, smooth idf fitted on the set, L2, centroid cosine ≥ t. */
function tfidfSinglePass(docs: LabelledDoc[], threshold: number): string[] {
  const tokenised = docs.map((d) => {
    const counts = new Map<string, number>();
    for (const w of (`${d.title}\n${d.text}`.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [])) counts.set(w, (counts.get(w) ?? 0) + 1);
    return counts;
  });
  const df = new Map<string, number>();
  for (const counts of tokenised) for (const w of counts.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = docs.length;
  const vectors = tokenised.map((counts) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, tf] of counts) {
      const x = (1 + Math.log(tf)) * (Math.log((1 + n) / (1 + df.get(w)!)) + 1);
      v.set(w, x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [w, x] of v) v.set(w, x / norm);
    return v;
  });
  const centroids: Array<{ sum: Map<string, number>; norm: number }> = [];
  const postings = new Map<string, number[]>();
  const labels: string[] = [];
  for (const v of vectors) {
    // Only centroids sharing a word can score above zero; the inverted index just saves time.
    const dots = new Map<number, number>();
    for (const [w, x] of v) for (const c of postings.get(w) ?? []) dots.set(c, (dots.get(c) ?? 0) + x * centroids[c]!.sum.get(w)!);
    let best = -1;
    let bestScore = -Infinity;
    for (const [c, dot] of dots) {
      const score = dot / (centroids[c]!.norm || 1);
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    if (best < 0 || bestScore < threshold) {
      best = centroids.length;
      centroids.push({ sum: new Map(), norm: 0 });
    }
    const centroid = centroids[best]!;
    for (const [w, x] of v) {
      if (!centroid.sum.has(w)) postings.set(w, [...(postings.get(w) ?? []), best]);
      centroid.sum.set(w, (centroid.sum.get(w) ?? 0) + x);
    }
    let norm = 0;
    for (const x of centroid.sum.values()) norm += x * x;
    centroid.norm = Math.sqrt(norm);
    labels.push(`c${best}`);
  }
  return labels;
}

// ---- scoring ----------------------------------------------------------------------------------------

function pairs(n: number): number {
  return (n * (n - 1)) / 2;
}

function scoreClusters(docs: LabelledDoc[], clustering: Clustering, flagged: Set<string>): Scores {
  const predicted = clustering.labels;
  const cells = new Map<string, number>();
  const goldSize = new Map<string, number>();
  const predSize = new Map<string, number>();
  docs.forEach((d, i) => {
    const p = predicted[i]!;
    cells.set(`${d.story}\u0000${p}`, (cells.get(`${d.story}\u0000${p}`) ?? 0) + 1);
    goldSize.set(d.story, (goldSize.get(d.story) ?? 0) + 1);
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
  });
  let tp = 0;
  for (const n of cells.values()) tp += pairs(n);
  let predPairs = 0;
  for (const n of predSize.values()) predPairs += pairs(n);
  const { wrong, neither, crossLanguageRecall } = pairCounts(docs, predicted, flagged);
  predPairs -= neither;
  let goldPairs = 0;
  for (const n of goldSize.values()) goldPairs += pairs(n);
  let bp = 0;
  let br = 0;
  docs.forEach((d, i) => {
    const p = predicted[i]!;
    const both = cells.get(`${d.story}\u0000${p}`)!;
    bp += both / predSize.get(p)!;
    br += both / goldSize.get(d.story)!;
  });
  return {
    pairwise: prf(predPairs === 0 ? 1 : tp / predPairs, goldPairs === 0 ? 1 : tp / goldPairs),
    bcubed: prf(bp / docs.length, br / docs.length),
    clusters: predSize.size,
    falseMergeRate: falseMergeRate(docs, predicted),
    wrongPairs: wrong,
    crossLanguageRecall,
    rehash: rehashScores(docs, clustering.rehash),
  };
}

// Pairs of different stories grouped (a flagged pair counts as neither), and recall on same-story pairs
// whose items are in different languages. Quadratic in the largest predicted or gold cluster, not in the set.
function pairCounts(docs: LabelledDoc[], predicted: string[], flagged: Set<string>): { wrong: number; neither: number; crossLanguageRecall: number | null } {
  const byPredicted = groupIndices(predicted);
  let wrong = 0;
  let neither = 0;
  for (const members of byPredicted.values()) {
    forPairs(members, (i, j) => {
      if (docs[i]!.story === docs[j]!.story) return;
      if (flagged.has(pairKey(docs[i]!.story, docs[j]!.story))) neither++;
      else wrong++;
    });
  }
  let cross = 0;
  let crossTogether = 0;
  for (const members of groupIndices(docs.map((d) => d.story)).values()) {
    forPairs(members, (i, j) => {
      const [a, b] = [docs[i]!.lang, docs[j]!.lang];
      if (a === null || b === null || a === b) return;
      cross++;
      if (predicted[i] === predicted[j]) crossTogether++;
    });
  }
  return { wrong, neither, crossLanguageRecall: cross === 0 ? null : crossTogether / cross };
}

function rehashScores(docs: LabelledDoc[], predicted: boolean[]): { p: number; r: number; f1: number } | null {
  if (docs.every((d) => d.rehash === null)) return null;
  let tp = 0;
  let flagged = 0;
  let gold = 0;
  docs.forEach((d, i) => {
    if (predicted[i]) flagged++;
    if (d.rehash) gold++;
    if (predicted[i] && d.rehash) tp++;
  });
  return prf(flagged === 0 ? 1 : tp / flagged, gold === 0 ? 1 : tp / gold);
}

function groupIndices(labels: string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const members = groups.get(label);
    if (members) members.push(i);
    else groups.set(label, [i]);
  });
  return groups;
}

function forPairs(members: number[], visit: (i: number, j: number) => void): void {
  for (let a = 0; a < members.length; a++) for (let b = a + 1; b < members.length; b++) visit(members[a]!, members[b]!);
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function prf(p: number, r: number): { p: number; r: number; f1: number } {
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}

// Of the pairs sharing a topic but not a story (ECB+'s hard negatives), the share put in one cluster.
function falseMergeRate(docs: LabelledDoc[], predicted: string[]): number | null {
  const byTopic = new Map<string, number[]>();
  docs.forEach((d, i) => {
    if (d.topic !== null) byTopic.set(d.topic, [...(byTopic.get(d.topic) ?? []), i]);
  });
  let hard = 0;
  let merged = 0;
  for (const members of byTopic.values()) {
    for (let a = 0; a < members.length; a++) {
      for (let b = a + 1; b < members.length; b++) {
        const i = members[a]!;
        const j = members[b]!;
        if (docs[i]!.story === docs[j]!.story) continue;
        hard++;
        if (predicted[i] === predicted[j]) merged++;
      }
    }
  }
  return hard === 0 ? null : merged / hard;
}

function formatTable(rows: Array<[string, Scores]>): string {
  const head = ['system', 'pw P', 'pw R', 'pw F1', 'B³ P', 'B³ R', 'B³ F1', 'clusters', 'false merges'];
  const body = rows.map(([name, s]) => [
    name,
    ...[s.pairwise.p, s.pairwise.r, s.pairwise.f1, s.bcubed.p, s.bcubed.r, s.bcubed.f1].map((x) => x.toFixed(3)),
    String(s.clusters),
    s.falseMergeRate === null ? '—' : `${(s.falseMergeRate * 100).toFixed(1)}%`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

// ---- loading ----------------------------------------------------------------------------------------

function loadSet(target: string): LabelledSet | null {
  if (statSync(target).isFile()) return loadFile(target);
  const files = readdirSync(target).sort();
  const pick = files.find((f) => f.endsWith('.jsonl') && !f.startsWith('flags_') && !f.startsWith('meta')) ?? files.find((f) => f.endsWith('.csv')) ?? files.find((f) => f.endsWith('.tsv'));
  return pick ? loadFile(path.join(target, pick), path.basename(target)) : null;
}

function loadFile(file: string, name = path.basename(file).replace(/\.[^.]+$/, '')): LabelledSet | null {
  const content = readFileSync(file, 'utf8');
  if (file.endsWith('.jsonl')) return loadJsonl(content, name, loadFlags(path.dirname(file)));
  if (file.endsWith('.csv')) return loadUciCsv(content, name);
  if (file.endsWith('.tsv')) return loadCardsTsv(content, name);
  return null;
}

interface JsonlRecord {
  doc_id: string | number;
  story_id: string | number;
  text: string;
  title_or_first_sentence?: string | null;
  title?: string | null;
  url?: string | null;
  published?: string | number | null;
  topic?: string | number | null;
  split?: string | null;
  lang?: string | null;
  rehash?: boolean | null;
}

/**
 * Any JSONL in the format of ecbplus_documents.jsonl, with `title`, `lang`, `topic`, `rehash` and `url` where
 * given. A set with dates is replayed as a stream in publication order; an item whose date cannot be read
 * (even by the feed date parser: "dimanche 12 janvier 2020 09:30") takes the time it would be seen, that of
 * the newest item before it in the file. A set with no dates at all keeps the sha1(doc_id) order.
 */
function loadJsonl(content: string, name: string, flagged = new Set<string>()): LabelledSet {
  const records = content.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as JsonlRecord);
  const docs = records.map((r): LabelledDoc => {
    const title = r.title ?? r.title_or_first_sentence ?? '';
    // ECB+ repeats the first sentence as the title: keep it once.
    const text = title && r.text.startsWith(title) ? r.text.slice(title.length).replace(/^\n/, '') : r.text;
    return {
      id: String(r.doc_id),
      story: String(r.story_id),
      title,
      text,
      url: r.url ?? null,
      publishedAt: parsePublished(r.published),
      seenAt: null,
      topic: r.topic === undefined || r.topic === null ? null : String(r.topic),
      split: r.split ?? null,
      lang: r.lang ?? null,
      rehash: typeof r.rehash === 'boolean' ? r.rehash : null,
    };
  });
  const dated = docs.some((d) => d.publishedAt !== null);
  const undated = docs.filter((d) => d.publishedAt === null).length;
  if (dated) {
    let seen = docs.find((d) => d.publishedAt !== null)!.publishedAt!;
    for (const d of docs) {
      if (d.publishedAt !== null) seen = Math.max(seen, d.publishedAt);
      d.seenAt = d.publishedAt ?? seen;
    }
  }
  const sha1 = (id: string) => createHash('sha1').update(id).digest('hex');
  const keyed = docs.map((d, position) => ({ d, position, key: sha1(d.id) }));
  // A stream keeps file order among items of one instant; a set with no dates is shuffled by id.
  keyed.sort((a, b) => (dated ? a.d.seenAt! - b.d.seenAt! || a.position - b.position : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const splits = new Set(docs.map((d) => d.split));
  return {
    name,
    docs: keyed.map((x) => x.d),
    order: dated ? `published (a stream; ${undated} undated item(s) at the time they would be seen)` : 'sha1(doc_id) (no timestamps)',
    baselineThreshold: 0.3,
    splits: splits.has('test') ? ['test', ...(splits.has('dev') ? ['dev'] : []), 'all'] : ['all'],
    flagged,
  };
}

function parsePublished(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : parseFeedDate(value);
}

/** WMT's flags_possible_same_event.jsonl beside the documents: pairs of stories that may be one event. */
function loadFlags(dir: string): Set<string> {
  const file = path.join(dir, 'flags_possible_same_event.jsonl');
  const flagged = new Set<string>();
  if (!existsSync(file)) return flagged;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const f = JSON.parse(line) as { story_a: string; story_b: string };
    flagged.add(pairKey(String(f.story_a), String(f.story_b)));
  }
  return flagged;
}

/** The UCI News Aggregator CSV (ID,TITLE,URL,PUBLISHER,CATEGORY,STORY,HOSTNAME,TIMESTAMP), in TIMESTAMP order. */
function loadUciCsv(content: string, name: string): LabelledSet | null {
  const rows = parseCsv(content);
  const header = rows.shift();
  if (!header) return null;
  const col = (n: string) => header.indexOf(n);
  const [id, title, url, story, ts] = [col('ID'), col('TITLE'), col('URL'), col('STORY'), col('TIMESTAMP')];
  if (id < 0 || title < 0 || story < 0) return null;
  const docs = rows
    .filter((r) => r.length === header.length)
    .map((r): LabelledDoc => ({
      id: r[id]!,
      story: r[story]!,
      title: r[title]!,
      text: '',
      url: url >= 0 ? r[url]! : null,
      publishedAt: ts >= 0 ? Number(r[ts]) : null,
      seenAt: null,
      topic: null,
      split: null,
      lang: null,
      rehash: null,
    }));
  docs.sort((a, b) => (a.publishedAt ?? 0) - (b.publishedAt ?? 0) || Number(a.id) - Number(b.id));
  return { name, docs, order: 'TIMESTAMP, then ID', baselineThreshold: 0.1, splits: ['all'], flagged: new Set() };
}

function parseCsv(content: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (quoted) {
      if (c === '"' && content[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** Google News cards TSV (section, card, headline); cards sharing a normalised headline are one story. */
function loadCardsTsv(content: string, name: string): LabelledSet {
  const lines = content.split('\n').filter((l) => l.trim()).map((l) => l.split('\t'));
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const byHeadline = new Map<string, string>();
  for (const [section, card, headline] of lines) {
    const id = `${section}:${card}`;
    if (!parent.has(id)) parent.set(id, id);
    // Normalised as the README's 267-story gold: lower case, runs of non-word characters as one space.
    const key = (headline ?? '').toLowerCase().replace(/[^\p{L}\p{N}_]+/gu, ' ').trim();
    const other = byHeadline.get(key);
    if (other) parent.set(find(id), find(other));
    else byHeadline.set(key, id);
  }
  const docs = lines.map(([section, card, headline], i): LabelledDoc => ({
    id: String(i),
    story: find(`${section}:${card}`),
    title: (headline ?? '').trim(),
    text: '',
    url: null,
    publishedAt: null,
    seenAt: null,
    topic: null,
    split: null,
    lang: null,
    rehash: null,
  }));
  return { name, docs, order: 'file order', baselineThreshold: 0.2, splits: ['all'], flagged: new Set() };
}

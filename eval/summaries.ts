// Summary quality on CNN/DailyMail (See et al. 2017 test split): `npm run eval -- summaries [--data <dir>]
// [--every 10]`. ROUGE-1/2/Lsum F1 the way rouge-score computes them (lower-case, [^a-z0-9] → space, Porter
// stems for tokens over 3 characters, per-document F1 averaged), for our summariser, Lead-3 and the stored
// pointer-generator outputs; the port is checked against the Lead-3 figures the data's README gives.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { porterStem } from '../src/lang/porter.js';
import { summarize } from '../src/summaries/summarize.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DATA = path.resolve(repoRoot, '../shared/eval-data/summarization/cnndm-test-see2017');

/** Lead-3 on every 10th id as measured by the data's README with a rouge-score-style scorer. */
const README_LEAD3_EVERY_10 = { rouge1: 40.3, rouge2: 17.58, rougeL: 36.64 };
const README_LEAD3_ALL = { rouge1: 40.05, rouge2: 17.49, rougeL: 36.35 };

interface Rouge {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

interface Article {
  id: string;
  article: string;
  reference: string;
}

interface ModelOutputs {
  id: string;
  pointer_gen: string;
  pointer_gen_cov: string;
}

// ---- rouge-score, re-implemented ------------------------------------------------------------------------

const stemCache = new Map<string, string>();

function rougeTokens(text: string): string[] {
  const words = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').split(' ').filter(Boolean);
  return words.map((w) => {
    if (w.length <= 3) return w;
    let stem = stemCache.get(w);
    if (stem === undefined) {
      stem = porterStem(w);
      stemCache.set(w, stem);
    }
    return stem;
  });
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function fmeasure(hits: number, predicted: number, reference: number): number {
  const precision = predicted === 0 ? 0 : hits / predicted;
  const recall = reference === 0 ? 0 : hits / reference;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function rougeN(reference: readonly string[], predicted: readonly string[], n: number): number {
  const want = ngramCounts(reference, n);
  const got = ngramCounts(predicted, n);
  let hits = 0;
  for (const [key, count] of want) hits += Math.min(count, got.get(key) ?? 0);
  return fmeasure(hits, Math.max(0, predicted.length - n + 1), Math.max(0, reference.length - n + 1));
}

/** Indices into `ref` of one longest common subsequence with `can`, backtracked as rouge-score does. */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const rows = ref.length + 1;
  const cols = can.length + 1;
  const table = new Uint16Array(rows * cols);
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      table[i * cols + j] =
        ref[i - 1] === can[j - 1] ? table[(i - 1) * cols + j - 1]! + 1 : Math.max(table[(i - 1) * cols + j]!, table[i * cols + j - 1]!);
    }
  }
  const out: number[] = [];
  let i = ref.length;
  let j = can.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if (table[i * cols + j - 1]! > table[(i - 1) * cols + j]!) {
      j--;
    } else {
      i--;
    }
  }
  return out.reverse();
}

/** Summary-level ROUGE-L ("rougeLsum"): union LCS of each reference sentence against all predicted ones. */
function rougeLsum(reference: readonly string[][], predicted: readonly string[][]): number {
  const m = reference.reduce((n, s) => n + s.length, 0);
  const n = predicted.reduce((k, s) => k + s.length, 0);
  if (m === 0 || n === 0) return 0;
  const refCounts = new Map<string, number>();
  const canCounts = new Map<string, number>();
  for (const s of reference) for (const t of s) refCounts.set(t, (refCounts.get(t) ?? 0) + 1);
  for (const s of predicted) for (const t of s) canCounts.set(t, (canCounts.get(t) ?? 0) + 1);
  let hits = 0;
  for (const r of reference) {
    const union = new Set<number>();
    for (const c of predicted) for (const i of lcsIndices(r, c)) union.add(i);
    for (const i of [...union].sort((a, b) => a - b)) {
      const token = r[i]!;
      if ((canCounts.get(token) ?? 0) > 0 && (refCounts.get(token) ?? 0) > 0) {
        hits++;
        canCounts.set(token, canCounts.get(token)! - 1);
        refCounts.set(token, refCounts.get(token)! - 1);
      }
    }
  }
  return fmeasure(hits, n, m);
}

/** Scores one summary; both texts hold one sentence per line. */
export function rouge(reference: string, predicted: string): Rouge {
  const refSentences = reference.split('\n').filter((s) => s.length > 0).map(rougeTokens);
  const predSentences = predicted.split('\n').filter((s) => s.length > 0).map(rougeTokens);
  const refTokens = rougeTokens(reference);
  const predTokens = rougeTokens(predicted);
  return {
    rouge1: rougeN(refTokens, predTokens, 1),
    rouge2: rougeN(refTokens, predTokens, 2),
    rougeL: rougeLsum(refSentences, predSentences),
  };
}

// ---- The data -------------------------------------------------------------------------------------------

function readJsonLines<T>(file: string): T[] {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** Sentences of a tokenised article: split after ".", "!" or "?" tokens, keeping a closing '' with them. */
function tokenisedSentences(article: string): string[] {
  const tokens = article.split(' ').filter(Boolean);
  const sentences: string[] = [];
  let current: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    current.push(tokens[i]!);
    if (/^[.!?]$/.test(tokens[i]!)) {
      if (tokens[i + 1] === "''") current.push(tokens[++i]!);
      sentences.push(current.join(' '));
      current = [];
    }
  }
  if (current.length > 0) sentences.push(current.join(' '));
  return sentences;
}

// ---- The run --------------------------------------------------------------------------------------------

export async function run(args: string[]): Promise<number> {
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const dir = path.resolve(option('--data') ?? DEFAULT_DATA);
  const every = Number(option('--every') ?? 10);
  const limit = Number(option('--limit') ?? Infinity);
  const articlesFile = path.join(dir, 'cnndm_test_articles_references.jsonl.gz');
  if (!existsSync(articlesFile)) {
    console.error(`summarisation data not found at ${dir}; skipping`);
    console.log(JSON.stringify({ task: 'summaries', n: 0, skipped: true }));
    return 0;
  }
  const articles = readJsonLines<Article>(articlesFile).filter((a) => Number(a.id) % every === 0).slice(0, limit);
  const outputsFile = path.join(dir, 'cnndm_test_see2017_model_outputs.jsonl.gz');
  const outputs = new Map(existsSync(outputsFile) ? readJsonLines<ModelOutputs>(outputsFile).map((o) => [o.id, o] as const) : []);

  const systems = ['ours (extractive)', 'lead-3', 'pointer-gen + coverage', 'pointer-gen'] as const;
  const totals = new Map<string, Rouge>(systems.map((s) => [s, { rouge1: 0, rouge2: 0, rougeL: 0 }]));
  const counts = new Map<string, number>(systems.map((s) => [s, 0]));
  const add = (system: string, score: Rouge): void => {
    const t = totals.get(system)!;
    t.rouge1 += score.rouge1;
    t.rouge2 += score.rouge2;
    t.rougeL += score.rougeL;
    counts.set(system, counts.get(system)! + 1);
  };
  let millis = 0;
  for (const a of articles) {
    const sentences = tokenisedSentences(a.article);
    add('lead-3', rouge(a.reference, sentences.slice(0, 3).join('\n')));
    const start = performance.now();
    // The corpus is already split into sentences; one a line, our segmenter keeps them whole.
    const summary = summarize({ title: '', text: sentences.join('\n'), lang: 'en' });
    millis += performance.now() - start;
    add('ours (extractive)', rouge(a.reference, summary.sentences.join('\n')));
    const model = outputs.get(a.id);
    if (model) {
      add('pointer-gen + coverage', rouge(a.reference, model.pointer_gen_cov));
      add('pointer-gen', rouge(a.reference, model.pointer_gen));
    }
  }
  const mean = (system: string): Rouge => {
    const t = totals.get(system)!;
    const n = Math.max(1, counts.get(system)!);
    return { rouge1: (100 * t.rouge1) / n, rouge2: (100 * t.rouge2) / n, rougeL: (100 * t.rougeL) / n };
  };

  const lead = mean('lead-3');
  const expected = every === 10 && articles.length === 1149 ? README_LEAD3_EVERY_10 : every === 1 && articles.length === 11490 ? README_LEAD3_ALL : null;
  console.log(`CNN/DailyMail test, every ${every}th id: ${articles.length} articles; ${(millis / articles.length).toFixed(2)} ms per article for our summariser`);
  if (expected) {
    const drift = Math.max(Math.abs(lead.rouge1 - expected.rouge1), Math.abs(lead.rouge2 - expected.rouge2), Math.abs(lead.rougeL - expected.rougeL));
    console.log(
      `ROUGE port check: Lead-3 ${fmt(lead)} against the README's ${fmt(expected)} — ${drift <= 0.02 ? 'reproduced' : `OFF by up to ${drift.toFixed(2)}`}`,
    );
  }
  const rows = systems.filter((s) => counts.get(s)! > 0).map((s) => [s, ...Object.values(mean(s)).map((x) => x.toFixed(2))]);
  console.log(table(['system', 'ROUGE-1', 'ROUGE-2', 'ROUGE-Lsum'], rows));
  const ours = mean('ours (extractive)');
  console.log(
    JSON.stringify({
      task: 'summaries',
      n: articles.length,
      rouge1: round2(ours.rouge1),
      rouge2: round2(ours.rouge2),
      rougeL: round2(ours.rougeL),
      lead3_rouge1: round2(lead.rouge1),
      lead3_rouge2: round2(lead.rouge2),
      lead3_rougeL: round2(lead.rougeL),
      ms_per_article: round2(millis / articles.length),
    }),
  );
  return 0;
}

function fmt(r: Rouge): string {
  return `${r.rouge1.toFixed(2)}/${r.rouge2.toFixed(2)}/${r.rougeL.toFixed(2)}`;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// Extractive summary of a news article, English or French: sentences scored by position (news puts the
// point first), centrality among the article's sentences, overlap with the title and topics and density of
// facts (names, numbers), minus padding; the best are taken without repeats and given back in text order.
import { withoutRunInFurniture } from '../lang/run-in-furniture.js';
import { isFiller } from './filler.js';
import { detectLanguage } from '../lang/detect.js';
import { refersBack, splitSentences } from '../lang/segment.js';
import type { Sentence } from '../lang/segment.js';
import { contentStems } from './words.js';

export interface Summary {
  sentences: string[];
  text: string;
  lang: string | null;
  method: 'extractive' | 'llm';
}

export interface SummaryDocument {
  title: string;
  text: string;
  lang?: string | null;
  topics?: string[];
}

export interface SummaryOptions {
  maxSentences?: number;
  maxChars?: number;
}

/** How much each signal counts; tuned on a CNN/DailyMail slice disjoint from the evaluated one. */
export interface SummaryWeights {
  /** Weight of the position prior 1 / (1 + index / positionDecay). */
  position: number;
  positionDecay: number;
  centrality: number;
  /** Centrality counts similarity to later sentences (what the article goes on to develop) … */
  forward: number;
  /** … and to earlier ones (usually repetition) with its own sign. */
  backward: number;
  title: number;
  topics: number;
  facts: number;
  filler: number;
  tooShort: number;
  question: number;
  /** Bonus for substance: a sentence's words up to `fullLength`, as a share. */
  length: number;
  fullLength: number;
  /** Cosine similarity above which a sentence repeats one already chosen. */
  redundancy: number;
}

export const DEFAULT_WEIGHTS: SummaryWeights = {
  position: 1,
  positionDecay: 10,
  centrality: 1,
  forward: 1,
  backward: -0.75,
  title: 0.3,
  topics: 0.1,
  facts: 0.3,
  filler: 1,
  tooShort: 0.5,
  question: 0.3,
  length: 0.2,
  fullLength: 25,
  redundancy: 0.35,
};

const DEFAULT_MAX_SENTENCES = 3;
const DEFAULT_MAX_CHARS = 700;
/** Sentences shorter than this (in words) are labels, datelines or fragments. */
const MIN_WORDS = 6;
/**
 * Centrality compares every candidate with every other, so the work grows with the square of their number;
 * a hostile page of 800 KB of sentences held the event loop for half a minute. A news article's point is in
 * its first sentences (the position prior already gives the 300th a twentieth of the first's weight), so
 * only the opening of a long text competes: this many characters, at most this many sentences.
 */
const MAX_CANDIDATE_CHARS = 60_000;
const MAX_CANDIDATES = 300;

interface Candidate {
  sentence: Sentence;
  vector: Map<string, number>;
  norm: number;
  words: number;
  score: number;
}

export function summarize(doc: SummaryDocument, opts: SummaryOptions = {}, weights: SummaryWeights = DEFAULT_WEIGHTS): Summary {
  const lang = doc.lang?.slice(0, 2).toLowerCase() || detectLanguage(doc.text);
  const maxSentences = opts.maxSentences ?? DEFAULT_MAX_SENTENCES;
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  const sentences = withoutStandfirst(openingSentences(doc.text), doc.title, lang);
  if (sentences.length === 0) return { sentences: [], text: '', lang, method: 'extractive' };

  const candidates = vectorise(sentences, lang);
  const titleVector = tfVector(contentStems(doc.title, lang));
  const topicStems = new Set((doc.topics ?? []).flatMap((t) => contentStems(t, lang)));
  scoreCandidates(candidates, titleVector, topicStems, weights);

  const ranked = [...candidates].sort((a, b) => b.score - a.score);
  const budget = { maxSentences, maxChars, redundancy: weights.redundancy };
  let chosen = pick(ranked, budget, [], new Set()) ?? [];
  // Never open on a sentence that leans on one left out ("Le message appelle…", "This came after…"): it
  // takes its antecedent along when the budget allows, else it gives way to the next best sentence.
  const seeds: Candidate[] = [];
  const excluded = new Set<Candidate>();
  let extra = 0;
  for (let round = 0; round < 3 && chosen.length > 0; round++) {
    const opener = chosen.reduce((a, b) => (b.sentence.index < a.sentence.index ? b : a));
    const unit = withAntecedents(candidates, opener);
    if (unit.length === 1) break;
    // The antecedent comes on top of the sentence count; the character budget still holds.
    const widened = { ...budget, maxSentences: budget.maxSentences + extra + unit.length - 1 };
    const withUnit = unit.some((k) => isFiller(k.sentence.text)) ? null : pick(ranked, widened, [...seeds, ...unit], excluded);
    if (withUnit) {
      seeds.push(...unit);
      extra += unit.length - 1;
    } else excluded.add(opener);
    chosen = withUnit ?? pick(ranked, { ...budget, maxSentences: budget.maxSentences + extra }, seeds, excluded) ?? [];
  }
  if (chosen.length === 0) {
    // Even the best sentence is over budget: cut it at a word boundary.
    const best = [...candidates].sort((a, b) => b.score - a.score)[0]!;
    const cut = truncate(best.sentence.text, maxChars);
    return { sentences: [cut], text: cut, lang, method: 'extractive' };
  }
  const picked = chosen.sort((a, b) => a.sentence.index - b.sentence.index).map((c) => withoutDateline(c.sentence.text));
  return { sentences: picked, text: picked.join(' '), lang, method: 'extractive' };
}

/**
 * The sentences that compete for the summary: those of the text's opening, none cut in half, without the
 * furniture run into the paragraphs (bylines, "Lire aussi :", programme blurbs). Each keeps its number in
 * the text (the position prior); the one before a candidate is the previous candidate.
 */
function openingSentences(text: string): Sentence[] {
  const cut = text.length > MAX_CANDIDATE_CHARS;
  const sentences = splitSentences(cut ? text.slice(0, MAX_CANDIDATE_CHARS) : text);
  // The cut most likely fell inside the last sentence; a fragment must not be picked as if it were whole.
  if (cut && sentences.length > 1) sentences.pop();
  const own: Sentence[] = [];
  for (let start = 0; start < sentences.length; ) {
    let end = start + 1;
    while (end < sentences.length && sentences[end]!.paragraph === sentences[start]!.paragraph) end++;
    const paragraph = sentences.slice(start, end);
    withoutRunInFurniture(paragraph.map((s) => s.text)).forEach((kept, k) => {
      if (kept !== null && /\p{L}/u.test(kept)) own.push({ ...paragraph[k]!, text: kept });
    });
    if (own.length >= MAX_CANDIDATES) break;
    start = end;
  }
  return own.slice(0, MAX_CANDIDATES);
}

/** Two opening sentences of which the first is a standfirst: each at least this share of the headline's words. */
const STANDFIRST_TITLE_SHARE = 0.5;

/**
 * A standfirst that repeats the headline, alone in the first paragraph before a lead that says the same
 * at greater length (an Al Jazeera page, many dailies): the lead opens the summary, the standfirst leaves.
 */
function withoutStandfirst(sentences: Sentence[], title: string, lang: string | null): Sentence[] {
  const [first, lead] = sentences;
  if (!first || !lead || first.paragraph === lead.paragraph || sentences[1]?.paragraph !== lead.paragraph) return sentences;
  const titleStems = new Set(contentStems(title, lang));
  if (titleStems.size < 3) return sentences;
  const share = (text: string): number => {
    const stems = new Set(contentStems(text, lang));
    let found = 0;
    for (const stem of titleStems) if (stems.has(stem)) found++;
    return found / titleStems.size;
  };
  const words = (text: string): number => text.split(/\s+/).length;
  if (share(first.text) < STANDFIRST_TITLE_SHARE || share(lead.text) < STANDFIRST_TITLE_SHARE || words(lead.text) < words(first.text)) return sentences;
  return sentences.slice(1).map((s, index) => ({ ...s, index }));
}

/**
 * The best sentences in score order that fit the budget and do not repeat one another, after `seeds`
 * (taken first, as they are); null when the seeds alone do not fit.
 */
function pick(
  ranked: readonly Candidate[],
  budget: { maxSentences: number; maxChars: number; redundancy: number },
  seeds: readonly Candidate[],
  excluded: ReadonlySet<Candidate>,
): Candidate[] | null {
  const chosen = [...new Set(seeds)];
  let chars = chosen.reduce((n, k) => n + k.sentence.text.length, 0) + Math.max(0, chosen.length - 1);
  if (chosen.length > budget.maxSentences || chars > budget.maxChars) return null;
  for (const c of ranked) {
    if (chosen.length >= budget.maxSentences) break;
    if (excluded.has(c) || chosen.includes(c)) continue;
    const length = c.sentence.text.length + (chosen.length > 0 ? 1 : 0);
    if (chars + length > budget.maxChars) continue;
    if (chosen.some((k) => cosine(k, c) > budget.redundancy)) continue;
    chosen.push(c);
    chars += length;
  }
  return chosen;
}

/** The candidate, preceded by the sentences its opening refers back to (at most two), in text order. */
function withAntecedents(candidates: readonly Candidate[], c: Candidate): Candidate[] {
  const unit = [c];
  for (let at = candidates.indexOf(c); unit.length < 3 && at > 0 && refersBack(candidates[at]!.sentence.text); at--) unit.unshift(candidates[at - 1]!);
  return unit;
}

function vectorise(sentences: readonly Sentence[], lang: string | null): Candidate[] {
  const stemLists = sentences.map((s) => contentStems(s.text, lang));
  const documentFrequency = new Map<string, number>();
  for (const stems of stemLists) for (const stem of new Set(stems)) documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1);
  const n = sentences.length;
  return sentences.map((sentence, i) => {
    const vector = new Map<string, number>();
    for (const [stem, tf] of tfVector(stemLists[i]!)) vector.set(stem, tf * Math.log((n + 1) / documentFrequency.get(stem)!));
    return { sentence, vector, norm: normOf(vector), words: sentence.text.split(/\s+/).length, score: 0 };
  });
}

function scoreCandidates(candidates: Candidate[], titleVector: Map<string, number>, topicStems: Set<string>, w: SummaryWeights): void {
  const n = candidates.length;
  const centrality = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const similarity = cosine(candidates[i]!, candidates[j]!);
      if (similarity === 0) continue;
      centrality[i]! += w.forward * similarity;
      centrality[j]! += w.backward * similarity;
    }
  }
  if (n > 1) for (let i = 0; i < n; i++) centrality[i]! /= n - 1;
  const maxCentrality = Math.max(...centrality.map(Math.abs), 1e-9);
  const titleNorm = normOf(titleVector);
  candidates.forEach((c, i) => {
    const text = c.sentence.text;
    let score = w.position / (1 + c.sentence.index / w.positionDecay);
    score += (w.centrality * centrality[i]!) / maxCentrality;
    if (titleNorm > 0 && c.norm > 0) score += w.title * dot(c.vector, titleVector) / (c.norm * titleNorm);
    if (topicStems.size > 0 && [...c.vector.keys()].some((s) => topicStems.has(s))) score += w.topics;
    score += w.facts * factDensity(text);
    if (isFiller(text)) score -= w.filler;
    if (c.words < MIN_WORDS) score -= w.tooShort;
    score += w.length * Math.min(1, c.words / w.fullLength);
    if (/\?["”»’)]*$/.test(text)) score -= w.question;
    c.score = score;
  });
}

/** Names and numbers per word, capped: "Niger's junta detained Bazoum on July 26" beats "This raised concerns". */
function factDensity(text: string): number {
  const words = text.split(/\s+/);
  let facts = 0;
  words.forEach((word, i) => {
    if (/\d/.test(word)) facts++;
    else if (i > 0 && /^["“«(]?\p{Lu}\p{Ll}/u.test(word)) facts++;
  });
  return Math.min(1, facts / Math.max(4, words.length / 3));
}

function tfVector(stems: readonly string[]): Map<string, number> {
  const v = new Map<string, number>();
  for (const s of stems) v.set(s, (v.get(s) ?? 0) + 1);
  return v;
}

function normOf(v: Map<string, number>): number {
  let sum = 0;
  for (const x of v.values()) sum += x * x;
  return Math.sqrt(sum);
}

function dot(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [k, x] of small) {
    const y = large.get(k);
    if (y !== undefined) sum += x * y;
  }
  return sum;
}

function cosine(a: Candidate, b: Candidate): number {
  return a.norm === 0 || b.norm === 0 ? 0 : dot(a.vector, b.vector) / (a.norm * b.norm);
}

/** "BAMAKO, 3 Aug (Reuters) - The junta…", "(CNN) The junta…" → "The junta…": the agency credit is not part of the news. */
function withoutDateline(sentence: string): string {
  const stripped = sentence.replace(/^[\p{Lu}][\p{L}\p{N} .,'’-]{0,40}?\s*\( ?(?:reuters|afp|ap|apa|cnn|xinhua|anadolu|aa|bloomberg|upi|dpa|efe|ansa) ?\)\s*[-–—:]*\s*|^\( ?(?:reuters|afp|ap|cnn|xinhua|bloomberg|upi|dpa) ?\)\s*[-–—:]*\s*/iu, '');
  return stripped.length >= 20 ? stripped.charAt(0).toUpperCase() + stripped.slice(1) : sentence;
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const space = cut.lastIndexOf(' ');
  return (space > maxChars / 2 ? cut.slice(0, space) : cut) + '…';
}

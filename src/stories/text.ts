// Text primitives for story matching: accent folding, word tokens with their casing and sentence position,
// light EN/FR stemming. Everything downstream compares folded ASCII so "Goïta", "Goita" and "GOITA" meet.
import { eventLexicon } from './event-lexicon.js';
import { BACKGROUND_NAMES, NATIONALITY_ALIASES, NOT_ENTITIES, STOPWORDS } from './lexicon.js';

const foldCache = new Map<number, string>();
const SPECIAL_FOLDS: Record<string, string> = {
  '\u2019': "'", '\u2018': "'", '\u02bc': "'", '\u00b4': "'", '\u201c': '"', '\u201d': '"', '\u00ab': '"', '\u00bb': '"',
  '\u2013': '-', '\u2014': '-', '\u2010': '-', '\u2011': '-', '\u0153': 'oe', '\u0152': 'OE', '\u00e6': 'ae', '\u00c6': 'AE',
  '\u00df': 'ss', '\u00f8': 'o', '\u00d8': 'O', '\u0111': 'd', '\u0110': 'D', '\u0142': 'l', '\u0141': 'L',
  '\u00a0': ' ', '\u202f': ' ', '\u2009': ' ',
};

function foldChar(code: number): string {
  let folded = foldCache.get(code);
  if (folded === undefined) {
    const ch = String.fromCharCode(code);
    folded = SPECIAL_FOLDS[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '');
    foldCache.set(code, folded);
  }
  return folded;
}

/** Strips accents and typographic variants, keeping case: "Goïta’s" → "Goita's". */
export function foldAccents(text: string): string {
  return NON_ASCII.test(text) ? text.replace(NON_ASCII_ALL, (ch) => foldChar(ch.charCodeAt(0))) : text;
}

const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_ALL = /[\u0080-\uffff]/g;

/** One word of a text after folding. */
export interface Token {
  /** Folded, lower-case surface form ("mali", "6.1", "1000"). */
  word: string;
  /** Starts with a capital letter in the source (ignored on all-caps or title-case lines). */
  capitalised: boolean;
  /** First word of a sentence or line, where capitals say nothing about names. */
  sentenceStart: boolean;
  numeric: boolean;
  /** Character offset in the folded text. */
  offset: number;
  /** The token sits on a headline-like line (title case or all caps). */
  headline: boolean;
}

// Numbers keep their decimal point ("6.1"); "1,000" and "1 000" are joined later.
const TOKEN_RE = /\d+(?:[.,]\d+)*|[A-Za-z]+/g;

/** Splits folded text into tokens, marking sentence starts and headline-like lines. */
export function tokenise(folded: string): Token[] {
  const tokens: Token[] = [];
  let lineStart = 0;
  for (const line of folded.split('\n')) {
    const lineTokens: Token[] = [];
    let lastEnd = 0;
    TOKEN_RE.lastIndex = 0;
    for (let m = TOKEN_RE.exec(line); m !== null; m = TOKEN_RE.exec(line)) {
      const raw = m[0];
      const gap = lastEnd === m.index ? '' : line.slice(lastEnd, m.index);
      lastEnd = m.index + raw.length;
      const numeric = raw.charCodeAt(0) < 65;
      const first = raw.charCodeAt(0);
      lineTokens.push({
        word: numeric ? normaliseNumber(raw) : raw.toLowerCase(),
        capitalised: first >= 65 && first <= 90,
        sentenceStart: lineTokens.length === 0 || endsSentence(gap),
        numeric,
        offset: lineStart + m.index,
        headline: false,
      });
    }
    markHeadline(lineTokens);
    for (const t of lineTokens) tokens.push(t);
    lineStart += line.length + 1;
  }
  return tokens;
}

// A line where most words are capitalised (a title, a menu, a shouted headline) says nothing about names.
function markHeadline(line: Token[]): void {
  let words = 0;
  let capitals = 0;
  for (const t of line) {
    if (t.numeric || t.word.length < 3 || STOPWORDS.has(t.word)) continue;
    words++;
    if (t.capitalised) capitals++;
  }
  if (words >= 2 && line.length <= 20 && capitals / words >= 0.7) for (const t of line) t.headline = true;
}

// The text between two words closes a sentence ("said. The", "Niger: Putin") or sets off an aside (" – ").
function endsSentence(gap: string): boolean {
  for (let i = 0; i < gap.length; i++) {
    const c = gap.charCodeAt(i);
    // . ! ? : ;
    if (c === 46 || c === 33 || c === 63 || c === 58 || c === 59) return true;
  }
  return gap.trim() === '-';
}

function normaliseNumber(raw: string): string {
  // "1,000,000" is a thousands grouping; "6,1" is a French decimal.
  if (/^\d{1,3}(?:,\d{3})+$/.test(raw)) return raw.replace(/,/g, '');
  return raw.replace(/,/g, '.');
}

/** Common words of a language that carry no story identity. */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Words that are capitalised for grammar, not because they name someone (titles, weekdays, months). */
export function isCapitalisedCommonWord(word: string): boolean {
  return STOPWORDS.has(word) || NOT_ENTITIES.has(word);
}

/** A country, continent or region (after canonicalName): the setting of many events, not one event's identity. */
export function isBackgroundName(name: string): boolean {
  return BACKGROUND_NAMES.has(name);
}

/** "malian", "maliens", "russe" → the country; keeps EN and FR rewrites of one story comparable. */
export function canonicalName(word: string): string {
  return NATIONALITY_ALIASES.get(word) ?? eventLexicon().aliases.get(word) ?? word;
}

/**
 * Light stemmer shared by English and French: strips plural and a few inflections, then keeps a prefix.
 * Rewrites swap "negotiations" for "negotiate" and "intervention" for "intervene"; exact stems miss that.
 */
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    // Bounded: news vocabulary is large but repetitive, and a miss only costs the computation.
    if (stemCache.size >= STEM_CACHE_SIZE) stemCache.clear();
    stemmed = computeStem(word);
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

const STEM_CACHE_SIZE = 100_000;
const STEM_PREFIX = 7;
const stemCache = new Map<string, string>();

function computeStem(word: string): string {
  let w = canonicalName(word);
  if (w !== word) return w;
  const n = w.length;
  if (n > 4) {
    if (w.endsWith('ies')) w = w.slice(0, -3) + 'y';
    else if (w.endsWith('sses')) w = w.slice(0, -2);
    else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
    else if (w.endsWith('x') && (w.endsWith('aux') || w.endsWith('eux'))) w = w.slice(0, -1);
  }
  if (w.length > 5) {
    if (w.endsWith('ing')) w = w.slice(0, -3);
    else if (w.endsWith('ed') || w.endsWith('ee')) w = w.slice(0, -2);
    else if (w.endsWith('e')) w = w.slice(0, -1);
  }
  return w.length > STEM_PREFIX ? w.slice(0, STEM_PREFIX) : w;
}

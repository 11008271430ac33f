// What the story index keeps of one item: weighted content words, named entities with numbers and dates,
// a MinHash signature with its LSH bands, salient keys for finding rewrites, and the event date. Compact
// typed arrays of 32-bit hashes, so 100k members fit in memory and a fingerprint persists as a BLOB.
import { eventDateFrom, findDateMentions } from './dates.js';
import type { DateMention, EventDate } from './dates.js';
import { eventLexicon, nameSkeleton } from './event-lexicon.js';
import { combine, hashString, mix32 } from './hash.js';
import { canonicalUrl, titleKey } from './identity.js';
import { canonicalName, foldAccents, isBackgroundName, isCapitalisedCommonWord, isStopword, stem, tokenise } from './text.js';
import type { Token } from './text.js';

/** One news item as the story stage sees it. */
export interface StoryDoc {
  title: string;
  /** Plain text of the item (feed description or extracted article); may be empty for headline-only items. */
  text: string;
  url: string | null;
  /** Epoch ms; null when the feed gave none. */
  publishedAt: number | null;
}

export interface StoryFingerprint {
  /** When the item entered the world as far as we know: publication time clamped to the time it was seen. */
  seenAt: number;
  /** The feed gave a publication date (else seenAt is only when the item was seen). */
  dated: boolean;
  /** The kinds of event its headline and lead tell (attack, coup, election…), a mask over the lexicon's kinds. */
  kinds: number;
  /** The countries and regions its headline and lead name, as 32 hashed bits (0: none). */
  places: number;
  /** The inferred date of the reported event, or null. */
  event: EventDate | null;
  /** hashString(canonical URL) and a second, independent hash that rules out collisions; 0 when no URL. */
  urlHash: number;
  urlCheck: number;
  /** The same for titleKey(title); 0 when the headline is too generic to identify a story. */
  titleHash: number;
  titleCheck: number;
  /** Content-word stems (sorted hashes) with sublinear, position-weighted counts quantised to 1/32. */
  terms: Uint32Array;
  termWeights: Uint8Array;
  /** Names, numbers and written dates (sorted hashes) with weights quantised the same way. */
  entities: Uint32Array;
  entityWeights: Uint8Array;
  /** Low 8 bits of each MinHash value over word 3-shingles of the lead; empty for very short texts. */
  signature: Uint8Array;
  /** LSH band keys derived from the full MinHash values. */
  bands: Uint32Array;
  /** Keys of the item's rarest words and word pairs: how rewrites (few shared shingles) are found. */
  keys: Uint32Array;
  /** Every distinct term and entity hash, for document frequencies; not kept in the index. */
  vocabulary: Uint32Array;
}

/** Document frequencies as the index knows them when the item arrives. */
export interface DocumentFrequencies {
  documents: number;
  frequency(hash: number): number;
}

const MINHASH_BANDS = 10;
const MINHASH_ROWS = 4;
export const MINHASH_SIZE = MINHASH_BANDS * MINHASH_ROWS;
const SHINGLE = 3;
const LEAD_WORDS = 250;
const MIN_SHINGLES = 8;
const MAX_TERMS = 48;
const MAX_ENTITIES = 24;
const MAX_VOCABULARY = 200;
const SINGLE_KEYS = 8;
const ENTITY_KEYS = 8;
// The headline and this many words of the lead say what kind of event a report tells.
const KIND_LEAD_WORDS = 60;
const PAIR_KEY_WORDS = 4;
const WEIGHT_SCALE = 32;
// Words deep in a page (related links, footers) count less than the lead that says what happened.
const POSITION_HALF_LIFE = 200;
const TITLE_WEIGHT = 1.5;
// Countries and regions (see BACKGROUND_NAMES) count this much of a person's, town's or group's name.
const BACKGROUND_WEIGHT = 0.25;
const MAX_TEXT = 8_000;
// Dates that tell events apart are written near the top; further down they are background.
const MAX_DATED_TEXT = 4_000;

const TERM_SEED = 0x7465726d;
const ENTITY_SEED = 0x656e7469;
const URL_SEED = 0x75726c31;
const URL_CHECK_SEED = 0x75726c32;
const TITLE_SEED = 0x74746c31;
const TITLE_CHECK_SEED = 0x74746c32;
const MINHASH_SEEDS = Uint32Array.from({ length: MINHASH_SIZE }, (_, i) => mix32(0x6d696e68 + i * 0x9e3779b9));

export function idf(df: DocumentFrequencies, hash: number): number {
  return Math.log((1 + df.documents) / (1 + df.frequency(hash))) + 1;
}

/** Builds the fingerprint of one item; `now` bounds a publication date in the future and stands in for a missing one. */
export function fingerprintOf(doc: StoryDoc, now: number, df: DocumentFrequencies): StoryFingerprint {
  const publishedAt = doc.publishedAt === null ? null : Math.min(doc.publishedAt, now);
  const { body, titleTokens, bodyTokens, dateSpans, titleDates, kinds } = analyse(doc, publishedAt);
  const terms = new Map<string, number>();
  const shingleWords: string[] = [];
  addTerms(terms, titleTokens, TITLE_WEIGHT, null);
  addTerms(terms, bodyTokens, 1, shingleWords);
  const entities = entityWeights(titleTokens, bodyTokens, datedMentions(titleDates, dateSpans));

  const termList = weighted(terms, TERM_SEED);
  const entityList = weighted(entities, ENTITY_SEED);
  const topTerms = topBySalience(termList, df, MAX_TERMS);
  const topEntities = topBySalience(entityList, df, MAX_ENTITIES);
  const minhash = minhashOf(shingleWords);
  const event = eventDateFrom(titleDates, dateSpans, body, publishedAt);
  const url = doc.url ? canonicalUrl(doc.url) : '';
  const key = titleKey(doc.title);

  return {
    seenAt: publishedAt ?? now,
    dated: publishedAt !== null,
    kinds,
    places: placesOf(titleTokens, bodyTokens.slice(0, KIND_LEAD_WORDS)),
    event,
    urlHash: url ? hashString(url, URL_SEED) || 1 : 0,
    urlCheck: url ? hashString(url, URL_CHECK_SEED) : 0,
    titleHash: key ? hashString(key, TITLE_SEED) || 1 : 0,
    titleCheck: key ? hashString(key, TITLE_CHECK_SEED) : 0,
    ...packSorted(topTerms, 'terms', 'termWeights'),
    ...packSorted(topEntities, 'entities', 'entityWeights'),
    signature: minhash.signature,
    bands: minhash.bands,
    keys: salientKeys(topTerms, topEntities, df),
    vocabulary: vocabularyOf(termList, entityList),
  };
}

// A bit per country or region named (see isBackgroundName), so two reports can be told to be about different
// countries without keeping names.
function placesOf(...runs: Token[][]): number {
  let mask = 0;
  for (const tokens of runs) {
    for (const t of tokens) {
      if (t.numeric) continue;
      const name = canonicalName(t.word);
      if (isBackgroundName(name)) mask |= 1 << (hashString(name) & 31);
    }
  }
  return mask >>> 0;
}

interface Analysis {
  body: string;
  titleTokens: Token[];
  bodyTokens: Token[];
  dateSpans: DateMention[];
  titleDates: DateMention[];
  kinds: number;
}

function analyse(doc: StoryDoc, publishedAt: number | null): Analysis {
  const title = foldAccents(doc.title);
  // What identifies a story is in its first pages of text; the rest of a long page is comments and links.
  const body = foldAccents(doc.text.length > MAX_TEXT ? doc.text.slice(0, MAX_TEXT) : doc.text);
  const titleTokens = tokenise(title);
  const bodyTokens = tokenise(body);
  const dateSpans = findDateMentions(body.length > MAX_DATED_TEXT ? body.slice(0, MAX_DATED_TEXT) : body, publishedAt);
  const titleDates = findDateMentions(title, publishedAt);
  const lexicon = eventLexicon();
  const kinds = lexicon.kinds(titleTokens.map((t) => t.word)) | lexicon.kinds(bodyTokens.slice(0, KIND_LEAD_WORDS).map((t) => t.word));
  return { body, titleTokens, bodyTokens, dateSpans, titleDates, kinds };
}

function datedMentions(titleDates: DateMention[], dateSpans: DateMention[]): DatedMention[] {
  return [...titleDates.map((d) => ({ d, inTitle: true })), ...dateSpans.map((d) => ({ d, inTitle: false }))];
}

/** What two items share that tells one event: names (as the first item spells them), numbers, dates, kinds of event. */
export interface JoinEvidence {
  names: string[];
  numbers: string[];
  dates: string[];
  kinds: string[];
}

const EVIDENCE_ITEMS = 8;

/**
 * Why an item was put with another: the names, numbers, written dates and kinds of event they share, read
 * from the texts the way fingerprints read them (countries and regions last: they are the setting, not the event).
 */
export function joinEvidence(item: StoryDoc, other: StoryDoc): JoinEvidence {
  const read = (doc: StoryDoc) => {
    const a = analyse(doc, doc.publishedAt);
    const labels = new Map<string, string>();
    entityWeights(a.titleTokens, a.bodyTokens, datedMentions(a.titleDates, a.dateSpans), labels);
    return { labels, kinds: a.kinds };
  };
  const mine = read(item);
  const theirs = read(other);
  const shared = [...mine.labels].filter(([key]) => theirs.labels.has(key));
  const pick = (prefixes: string[]) => shared.filter(([key]) => prefixes.some((p) => key.startsWith(p)));
  const names = pick(['p:', 'e:']).sort(([a], [b]) => Number(isBackgroundName(a.slice(2))) - Number(isBackgroundName(b.slice(2))));
  return {
    names: unique(names.map(([, label]) => label)).slice(0, EVIDENCE_ITEMS),
    numbers: unique(pick(['n:']).map(([, label]) => label)).slice(0, EVIDENCE_ITEMS),
    dates: unique(pick(['d:', 'y:']).map(([, label]) => label)).slice(0, EVIDENCE_ITEMS),
    kinds: eventLexicon().kindList(mine.kinds & theirs.kinds),
  };
}

function unique(labels: string[]): string[] {
  return [...new Set(labels)];
}

function positionWeight(position: number): number {
  return POSITION_HALF_LIFE / (POSITION_HALF_LIFE + position);
}

// Content words by stem, except where the bilingual lexicon knows the word: then its concept stands for it
// ("tues" and "killed" are both c:kill), so a French report of an English story shares its words, and two
// English reports share no more than their words did.
function addTerms(terms: Map<string, number>, tokens: Token[], scale: number, shingleWords: string[] | null): void {
  const lexicon = eventLexicon();
  const words = tokens.map((t) => t.word);
  let position = 0;
  let conceptUntil = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let key: string | null = null;
    if (i >= conceptUntil) {
      const concept = lexicon.conceptAt(words, i);
      if (concept) {
        key = `c:${concept.concept}`;
        conceptUntil = i + concept.length;
      }
    } else if (!t.numeric) {
      // Inside a phrase the concept already counted ("prime minister").
      if (isContentWord(t)) position++;
      if (isContentWord(t) && shingleWords && shingleWords.length < LEAD_WORDS + SHINGLE) shingleWords.push(t.word);
      continue;
    }
    if (!key && !isContentWord(t)) continue;
    const w = scale * positionWeight(position);
    if (isContentWord(t)) position++;
    key ??= t.numeric ? t.word : stem(t.word);
    terms.set(key, (terms.get(key) ?? 0) + w);
    if (isContentWord(t) && shingleWords && shingleWords.length < LEAD_WORDS + SHINGLE) shingleWords.push(t.word);
  }
}

function isContentWord(t: Token): boolean {
  if (t.numeric) return t.word.length >= 2;
  return t.word.length >= 2 && !isStopword(t.word);
}

interface DatedMention {
  d: { offset: number; end: number; monthDay: string | null; year: number | null };
  inTitle: boolean;
}

// Names: capitalised words inside a sentence of prose. A capital at a sentence start or on a headline line
// counts only when the same word is capitalised mid-sentence elsewhere in the item.
function entityWeights(titleTokens: Token[], bodyTokens: Token[], dates: DatedMention[], labels?: Map<string, string>): Map<string, number> {
  const confirmed = new Set<string>();
  for (const t of bodyTokens) if (isNameCandidate(t) && !t.sentenceStart && !t.headline) confirmed.add(t.word);
  for (const t of titleTokens) if (isNameCandidate(t) && !t.sentenceStart && !t.headline) confirmed.add(t.word);

  const entities = new Map<string, number>();
  const add = (name: string, w: number) => entities.set(name, (entities.get(name) ?? 0) + w);
  const scan = (tokens: Token[], scale: number, inTitle: boolean) => {
    const spans = dates.filter((x) => x.inTitle === inTitle).map((x) => x.d);
    let position = 0;
    let previousName: Token | null = null;
    for (const t of tokens) {
      const w = scale * positionWeight(position);
      if (isContentWord(t)) position++;
      let name: Token | null = null;
      if (t.numeric) {
        if (spans.some((s) => t.offset >= s.offset && t.offset < s.end)) continue;
        const feature = numberFeature(t.word);
        if (feature) add(feature, w);
        if (feature && labels && !labels.has(feature)) labels.set(feature, t.word);
      } else if (isNameCandidate(t) && confirmed.has(t.word)) {
        const canonical = canonicalName(t.word);
        const background = isBackgroundName(canonical);
        // A name is kept as its consonant frame, so the same name spelt another way ("Chinagodrar",
        // "Chinegodar") is the same feature.
        const skeleton = background ? null : nameSkeleton(canonical);
        const key = skeleton ? `p:${skeleton}` : `e:${canonical}`;
        add(key, background ? w * BACKGROUND_WEIGHT : w);
        if (labels && !labels.has(key)) labels.set(key, capitalise(t.word));
        name = t;
        // "Reggie Bush" and "George Bush" share a word, not a person: adjacent names also count as a pair.
        if (previousName && t.offset - (previousName.offset + previousName.word.length) <= 1) {
          const pairBackground = background && isBackgroundName(canonicalName(previousName.word));
          add(`e:${previousName.word} ${t.word}`, pairBackground ? w * BACKGROUND_WEIGHT : w);
        }
      }
      previousName = name;
    }
    for (const s of spans) {
      if (s.monthDay) add(`d:${s.monthDay}`, scale);
      if (s.year !== null) add(`y:${s.year}`, scale);
      if (labels && s.monthDay && !labels.has(`d:${s.monthDay}`)) labels.set(`d:${s.monthDay}`, s.monthDay);
      if (labels && s.year !== null && !labels.has(`y:${s.year}`)) labels.set(`y:${s.year}`, String(s.year));
    }
  };
  scan(titleTokens, TITLE_WEIGHT, true);
  scan(bodyTokens, 1, false);
  return entities;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function isNameCandidate(t: Token): boolean {
  return t.capitalised && !t.numeric && t.word.length >= 2 && !isCapitalisedCommonWord(t.word);
}

// Counts and measures that identify an event ("6.1", "40 dead", "5.4 billion"); lone digits do not.
function numberFeature(word: string): string | null {
  if (/^(?:19|20)\d{2}$/.test(word)) return `y:${word}`;
  if (word.length < 2 && !word.includes('.')) return null;
  return `n:${word.replace(/\.0+$/, '')}`;
}

interface WeightedFeature {
  hash: number;
  weight: number;
}

function weighted(features: Map<string, number>, seed: number): WeightedFeature[] {
  const out: WeightedFeature[] = [];
  for (const [name, raw] of features) out.push({ hash: hashString(name, seed), weight: raw > 1 ? 1 + Math.log(raw) : raw });
  return out;
}

function topBySalience(features: WeightedFeature[], df: DocumentFrequencies, limit: number): WeightedFeature[] {
  const scored = features.map((f) => ({ f, s: f.weight * idf(df, f.hash) }));
  scored.sort((a, b) => b.s - a.s || a.f.hash - b.f.hash);
  return scored.slice(0, limit).map((x) => x.f);
}

function packSorted<H extends string, W extends string>(features: WeightedFeature[], hashKey: H, weightKey: W): Record<H, Uint32Array> & Record<W, Uint8Array> {
  const sorted = [...features].sort((a, b) => a.hash - b.hash);
  const hashes = new Uint32Array(sorted.length);
  const weights = new Uint8Array(sorted.length);
  sorted.forEach((f, i) => {
    hashes[i] = f.hash;
    weights[i] = Math.max(1, Math.min(255, Math.round(f.weight * WEIGHT_SCALE)));
  });
  return { [hashKey]: hashes, [weightKey]: weights } as Record<H, Uint32Array> & Record<W, Uint8Array>;
}

function minhashOf(words: string[]): { signature: Uint8Array; bands: Uint32Array } {
  const shingles = words.length - SHINGLE + 1;
  if (shingles < MIN_SHINGLES) return { signature: new Uint8Array(0), bands: new Uint32Array(0) };
  const wordHashes = words.map((w) => hashString(w));
  const mins = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  for (let i = 0; i < shingles; i++) {
    const shingle = combine(combine(wordHashes[i]!, wordHashes[i + 1]!), wordHashes[i + 2]!);
    for (let j = 0; j < MINHASH_SIZE; j++) {
      const h = mix32(shingle ^ MINHASH_SEEDS[j]!);
      if (h < mins[j]!) mins[j] = h;
    }
  }
  const signature = new Uint8Array(MINHASH_SIZE);
  for (let j = 0; j < MINHASH_SIZE; j++) signature[j] = mins[j]! & 0xff;
  const bands = new Uint32Array(MINHASH_BANDS);
  for (let b = 0; b < MINHASH_BANDS; b++) {
    let h = mix32(0x62616e64 + b);
    for (let r = 0; r < MINHASH_ROWS; r++) h = combine(h, mins[b * MINHASH_ROWS + r]!);
    bands[b] = h;
  }
  return { signature, bands };
}

/** Estimated Jaccard similarity of two items' lead shingles from 8-bit MinHash values (0 when either is too short). */
export function estimateJaccard(a: Uint8Array, b: Uint8Array): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  // b-bit MinHash: unrelated values still agree 1 time in 256.
  const chance = 1 / 256;
  return Math.max(0, (equal / a.length - chance) / (1 - chance));
}

// The item's most telling words alone, and pairs among them: a pair like (goita, putin) stays specific in an
// archive full of "niger", where walking a single word's postings reaches only the newest items.
function salientKeys(topTerms: WeightedFeature[], topEntities: WeightedFeature[], df: DocumentFrequencies): Uint32Array {
  const bySalience = (features: WeightedFeature[], n: number) =>
    features
      .map((f) => ({ hash: f.hash, s: idf(df, f.hash) * f.weight }))
      .sort((a, b) => b.s - a.s || a.hash - b.hash)
      .slice(0, n)
      .map((x) => x.hash);
  const words = bySalience(topTerms, Math.max(SINGLE_KEYS, PAIR_KEY_WORDS));
  const keys: number[] = [];
  for (const h of words.slice(0, SINGLE_KEYS)) keys.push(combine(0x73696e67, h));
  for (const h of bySalience(topEntities, ENTITY_KEYS)) keys.push(combine(0x656e746b, h));
  const paired = words.slice(0, PAIR_KEY_WORDS);
  for (let i = 0; i < paired.length; i++) {
    for (let j = i + 1; j < paired.length; j++) {
      const a = Math.min(paired[i]!, paired[j]!);
      const b = Math.max(paired[i]!, paired[j]!);
      keys.push(combine(combine(0x70616972, a), b));
    }
  }
  return Uint32Array.from(keys);
}

// Distinct by construction: features are keyed by name before hashing.
function vocabularyOf(terms: WeightedFeature[], entities: WeightedFeature[]): Uint32Array {
  let all = [...terms, ...entities];
  if (all.length > MAX_VOCABULARY) all = all.sort((a, b) => b.weight - a.weight || a.hash - b.hash).slice(0, MAX_VOCABULARY);
  return Uint32Array.from(all, (f) => f.hash);
}

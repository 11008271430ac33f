// Context rules that cancel a hit the words alone would count: a Chad who is a person, a Wagner who is not the
// mercenaries, a French "coup" that is an idiom, a dateline, a venue, a sports page, a list of countries; and the
// one that adds a hit no single word makes: a theme's combination of words in one sentence ("le président … détenu
// par l'armée" is a coup).
import { ALL_UPPER, FIRST_UPPER, SENTENCE_START, SPACE_BEFORE, type TokenBuffer } from './fold.js';
import {
  CUE_CONNECTOR, CUE_LOCATIVE, CUE_ORIGIN, CUE_RUSSIA, CUE_SPORT, CUE_TUNISIA, CUE_VENUE, CUE_WW2, CASE_UPPER, LANG_EN, LANG_FR,
  type TopicModel,
} from './model.js';
import { isAcronym, type Field, type Hit } from './scan.js';
import type { Lang } from '../lang/languages.js';

export type Language = Lang | 'other';

export interface DocContext {
  model: TopicModel;
  title: string;
  text: string;
  tokens: Record<Field, TokenBuffer>;
  hits: Hit[];
  /** Characters at the start of the text taken by a dateline ("DAKAR (Reuters) -"), 0 when none. */
  datelineEnd: number;
  /** Where the lead ends: two sentences after the dateline, at most LEAD_MAX_CHARS. */
  leadEnd: number;
}

const LEAD_SENTENCES = 2;
const LEAD_MAX_CHARS = 600;

export function leadEnd(text: string, datelineEnd: number): number {
  const limit = Math.min(text.length, datelineEnd + LEAD_MAX_CHARS);
  let sentences = 0;
  for (let i = datelineEnd; i < limit; i++) {
    const c = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0x20;
    const ends = c === 0x0a || ((c === 0x2e || c === 0x21 || c === 0x3f) && (next === 0x20 || next === 0x0a || next === 0x22 || next === 0xbb));
    if (ends && ++sentences === LEAD_SENTENCES) return i + 1;
  }
  return limit;
}

/** Tokens either side of a bare "Wagner" searched for Russian, mercenary or Sahel words. */
const WAGNER_WINDOW = 60;
/** Tokens either side of "Sahel" searched for the Tunisian coast (Sousse, Monastir). */
const TUNISIA_WINDOW = 30;
/** Tokens around a capital searched, within its sentence, for a summit or meeting it merely hosts. */
const VENUE_WINDOW = 15;
/** Sport cues in the text that make an item a sports story (a single one in the title suffices). */
const SPORT_CUES_IN_TEXT = 3;
/** Strong security or coup hits that keep a story hard news even with sport words in it (an attack on a stadium). */
const HARD_NEWS_HITS = 3;

export function applyRules(doc: DocContext): void {
  for (const hit of doc.hits) {
    if (hit.cancelledBy !== null) continue;
    switch (hit.entry.rule) {
      case 'given-name':
        hit.cancelledBy = givenName(doc, hit);
        break;
      case 'wagner':
        hit.cancelledBy = wagnerIsSomeoneElse(doc, hit);
        break;
      case 'coup':
        if (languageOf(doc) === 'fr') hit.cancelledBy = "coup-idiom: a bare 'coup' in French is an idiom; a coup is a 'coup d'État'";
        break;
      case 'sahel':
        if (cueNear(doc, hit, CUE_TUNISIA, TUNISIA_WINDOW)) hit.cancelledBy = 'sahel-tunisia: the Tunisian Sahel (Sousse, Monastir), not the African Sahel';
        else hit.cancelledBy = givenName(doc, hit);
        break;
      case 'afrika-korps':
        if (cueAnywhere(doc, CUE_WW2)) hit.cancelledBy = "afrika-korps-ww2: Rommel's Second World War corps, not Russia's Africa Corps";
        break;
      default:
        break;
    }
  }
  restoreTitleCaseNames(doc);
  cancelDateline(doc);
  cancelOrigins(doc);
  cancelVenues(doc);
  cancelSport(doc);
  cancelLists(doc);
  cancelUncorroborated(doc);
  addCombinations(doc);
}

/**
 * A sentence that holds a word of every part of a theme's combination (a head of state, a verb of detention or
 * overthrow, the army) close together gains one strong hit of that theme, spanning those words, reported as evidence
 * like any other. Each part's word nearest to a word of the first part is taken.
 */
function addCombinations(doc: DocContext): void {
  const parts = doc.hits.filter((h) => h.entry.role === 'theme-part' && h.cancelledBy === null);
  if (parts.length === 0) return;
  const added: Hit[] = [];
  doc.model.combinations.forEach((combination, index) => {
    const partOf = (h: Hit): number | undefined => (h.entry.combination === index ? h.entry.part : h.cancelledBy === null ? combination.topicParts.get(h.entry.topic.id) : undefined);
    const mine = parts.filter((h) => h.entry.combination === index);
    if (mine.length === 0) return;
    if (combination.topicParts.size > 0) for (const h of doc.hits) if (h.entry.role !== 'theme-part' && partOf(h) !== undefined) mine.push(h);
    const done = new Set<string>();
    for (const seed of mine) {
      if (partOf(seed) !== 0) continue;
      const t = doc.tokens[seed.field];
      const [first, last] = sentenceAround(t, seed.first);
      const sentence = `${seed.field}:${first}`;
      if (done.has(sentence)) continue;
      const chosen = [seed];
      for (let part = 1; part < combination.parts; part++) {
        let nearest: Hit | null = null;
        for (const h of mine) {
          if (partOf(h) !== part || h.field !== seed.field || h.first < first || h.last > last) continue;
          if (!nearest || Math.abs(h.first - seed.first) < Math.abs(nearest.first - seed.first)) nearest = h;
        }
        if (nearest) chosen.push(nearest);
      }
      if (chosen.length < combination.parts) continue;
      const from = Math.min(...chosen.map((h) => h.first));
      const to = Math.max(...chosen.map((h) => h.last));
      if (to - from >= combination.within) continue;
      done.add(sentence);
      added.push({ entry: combination.evidence, field: seed.field, first: from, last: to, start: t.start[from]!, end: t.end[to]!, cancelledBy: null });
    }
  });
  if (added.length === 0) return;
  doc.hits.push(...added);
  doc.hits.sort((a, b) => (a.field === b.field ? a.first - b.first : a.field === 'title' ? -1 : 1));
}

/** Tokens enough to tell English from French by their function words. */
const LANGUAGE_SAMPLE = 400;

/** English, French or other (Hausa, Pidgin), by counting function words; only the bare-coup rule needs it. */
function languageOf(doc: DocContext): Language {
  let en = 0;
  let fr = 0;
  for (const field of ['title', 'text'] as Field[]) {
    const t = doc.tokens[field];
    for (let k = 0; k < Math.min(t.count, LANGUAGE_SAMPLE); k++) {
      const id = t.id[k]!;
      if (id < 0) continue;
      const bits = doc.model.langBits[id]!;
      if (bits & LANG_EN) en++;
      if (bits & LANG_FR) fr++;
    }
  }
  if (fr >= 2 && fr > en) return 'fr';
  if (en >= 2 && en >= fr) return 'en';
  return 'other';
}

/** "Chad Pennington", "Sahel Ahmadi": a name that is also a given name, followed by a capitalised word that is no common or function word. */
function givenName(doc: DocContext, hit: Hit): string | null {
  const t = doc.tokens[hit.field];
  const next = hit.last + 1;
  if (next >= t.count) return null;
  const f = t.flags[next]!;
  if (!(f & FIRST_UPPER) || f & ALL_UPPER || !(f & SPACE_BEFORE)) return null;
  const id = t.id[next]!;
  if (id >= 0 && (doc.model.personFollower[id] || doc.model.langBits[id])) return null;
  return `given-name: '${fieldText(doc, hit).slice(hit.start, hit.end)}' followed by a surname is a person`;
}

/**
 * In a Title Case headline every word is capitalised, so "Chad Holds Elections" looks like a name. There the headline's
 * name stands when the text names the same topic; "Chad Pennington Out For Season" falls with the text's own Pennington.
 */
function restoreTitleCaseNames(doc: DocContext): void {
  if (!isTitleCase(doc.tokens.title)) return;
  for (const hit of doc.hits) {
    if (hit.field !== 'title' || !hit.cancelledBy?.startsWith('given-name')) continue;
    const topic = hit.entry.topic;
    const named = doc.hits.some(
      (h) => h.field === 'text' && h.cancelledBy === null && (h.entry.topic === topic || (topic.country !== null && h.entry.topic.country === topic.country)),
    );
    if (named) hit.cancelledBy = null;
  }
}

function fieldText(doc: DocContext, hit: Hit): string {
  return hit.field === 'title' ? doc.title : doc.text;
}

/** Most words of four letters or more capitalised, past the first. */
function isTitleCase(t: TokenBuffer): boolean {
  let long = 0;
  let capitalised = 0;
  for (let k = 1; k < t.count; k++) {
    if (t.end[k]! - t.start[k]! < 4) continue;
    long++;
    if (t.flags[k]! & FIRST_UPPER) capitalised++;
  }
  return long >= 3 && capitalised >= 0.7 * long;
}

function wagnerIsSomeoneElse(doc: DocContext, hit: Hit): string | null {
  const t = doc.tokens[hit.field];
  const prev = hit.first - 1;
  if (prev >= 0 && t.flags[hit.first]! & SPACE_BEFORE && !(t.flags[hit.first]! & SENTENCE_START)) {
    const pf = t.flags[prev]!;
    const pid = t.id[prev]!;
    const cue = pid >= 0 ? doc.model.cueBits[pid]! : 0;
    if (pf & FIRST_UPPER && !(pf & SENTENCE_START) && !(cue & CUE_RUSSIA) && (pid < 0 || !doc.model.personFollower[pid])) {
      return 'wagner-name: a person called Wagner, not the Russian military company';
    }
  }
  const context = hit.field === 'title' ? cueAnywhere(doc, CUE_RUSSIA) : cueNear(doc, hit, CUE_RUSSIA, WAGNER_WINDOW) || cueInField(doc, 'title', CUE_RUSSIA);
  if (context) return null;
  return 'wagner-name: no Russian, mercenary or Sahel context around Wagner';
}

function cueNear(doc: DocContext, hit: Hit, bit: number, window: number): boolean {
  const t = doc.tokens[hit.field];
  const from = Math.max(0, hit.first - window);
  const to = Math.min(t.count - 1, hit.last + window);
  for (let k = from; k <= to; k++) {
    if (k >= hit.first && k <= hit.last) continue;
    if (tokenHasCue(doc, t, k, bit)) return true;
  }
  return false;
}

function cueInField(doc: DocContext, field: Field, bit: number): boolean {
  const t = doc.tokens[field];
  for (let k = 0; k < t.count; k++) if (tokenHasCue(doc, t, k, bit)) return true;
  return false;
}

function cueAnywhere(doc: DocContext, bit: number): boolean {
  return cueInField(doc, 'title', bit) || cueInField(doc, 'text', bit);
}

function tokenHasCue(doc: DocContext, t: TokenBuffer, k: number, bit: number): boolean {
  const id = t.id[k]!;
  if (id < 0 || !(doc.model.cueBits[id]! & bit)) return false;
  return doc.model.cueCase[id] !== CASE_UPPER || isAcronym(t, k);
}

/** Where the hit's country is: roles that place a story (names, demonyms, capitals, towns). */
function isPlacing(hit: Hit): boolean {
  const r = hit.entry.role;
  return (r === 'name' || r === 'demonym' || r === 'capital' || r === 'place') && hit.entry.topic.anchors;
}

/** "DAKAR (Reuters) -", "NIAMEY, Niger (AFP) -": where a wire story was filed. A lone country label ("MALI: ...") is a subject, not a dateline. */
function cancelDateline(doc: DocContext): void {
  if (doc.datelineEnd === 0) return;
  for (const hit of doc.hits) {
    if (hit.cancelledBy !== null || hit.field !== 'text' || hit.end > doc.datelineEnd || !isPlacing(hit)) continue;
    if (hit.entry.role === 'name' && hit.first === 0) continue;
    hit.cancelledBy = 'dateline: where the story was filed, not what it is about';
  }
}

const DATELINE_CAPS = /^\s*[A-Z][A-Z .'’-]{2,40}(?:,[^()\n:–—]{1,40})?\s*(?:\([^)\n]{1,30}\))?\s*(?:--?|–|—|:)\s/;
const DATELINE_AGENCY = /^\s*[A-Z][\p{L} .'’-]{2,40}(?:,[^()\n:–—]{1,40})?\s*\((?:Reuters|AFP|AP|APA|Xinhua|Anadolu|AA|CP|dpa|DPA|Bloomberg|PANA|Sputnik|ANP|RFI)[^)\n]{0,20}\)\s*(?:--?|–|—|:)?\s/u;

export function datelineLength(text: string): number {
  const head = text.slice(0, 120);
  const m = DATELINE_CAPS.exec(head) ?? DATELINE_AGENCY.exec(head);
  return m ? m[0].length : 0;
}

/** "d'origine malienne", "of Malian descent", "Malian-born": a person's roots, not the story's place. */
function cancelOrigins(doc: DocContext): void {
  for (const hit of doc.hits) {
    if (hit.cancelledBy !== null || !isPlacing(hit) || hit.entry.role === 'place') continue;
    const t = doc.tokens[hit.field];
    const before = hit.first - 1;
    const after = hit.last + 1;
    const cueBefore = before >= 0 && tokenHasCue(doc, t, before, CUE_ORIGIN);
    const cueAfter = after < t.count && tokenHasCue(doc, t, after, CUE_ORIGIN) && !(t.flags[after]! & SENTENCE_START);
    if (cueBefore || cueAfter) hit.cancelledBy = "origin: a person's origin, not where the story happens";
  }
}

/** A capital hosting a summit ("the AU summit in Niamey", "Ecowas meeting for Niger") is a venue, not the subject. */
function cancelVenues(doc: DocContext): void {
  for (const hit of doc.hits) {
    if (hit.cancelledBy !== null || !isPlacing(hit)) continue;
    const role = hit.entry.role;
    if (role !== 'capital' && role !== 'name') continue;
    const t = doc.tokens[hit.field];
    const before = hit.first - 1;
    if (before < 0 || !tokenHasCue(doc, t, before, CUE_LOCATIVE)) continue;
    const window = role === 'capital' ? VENUE_WINDOW : 2;
    const [sentenceFirst, sentenceLast] = sentenceAround(t, hit.first);
    const from = Math.max(sentenceFirst, hit.first - 1 - window);
    const to = role === 'capital' ? Math.min(sentenceLast, hit.last + window) : hit.first - 1;
    let venue = false;
    for (let k = from; k <= to; k++) if (tokenHasCue(doc, t, k, CUE_VENUE)) venue = true;
    if (!venue) continue;
    hit.cancelledBy = 'venue: where a meeting was held, not what it is about';
    if (role === 'capital') cancelApposedCountry(doc, hit);
  }
}

/** Token range [first, last] of the sentence holding token k. */
function sentenceAround(t: TokenBuffer, k: number): [number, number] {
  let first = k;
  while (first > 0 && !(t.flags[first]! & SENTENCE_START)) first--;
  let last = k;
  while (last + 1 < t.count && !(t.flags[last + 1]! & SENTENCE_START)) last++;
  return [first, last];
}

/** "Niamey, capital of Niger" / "Niamey, Niger Republic": the country named right after a venue is the same venue. */
function cancelApposedCountry(doc: DocContext, venue: Hit): void {
  for (const hit of doc.hits) {
    if (hit.cancelledBy !== null || hit.field !== venue.field || hit.entry.role !== 'name') continue;
    if (hit.entry.topic.id !== venue.entry.topic.country) continue;
    if (hit.first > venue.last && hit.first - venue.last <= 4) hit.cancelledBy = 'venue: where a meeting was held, not what it is about';
  }
}

const SCORELINE = /(?<![\d.,:/])(?:\d\s?[:]\s?\d|\d{1,2}\s?[-–]\s?\d{1,2})(?![\d.,:/%])/g;

function cancelSport(doc: DocContext): void {
  if (!doc.hits.some((h) => h.cancelledBy === null && isPlacing(h))) return;
  const titleCues = sportCues(doc, 'title') + (doc.title.match(SCORELINE)?.length ?? 0);
  let textCues = sportCues(doc, 'text');
  if (titleCues === 0 && textCues < SPORT_CUES_IN_TEXT) textCues += Math.min(2, doc.text.match(SCORELINE)?.length ?? 0);
  if (titleCues === 0 && textCues < SPORT_CUES_IN_TEXT) return;
  const hardNews = doc.hits.filter(
    (h) => h.cancelledBy === null && h.entry.role === 'theme-strong' && (h.entry.topic.id === 'security' || h.entry.topic.id === 'coup'),
  ).length;
  if (hardNews >= HARD_NEWS_HITS) return;
  for (const hit of doc.hits) {
    if (hit.cancelledBy === null && isPlacing(hit)) hit.cancelledBy = 'sport: a sports story (teams, players, results)';
  }
}

function sportCues(doc: DocContext, field: Field): number {
  let n = 0;
  const t = doc.tokens[field];
  for (let k = 0; k < t.count; k++) if (tokenHasCue(doc, t, k, CUE_SPORT)) n++;
  for (const h of doc.hits) if (h.field === field && (h.entry.cue & CUE_SPORT || h.entry.trap?.startsWith('team-nickname'))) n++;
  return n;
}

/**
 * "refugees fled to Ghana, Liberia, Benin, Guinea, Mali, Niger and Nigeria": three or more countries joined only by
 * commas and connectors, some of them outside the Sahel, are a passing mention. A list of Sahel countries alone
 * (the G5, the AES) is not.
 */
function cancelLists(doc: DocContext): void {
  for (const field of ['title', 'text'] as const) {
    const t = doc.tokens[field];
    const names = doc.hits
      .filter((h) => h.field === field && (h.entry.role === 'name' || h.entry.role === 'elsewhere') && (h.cancelledBy === null || h.entry.role === 'elsewhere'))
      .sort((a, b) => a.first - b.first);
    let chainStart = 0;
    for (let k = 1; k <= names.length; k++) {
      const joined = k < names.length && joinedByConnectors(doc, t, names[k - 1]!, names[k]!);
      if (joined) continue;
      const chain = names.slice(chainStart, k);
      chainStart = k;
      const distinct = new Set(chain.map((h) => h.entry.topic.country));
      if (distinct.size < 3) continue;
      if (!chain.some((h) => !h.entry.topic.anchors)) continue;
      for (const h of chain) if (h.cancelledBy === null && h.entry.topic.anchors) h.cancelledBy = 'list: named in a list of countries, a passing mention';
    }
  }
}

function joinedByConnectors(doc: DocContext, t: TokenBuffer, a: Hit, b: Hit): boolean {
  const gap = b.first - a.last - 1;
  if (gap < 0 || gap > 3) return false;
  if (t.flags[b.first]! & SENTENCE_START) return false;
  for (let k = a.last + 1; k < b.first; k++) if (!tokenHasCue(doc, t, k, CUE_CONNECTOR)) return false;
  return true;
}

/** Ambiguous names (Gao, Kati, AES, CMA) count only when their country — or for regional ones, the Sahel — is named plainly. */
function cancelUncorroborated(doc: DocContext): void {
  const plainCountries = new Set<string>();
  let plainAnchor = false;
  for (const h of doc.hits) {
    if (h.cancelledBy !== null || h.entry.ambiguous || !h.entry.topic.anchors) continue;
    const role = h.entry.role;
    if (role === 'theme' || role === 'theme-strong' || role === 'trap' || role === 'cue' || h.entry.topic.weak) continue;
    plainAnchor = true;
    if (h.entry.topic.country) plainCountries.add(h.entry.topic.country);
  }
  for (const h of doc.hits) {
    if (h.cancelledBy !== null || !h.entry.ambiguous) continue;
    const country = h.entry.topic.country;
    const corroborated = country ? plainCountries.has(country) : plainAnchor;
    if (!corroborated) h.cancelledBy = `ambiguous: counts only when ${country ?? 'the Sahel'} is named plainly too`;
  }
}

// Turns surviving hits into a relevance score, the countries an item is substantially about, its actors and themes.
// Title hits weigh 3×, the lead 2×; repeated mentions of one place add less and less; a long text dilutes its body.
import { SENTENCE_START } from './fold.js';
import type { Topic } from './model.js';
import type { DocContext } from './rules.js';
import type { Hit } from './scan.js';

/** An item is relevant from this score on: a Sahel name in the title, or a story that keeps returning to the Sahel. */
export const RELEVANCE_THRESHOLD = 3;

const TITLE_FACTOR = 3;
const LEAD_FACTOR = 2;
/** Texts longer than this dilute their body mentions by √(BODY_REFERENCE / length). */
const BODY_REFERENCE = 2500;
/** Each further mention of the same country or body counts this much of the previous one. */
const REPEAT_DECAY = 0.7;
/** Themes add this share of their score to relevance, capped, and only once an anchor is there. */
const THEME_SHARE = 0.25;
const THEME_CAP = 1.5;
const THEME_MIN_ANCHOR = 1;
/**
 * A theme is what an item reports, and a subscriber is alerted on it: it needs evidence (a strong word, a
 * combination, or an actor that stands for the theme; its other words only add to evidence found) in the headline
 * or the lead, or in this many sentences of the body (one less when the headline names the theme in weaker words).
 * One word in passing ("the junta", a "Read also" line, the coup before a withdrawal) is not a theme.
 */
const THEME_ASSIGN = 1;
const THEME_BODY_SENTENCES = 3;
/** When names from outside the Sahel outweigh Sahel ones this many times, the item is someone else's story. */
const FOCUS_RATIO = 2;
const OFF_FOCUS_FACTOR = 0.5;
/** Text weight when the headline names a country outside the Sahel and nothing of the Sahel. */
const OFF_TITLE_FACTOR = 0.5;
/** A country is assigned when its own score reaches this, and this share of the leading country's. */
const COUNTRY_MIN = 1.5;
const COUNTRY_SHARE = 0.35;

export interface Assessment {
  relevant: boolean;
  score: number;
  countries: string[];
  actors: string[];
  themes: string[];
}

export function assess(doc: DocContext): Assessment {
  const counted = counting(doc);
  const anchorHits = counted.filter((h) => h.entry.topic.anchors && !isTheme(h));
  const anchorTopics = new Set(anchorHits.map((h) => h.entry.topic.id));
  for (const h of anchorHits) if (h.entry.topic.country) anchorTopics.add(h.entry.topic.country);
  // Names from elsewhere compete for the item's focus, except a country whose Sahel side is named (Nigeria in a Borno story).
  const elsewhereHits = counted.filter((h) => !isTheme(h) && !h.entry.topic.anchors && !h.entry.topic.zone?.some((z) => anchorTopics.has(z)));
  // A headline about another country ("Togo: jihadist attack") makes the text's Sahel names background.
  const offTitle = elsewhereHits.some((h) => h.field === 'title') && !anchorHits.some((h) => h.field === 'title');
  const weigh = contributionOf(doc, offTitle ? OFF_TITLE_FACTOR : 1);

  const anchorGroups = mentionsBy(doc, counted, weigh, (hit) => (hit.entry.topic.anchors ? groupOf(hit.entry.topic) : null));
  const anchorRaw = anchorHits.reduce((sum, h) => sum + weigh(h), 0);
  const elsewhereRaw = elsewhereHits.reduce((sum, h) => sum + weigh(h), 0);

  // Themes say what the item is about; those beside a Sahel name, or in a headline not about elsewhere, support its
  // relevance (single words only: a combination restates words already counted).
  const themeGroups = new Map<string, Hit[]>();
  const supportingThemes = new Map<string, number[]>();
  for (const hit of counted) {
    // An actor is evidence of the themes it stands for (Wagner of foreign powers), not support for relevance twice.
    for (const theme of hit.entry.topic.themes ?? []) pushHit(themeGroups, theme, hit);
    if (!isTheme(hit)) continue;
    pushHit(themeGroups, hit.entry.topic.id, hit);
    if (hit.entry.combination !== undefined) continue;
    const supports = hit.field === 'title' ? !offTitle : sharesSentenceWithAnchor(doc, hit, anchorHits);
    if (supports) push(supportingThemes, hit.entry.topic.id, weigh(hit));
  }

  let anchorScore = 0;
  for (const contributions of anchorGroups.values()) anchorScore += decayed(contributions);
  const themes: string[] = [];
  for (const [theme, hits] of themeGroups) if (reportsTheme(doc, hits, weigh)) themes.push(theme);
  let support = 0;
  for (const contributions of supportingThemes.values()) support += decayed(contributions);
  const themeBonus = anchorScore >= THEME_MIN_ANCHOR ? Math.min(THEME_CAP, THEME_SHARE * support) : 0;
  const focus = elsewhereRaw > FOCUS_RATIO * anchorRaw ? OFF_FOCUS_FACTOR : 1;
  const score = round2((anchorScore + themeBonus) * focus);
  const relevant = score >= RELEVANCE_THRESHOLD;

  return { relevant, score, countries: relevant ? substantialCountries(doc, counted, weigh) : [], actors: actorsOf(counted, doc), themes: themes.sort() };
}

function fieldText(doc: DocContext, hit: Hit): string {
  return hit.field === 'title' ? doc.title : doc.text;
}

function isTheme(hit: Hit): boolean {
  return hit.entry.role === 'theme' || hit.entry.role === 'theme-strong';
}

/** Whether an item reports a theme, from that theme's counted hits (see THEME_ASSIGN). */
function reportsTheme(doc: DocContext, hits: Hit[], weigh: (hit: Hit) => number): boolean {
  const evidence = hits.filter((h) => h.entry.role !== 'theme');
  if (evidence.length === 0) return false;
  if (evidence.some((h) => h.field === 'title' || h.start < doc.leadEnd)) return decayed(hits.map(weigh)) >= THEME_ASSIGN;
  const t = doc.tokens.text;
  const sentences = new Set<number>();
  for (const h of evidence) {
    let first = h.first;
    while (first > 0 && !(t.flags[first]! & SENTENCE_START)) first--;
    sentences.add(first);
  }
  // A headline that names the theme in weaker words ("Macron convoque…", "anti-junta protesters") needs one sentence less.
  const headlined = hits.some((h) => h.field === 'title');
  return sentences.size >= (headlined ? THEME_BODY_SENTENCES - 1 : THEME_BODY_SENTENCES);
}

function sharesSentenceWithAnchor(doc: DocContext, theme: Hit, anchors: Hit[]): boolean {
  const t = doc.tokens[theme.field];
  let first = theme.first;
  while (first > 0 && !(t.flags[first]! & SENTENCE_START)) first--;
  let last = theme.last;
  while (last + 1 < t.count && !(t.flags[last + 1]! & SENTENCE_START)) last++;
  return anchors.some((a) => a.field === theme.field && a.first >= first && a.last <= last);
}

/** Hits that count: not cancelled, and not a trap, a cue or a word that counts only within a combination. */
function counting(doc: DocContext): Hit[] {
  return doc.hits.filter((h) => h.cancelledBy === null && h.entry.role !== 'trap' && h.entry.role !== 'cue' && h.entry.role !== 'theme-part');
}

/** One hit's weight: title 3×, lead 2×, a long text's body diluted, and the whole text scaled by textFactor. */
function contributionOf(doc: DocContext, textFactor = 1): (hit: Hit) => number {
  const bodyDilution = Math.min(1, Math.sqrt(BODY_REFERENCE / Math.max(1, doc.text.length)));
  return (hit) => {
    if (hit.field === 'title') return hit.entry.weight * TITLE_FACTOR;
    if (hit.start < doc.leadEnd) return hit.entry.weight * LEAD_FACTOR * textFactor;
    return hit.entry.weight * bodyDilution * textFactor;
  };
}

/** What may separate two hits of one group that are one mention in apposition ("President of Niger, Mahamadou Issoufou"). */
const APPOSITION = /^[\s,(]*$/;

/** Contributions of counting, non-theme hits per group; a hit right after another of its group only raises that mention. */
function mentionsBy(doc: DocContext, counted: Hit[], weigh: (hit: Hit) => number, groupOfHit: (hit: Hit) => string | null): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  const previous = new Map<string, { hit: Hit; index: number }>();
  for (const hit of counted) {
    if (isTheme(hit)) continue;
    const group = groupOfHit(hit);
    if (group === null) continue;
    const c = weigh(hit);
    const list = groups.get(group) ?? [];
    const prev = previous.get(group);
    if (prev && prev.hit.field === hit.field && hit.first === prev.hit.last + 1 && APPOSITION.test(fieldText(doc, hit).slice(prev.hit.end, hit.start))) {
      list[prev.index] = Math.max(list[prev.index]!, c);
      previous.set(group, { hit, index: prev.index });
    } else {
      list.push(c);
      previous.set(group, { hit, index: list.length - 1 });
    }
    groups.set(group, list);
  }
  return groups;
}

/** Hits of a country, its places and its actors pool together; regional topics (the Sahel, JNIM, AES) stand alone. */
function groupOf(topic: Topic): string {
  return topic.country ?? topic.id;
}

/** Countries a relevant item is substantially about: a passing mention is not a tag. */
function substantialCountries(doc: DocContext, counted: Hit[], weigh: (hit: Hit) => number): string[] {
  const byCountry = mentionsBy(doc, counted, weigh, (hit) => (hit.entry.role === 'elsewhere' ? null : hit.entry.topic.country));
  const scores = [...byCountry].map(([country, cs]) => [country, decayed(cs)] as const);
  const top = Math.max(0, ...scores.map(([, s]) => s));
  const floor = Math.max(COUNTRY_MIN, COUNTRY_SHARE * top);
  return scores
    .filter(([, s]) => s >= floor)
    .sort((a, b) => b[1] - a[1])
    .map(([country]) => country);
}

/** Actor and organisation ids named (not cancelled), each followed by the groups it succeeds (Africa Corps → wagner). */
function actorsOf(counted: Hit[], doc: DocContext): string[] {
  const out: string[] = [];
  const add = (id: string): void => {
    if (!out.includes(id)) out.push(id);
  };
  for (const hit of counted) {
    const { role, topic } = hit.entry;
    if (role !== 'actor' && role !== 'organisation') continue;
    let current: Topic | undefined = topic;
    while (current) {
      add(current.id);
      current = current.successorOf ? doc.model.topicById.get(current.successorOf) : undefined;
    }
  }
  return out;
}

function decayed(contributions: number[]): number {
  contributions.sort((a, b) => b - a);
  let total = 0;
  let factor = 1;
  for (const c of contributions) {
    total += c * factor;
    factor *= REPEAT_DECAY;
  }
  return total;
}

function pushHit(map: Map<string, Hit[]>, key: string, hit: Hit): void {
  const list = map.get(key);
  if (list) list.push(hit);
  else map.set(key, [hit]);
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

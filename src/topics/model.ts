// Compiles the taxonomy into what the matcher runs on: a vocabulary of folded tokens, a token trie of every
// alias, trap and multi-word cue (one pass finds them all), and per-token cue bits for the context rules.
import { foldText, Vocabulary } from './fold.js';
import type { AliasSpec, Taxonomy } from './taxonomy.js';

export type TopicKind = 'country' | 'place' | 'region' | 'actor' | 'organisation' | 'theme' | 'elsewhere' | 'cue';

export interface Topic {
  id: string;
  kind: TopicKind;
  en: string;
  fr: string;
  /** ISO3 the topic implies: the country itself, a place's or actor's country; null for regional topics. */
  country: string | null;
  /** Whether a hit can make an item relevant (core countries and their places, Sahel actors and bodies, the Lake Chad zone). */
  anchors: boolean;
  core: boolean;
  flag?: string;
  successorOf?: string;
  /** A weak anchor (ECOWAS): its hits count for little. */
  weak: boolean;
  /** Elsewhere countries: the topics that make up their Sahel side (Borno, Boko Haram for Nigeria). */
  zone?: string[];
  /** Actors and organisations: the themes a mention of them is evidence of. */
  themes?: string[];
}

export type AliasRole =
  | 'name' | 'demonym' | 'capital' | 'place' | 'actor' | 'organisation' | 'region'
  | 'theme-strong' | 'theme' | 'theme-part' | 'elsewhere' | 'trap' | 'cue';

export type RuleId = 'given-name' | 'wagner' | 'coup' | 'sahel' | 'afrika-korps';

export const CASE_ANY = 0;
export const CASE_CAPITAL = 1;
export const CASE_UPPER = 2;

export interface AliasEntry {
  topic: Topic;
  role: AliasRole;
  /** Base weight of one hit before field, position and list factors. */
  weight: number;
  caseRule: number;
  /** Counts only when its country (or, for a regional topic, the Sahel) is named unambiguously elsewhere. */
  ambiguous: boolean;
  rule: RuleId | null;
  /** For traps: "id: reason", reported as cancelledBy. */
  trap: string | null;
  /** For multi-word cues: the cue bits they set. */
  cue: number;
  tokens: number;
  /** For theme-part entries: which of the model's combinations, and which part of it, the words fill; for a
   *  combination's own evidence entry, which combination it is (no part). */
  combination?: number;
  part?: number;
}

/** A theme's evidence made of words that say little alone and much together in one sentence. */
export interface Combination {
  id: string;
  topic: Topic;
  parts: number;
  /** Most tokens from the first word of the combination to the last. */
  within: number;
  /** Actors and organisations ("@bazoum" in the data) whose mention fills a part, by id: the part. */
  topicParts: Map<string, number>;
  /** The entry a satisfied combination counts as: a strong hit of its theme, spanning its words. */
  evidence: AliasEntry;
}

/** Cue bits per vocabulary token. */
export const CUE_SPORT = 1;
export const CUE_RUSSIA = 2;
export const CUE_WW2 = 4;
export const CUE_TUNISIA = 8;
export const CUE_VENUE = 16;
export const CUE_LOCATIVE = 32;
export const CUE_CONNECTOR = 64;
export const CUE_ORIGIN = 128;

export const LANG_EN = 1;
export const LANG_FR = 2;

/** How much one hit weighs, by what it is. Themes describe; anchors decide relevance. */
const ROLE_WEIGHT: Record<AliasRole, number> = {
  name: 1,
  demonym: 1,
  capital: 1,
  place: 0.9,
  actor: 1,
  organisation: 1,
  region: 1,
  'theme-strong': 1,
  theme: 0.5,
  'theme-part': 0,
  elsewhere: 1,
  trap: 0,
  cue: 0,
};
const AMBIGUOUS_WEIGHT = 0.5;
const WEAK_ORGANISATION_WEIGHT = 0.3;
const REGIONAL_ACTOR_WEIGHT = 0.8;

export interface TopicModel {
  vocabulary: Vocabulary;
  topics: Topic[];
  topicById: Map<string, Topic>;
  entries: AliasEntry[];
  combinations: Combination[];
  /** Trie over token ids: key node * vocabularySize + tokenId → child node. Node 0 is the root. */
  transitions: Map<number, number>;
  /** Entry indices accepted at each node. */
  accepts: (number[] | undefined)[];
  /** Root child node of each token, 0 when the token starts no phrase: everything else is skipped without touching the trie. */
  rootChild: Int32Array;
  /** Per node: 1 when some phrase continues past it, so a walk can stop at once at a leaf. */
  hasChildren: Uint8Array;
  /** Per node: 1 when one of its accepted entries is a trap. */
  acceptsTrap: Uint8Array;
  vocabularySize: number;
  cueBits: Uint8Array;
  /** Case rule of single-token cues that need one (CAN, CHAN, CAF written as acronyms). */
  cueCase: Uint8Array;
  langBits: Uint8Array;
  personFollower: Uint8Array;
  /**
   * The naive keyword baseline's vocabulary, as a plain RSS keyword filter would hold it: names and demonyms of the
   * Sahel countries, capitals, regions, actors and bodies, as written and lower-cased (towns left out).
   */
  keywordAliases: { keyword: string; topic: Topic }[];
}

interface PendingPhrase {
  words: string[];
  text: string;
  entry: AliasEntry;
}

export function compileTaxonomy(taxonomy: Taxonomy): TopicModel {
  const topics: Topic[] = [];
  const topicById = new Map<string, Topic>();
  const phrases: PendingPhrase[] = [];
  const combinations: Combination[] = [];

  const addTopic = (topic: Topic): Topic => {
    if (topicById.has(topic.id)) throw new Error(`taxonomy: topic id "${topic.id}" is defined twice`);
    topics.push(topic);
    topicById.set(topic.id, topic);
    return topic;
  };
  const addAlias = (spec: AliasSpec, topic: Topic, role: AliasRole, extra: Partial<AliasEntry> = {}): void => {
    const text = typeof spec === 'string' ? spec : spec.alias;
    const words = foldText(text).split(' ').filter(Boolean);
    if (words.length === 0) throw new Error(`taxonomy: alias "${text}" of ${topic.id} folds to nothing`);
    const ambiguous = (typeof spec !== 'string' && spec.ambiguous === true) || extra.ambiguous === true;
    const caseRule = typeof spec === 'string' || !spec.case ? CASE_ANY : spec.case === 'upper' ? CASE_UPPER : CASE_CAPITAL;
    const rule = typeof spec === 'string' ? null : (spec.rule ?? null);
    let weight = extra.weight ?? ROLE_WEIGHT[role];
    if (ambiguous) weight = Math.min(weight, AMBIGUOUS_WEIGHT);
    const entry: AliasEntry = { topic, role, weight, caseRule, ambiguous, rule, trap: extra.trap ?? null, cue: extra.cue ?? 0, tokens: words.length };
    if (extra.combination !== undefined) {
      entry.combination = extra.combination;
      entry.part = extra.part ?? 0;
    }
    phrases.push({ words, text, entry });
  };

  for (const c of taxonomy.countries) {
    const topic = addTopic({ id: c.id, kind: 'country', en: c.en, fr: c.fr, country: c.id, anchors: c.anchors, core: c.core, flag: c.flag, weak: false });
    for (const a of c.names) addAlias(a, topic, 'name');
    for (const a of c.demonyms) addAlias(a, topic, 'demonym');
  }
  const countryAnchors = (iso: string): boolean => {
    const country = topicById.get(iso);
    if (!country) throw new Error(`taxonomy: unknown country ${iso}`);
    return country.anchors;
  };
  for (const p of taxonomy.places) {
    const topic = addTopic({ id: p.id, kind: 'place', en: p.en, fr: p.fr, country: p.country, anchors: countryAnchors(p.country), core: false, weak: false });
    for (const a of p.aliases) addAlias(a, topic, p.capital ? 'capital' : 'place');
  }
  const addTowns = (towns: Record<string, string[][]>, ambiguous: boolean): void => {
    for (const [iso, list] of Object.entries(towns)) {
      for (const variants of list) {
        const label = variants[0]!;
        const id = `${iso.toLowerCase()}-${foldText(label).replace(/ /g, '-')}`;
        const topic = addTopic({ id, kind: 'place', en: label, fr: label, country: iso, anchors: countryAnchors(iso), core: false, weak: false });
        for (const v of variants) addAlias({ alias: v, case: 'capital' }, topic, 'place', { ambiguous });
      }
    }
  };
  addTowns(taxonomy.towns, false);
  addTowns(taxonomy.ambiguousTowns, true);
  for (const r of taxonomy.regions) {
    const topic = addTopic({ id: r.id, kind: 'region', en: r.en, fr: r.fr, country: null, anchors: true, core: false, weak: false });
    for (const a of r.aliases) addAlias(a, topic, 'region');
  }
  for (const a of taxonomy.actors) {
    const country = a.country ?? null;
    const topic = addTopic({
      id: a.id, kind: 'actor', en: a.en, fr: a.fr, country, anchors: country === null || countryAnchors(country), core: false, weak: false,
      ...(a.successorOf ? { successorOf: a.successorOf } : {}),
      ...(a.themes ? { themes: a.themes } : {}),
    });
    for (const s of a.aliases) addAlias(s, topic, 'actor', country === null ? { weight: REGIONAL_ACTOR_WEIGHT } : {});
  }
  for (const o of taxonomy.organisations) {
    const country = o.country ?? null;
    const topic = addTopic({
      id: o.id, kind: 'organisation', en: o.en, fr: o.fr, country, anchors: true, core: false, weak: o.weak === true, ...(o.themes ? { themes: o.themes } : {}),
    });
    for (const s of o.aliases) addAlias(s, topic, 'organisation', o.weak ? { weight: WEAK_ORGANISATION_WEIGHT } : {});
  }
  for (const t of taxonomy.themes) {
    const topic = addTopic({ id: t.id, kind: 'theme', en: t.en, fr: t.fr, country: null, anchors: false, core: false, weak: false });
    for (const s of t.strong) addAlias(s, topic, 'theme-strong');
    for (const s of t.aliases) addAlias(s, topic, 'theme');
    for (const c of t.combinations ?? []) {
      const combination = combinations.length;
      const evidence: AliasEntry = {
        topic, role: 'theme-strong', weight: ROLE_WEIGHT['theme-strong'], caseRule: CASE_ANY, ambiguous: false, rule: null, trap: null, cue: 0, tokens: 0,
        combination: combinations.length,
      };
      const topicParts = new Map<string, number>();
      combinations.push({ id: c.id, topic, parts: c.parts.length, within: c.within, topicParts, evidence });
      c.parts.forEach((words, part) => {
        for (const s of words) {
          if (typeof s === 'string' && s.startsWith('@')) topicParts.set(s.slice(1), part);
          else addAlias(s, topic, 'theme-part', { combination, part });
        }
      });
    }
  }
  for (const e of taxonomy.elsewhere) {
    const topic: Topic = {
      id: `elsewhere:${e.id}`, kind: 'elsewhere', en: e.en, fr: e.en, country: e.id, anchors: false, core: false, weak: false,
      ...(e.zone ? { zone: e.zone } : {}),
    };
    addTopic(topic);
    for (const s of e.aliases) addAlias(s, topic, 'elsewhere');
  }
  for (const t of topics) {
    if (t.successorOf && !topicById.has(t.successorOf)) throw new Error(`taxonomy: ${t.id} succeeds unknown ${t.successorOf}`);
    for (const z of t.zone ?? []) if (!topicById.has(z)) throw new Error(`taxonomy: ${t.id} has unknown zone topic ${z}`);
    for (const th of t.themes ?? []) if (topicById.get(th)?.kind !== 'theme') throw new Error(`taxonomy: ${t.id} names unknown theme ${th}`);
  }
  for (const c of combinations) for (const id of c.topicParts.keys()) if (!topicById.has(id)) throw new Error(`taxonomy: combination ${c.id} names unknown @${id}`);
  for (const t of taxonomy.traps) {
    const cancelled = topicById.get(t.cancels);
    if (!cancelled) throw new Error(`taxonomy: trap ${t.id} cancels unknown topic ${t.cancels}`);
    for (const p of t.phrases) addAlias(p, cancelled, 'trap', { trap: `${t.id}: ${t.reason}` });
  }

  const vocabulary = new Vocabulary(16384);
  const cueWords: { words: string[]; bits: number; caseRule: number; lang: number; follower: boolean }[] = [];
  const ctx = taxonomy.context;
  const cue = (list: AliasSpec[], bits: number, sportTrie = false): void => {
    for (const spec of list) {
      const text = typeof spec === 'string' ? spec : spec.alias;
      const words = foldText(text).split(' ').filter(Boolean);
      const caseRule = typeof spec === 'string' || !spec.case ? CASE_ANY : spec.case === 'upper' ? CASE_UPPER : CASE_CAPITAL;
      if (words.length > 1 && sportTrie) {
        const cueTopic = sportCueTopic(topicById, addTopic);
        phrases.push({ words, text, entry: { topic: cueTopic, role: 'cue', weight: 0, caseRule, ambiguous: false, rule: null, trap: null, cue: bits, tokens: words.length } });
      } else if (words.length === 1) cueWords.push({ words, bits, caseRule, lang: 0, follower: false });
      else throw new Error(`taxonomy: context cue "${text}" must be a single word`);
    }
  };
  cue(ctx.sport, CUE_SPORT, true);
  cue(ctx.russia, CUE_RUSSIA);
  cue(ctx.ww2, CUE_WW2);
  cue(ctx.tunisia, CUE_TUNISIA);
  cue(ctx.venue, CUE_VENUE);
  cue(ctx.locative, CUE_LOCATIVE);
  cue(ctx.listConnectors, CUE_CONNECTOR);
  cue(ctx.origin, CUE_ORIGIN);
  const word = (w: string): string[] => {
    const folded = foldText(w);
    if (folded.includes(' ') || folded === '') throw new Error(`taxonomy: context word "${w}" must be a single word`);
    return [folded];
  };
  for (const w of ctx.stopwords.en) cueWords.push({ words: word(w), bits: 0, caseRule: CASE_ANY, lang: LANG_EN, follower: false });
  for (const w of ctx.stopwords.fr) cueWords.push({ words: word(w), bits: 0, caseRule: CASE_ANY, lang: LANG_FR, follower: false });
  for (const w of ctx.personFollowers) cueWords.push({ words: word(w), bits: 0, caseRule: CASE_ANY, lang: 0, follower: true });

  for (const p of phrases) for (const w of p.words) vocabulary.intern(w);
  for (const c of cueWords) vocabulary.intern(c.words[0]!);
  const size = vocabulary.words.length;

  const cueBits = new Uint8Array(size);
  const cueCase = new Uint8Array(size);
  const langBits = new Uint8Array(size);
  const personFollower = new Uint8Array(size);
  for (const c of cueWords) {
    const id = vocabulary.intern(c.words[0]!);
    cueBits[id]! |= c.bits;
    if (c.caseRule > cueCase[id]!) cueCase[id] = c.caseRule;
    langBits[id]! |= c.lang;
    if (c.follower) personFollower[id] = 1;
  }

  const entries: AliasEntry[] = [];
  const transitions = new Map<number, number>();
  const accepts: (number[] | undefined)[] = [undefined];
  const seen = new Set<string>();
  for (const p of phrases) {
    const dedupeKey = `${p.words.join(' ')}|${p.entry.topic.id}|${p.entry.role}|${p.entry.combination ?? ''}|${p.entry.part ?? ''}`;
    if (seen.has(dedupeKey)) continue;
    seen.add(dedupeKey);
    let node = 0;
    for (const w of p.words) {
      const key = node * size + vocabulary.intern(w);
      let child = transitions.get(key);
      if (child === undefined) {
        child = accepts.length;
        accepts.push(undefined);
        transitions.set(key, child);
      }
      node = child;
    }
    entries.push(p.entry);
    (accepts[node] ??= []).push(entries.length - 1);
  }

  const rootChild = new Int32Array(size);
  const hasChildren = new Uint8Array(accepts.length);
  for (const [key, child] of transitions) {
    const parent = Math.floor(key / size);
    if (parent === 0) rootChild[key] = child;
    hasChildren[parent] = 1;
  }
  const acceptsTrap = new Uint8Array(accepts.length);
  accepts.forEach((list, node) => {
    if (list?.some((e) => entries[e]!.role === 'trap')) acceptsTrap[node] = 1;
  });

  const keywordAliases: { keyword: string; topic: Topic }[] = [];
  for (const p of phrases) {
    const t = p.entry.topic;
    const role = p.entry.role;
    const keyword = role === 'name' || role === 'demonym' || role === 'capital' || role === 'region' || role === 'actor' || role === 'organisation';
    if (!keyword || !t.anchors) continue;
    keywordAliases.push({ keyword: p.text.toLowerCase(), topic: t });
  }

  return { vocabulary, topics, topicById, entries, combinations, transitions, accepts, rootChild, hasChildren, acceptsTrap, vocabularySize: size, cueBits, cueCase, langBits, personFollower, keywordAliases };
}

function sportCueTopic(topicById: Map<string, Topic>, addTopic: (t: Topic) => Topic): Topic {
  return topicById.get('cue:sport') ?? addTopic({ id: 'cue:sport', kind: 'cue', en: 'sport', fr: 'sport', country: null, anchors: false, core: false, weak: false });
}

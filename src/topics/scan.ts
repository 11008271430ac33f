// Finds every alias, trap and multi-word cue of a field in one left-to-right walk of the token trie,
// keeping the longest phrase at each position whose case rule the text satisfies.
import { ALL_UPPER, FIRST_UPPER, SENTENCE_START, SPACE_BEFORE, type TokenBuffer } from './fold.js';
import { CASE_CAPITAL, CASE_UPPER, type AliasEntry, type TopicModel } from './model.js';

export type Field = 'title' | 'text';

export interface Hit {
  entry: AliasEntry;
  field: Field;
  /** First and last token index of the phrase, inclusive. */
  first: number;
  last: number;
  /** Character offsets in the field's original string. */
  start: number;
  end: number;
  cancelledBy: string | null;
}

/** Accepting nodes met along one walk, reused across calls. */
const walkNodes: number[] = [];
const walkEnds: number[] = [];
/** The last successful longestMatch: its trie node and last token. */
let matchedNode = 0;
let matchedLast = 0;

export function scanField(model: TopicModel, tokens: TokenBuffer, field: Field, hits: Hit[]): void {
  const { id: ids, count } = tokens;
  const rootChild = model.rootChild;
  let i = 0;
  while (i < count) {
    const first = ids[i]!;
    if (first < 0 || rootChild[first] === 0 || !longestMatch(model, tokens, i)) {
      i++;
      continue;
    }
    const node = matchedNode;
    const last = matchedLast;
    const accepted = model.accepts[node]!;
    if (model.acceptsTrap[node] && overlappedByLongerAlias(model, tokens, i, last)) {
      i++;
      continue;
    }
    for (const e of accepted) {
      const entry = model.entries[e]!;
      if (!caseHolds(entry, tokens, i, last)) continue;
      hits.push({
        entry,
        field,
        first: i,
        last,
        start: tokens.start[i]!,
        end: tokens.end[last]!,
        cancelledBy: entry.trap,
      });
    }
    i = last + 1;
  }
}

/** Finds the longest accepted phrase starting at token `from` whose case rule holds; sets matchedNode and matchedLast. */
function longestMatch(model: TopicModel, tokens: TokenBuffer, from: number, skipTraps = false): boolean {
  const { id: ids, flags, count } = tokens;
  const size = model.vocabularySize;
  walkNodes.length = 0;
  walkEnds.length = 0;
  let node = model.rootChild[ids[from]!]!;
  if (node === 0) return false;
  if (model.accepts[node]) {
    walkNodes.push(node);
    walkEnds.push(from);
  }
  for (let j = from + 1; j < count && model.hasChildren[node]; j++) {
    const id = ids[j]!;
    if (id < 0 || flags[j]! & SENTENCE_START) break;
    const next = model.transitions.get(node * size + id);
    if (next === undefined) break;
    node = next;
    if (model.accepts[node]) {
      walkNodes.push(node);
      walkEnds.push(j);
    }
  }
  for (let k = walkNodes.length - 1; k >= 0; k--) {
    const n = walkNodes[k]!;
    const last = walkEnds[k]!;
    for (const e of model.accepts[n]!) {
      const entry = model.entries[e]!;
      if (skipTraps && entry.role === 'trap') continue;
      if (caseHolds(entry, tokens, from, last)) {
        matchedNode = n;
        matchedLast = last;
        return true;
      }
    }
  }
  return false;
}

/** A trap gives way when a real alias starts inside it and runs past its end ("du coup d'État" is a coup, not "du coup"). */
function overlappedByLongerAlias(model: TopicModel, tokens: TokenBuffer, first: number, last: number): boolean {
  for (let k = first + 1; k <= last; k++) if (longestMatch(model, tokens, k, true) && matchedLast > last) return true;
  return false;
}

function caseHolds(entry: AliasEntry, tokens: TokenBuffer, first: number, last: number): boolean {
  const f = tokens.flags[first]!;
  if (entry.caseRule === CASE_CAPITAL && !(f & FIRST_UPPER)) return false;
  if (entry.caseRule === CASE_UPPER && !isAcronym(tokens, first)) return false;
  if (entry.ambiguous && entry.role === 'place' && !standsAlone(tokens, first, last)) return false;
  return true;
}

/** Written in capitals among words that are not: an acronym, not a shouted headline ("HOW CAN MALI COPE"). */
export function isAcronym(tokens: TokenBuffer, k: number): boolean {
  if (!(tokens.flags[k]! & ALL_UPPER)) return false;
  const before = k > 0 && tokens.flags[k - 1]! & ALL_UPPER;
  const after = k + 1 < tokens.count && tokens.flags[k + 1]! & ALL_UPPER;
  return !(before && after);
}

/** An ambiguous town (Say, San, Bol, Mao) is a place only capitalised in mid-sentence and not inside a longer name (San Francisco, Aung San). */
function standsAlone(tokens: TokenBuffer, first: number, last: number): boolean {
  const f = tokens.flags[first]!;
  if (!(f & FIRST_UPPER) || f & SENTENCE_START) return false;
  if (f & SPACE_BEFORE && first > 0 && tokens.flags[first - 1]! & FIRST_UPPER) return false;
  const next = last + 1;
  if (next < tokens.count && tokens.flags[next]! & SPACE_BEFORE && tokens.flags[next]! & FIRST_UPPER) return false;
  return true;
}

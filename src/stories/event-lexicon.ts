// What kind of event a report tells and the words the two languages share for it, read from
// data/story-lexicon.json; and a spelling key that lets "Chinégodar", "Chinagodrar" and "Chinagoder" meet.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const lexiconSchema = z.object({
  kinds: z.record(z.string(), z.array(z.string().min(1))),
  incompatible: z.array(z.tuple([z.string(), z.string()])),
  concepts: z.record(z.string(), z.array(z.string().min(1))),
  aliases: z.record(z.string(), z.string()),
});

/** data/story-lexicon.json from src/stories under tsx, or from dist/src/stories after a build. */
const LEXICON_URL = [new URL('../../data/story-lexicon.json', import.meta.url), new URL('../../../data/story-lexicon.json', import.meta.url)].find((u) =>
  existsSync(u),
) ?? new URL('../../data/story-lexicon.json', import.meta.url);

// A kind is one bit of a 16-bit mask (the fingerprint keeps it in two bytes).
const MAX_KINDS = 16;

interface Phrase {
  words: string[];
  /** Bit of the kind, or the concept's name. */
  value: number | string;
}

class EventLexicon {
  readonly kindNames: string[];
  /** For each kind, the mask of kinds one event can also be. */
  private readonly compatible: Uint16Array;
  private readonly kindPhrases = new Map<string, Phrase[]>();
  private readonly conceptPhrases = new Map<string, Phrase[]>();
  readonly aliases: ReadonlyMap<string, string>;

  constructor(url: URL) {
    const parsed = lexiconSchema.safeParse(JSON.parse(readFileSync(url, 'utf8')));
    if (!parsed.success) throw new Error(`${url.pathname} does not have the story lexicon's shape: ${z.prettifyError(parsed.error)}`);
    const data = parsed.data;
    this.kindNames = Object.keys(data.kinds);
    if (this.kindNames.length > MAX_KINDS) throw new Error(`${url.pathname}: at most ${MAX_KINDS} kinds of event`);
    this.compatible = new Uint16Array(this.kindNames.length).fill((1 << this.kindNames.length) - 1);
    for (const [a, b] of data.incompatible) {
      const [i, j] = [this.kindNames.indexOf(a), this.kindNames.indexOf(b)];
      if (i < 0 || j < 0) throw new Error(`${url.pathname}: incompatible names an unknown kind (${a}, ${b})`);
      this.compatible[i] = this.compatible[i]! & ~(1 << j);
      this.compatible[j] = this.compatible[j]! & ~(1 << i);
    }
    this.kindNames.forEach((kind, bit) => index(this.kindPhrases, data.kinds[kind]!, 1 << bit));
    for (const [concept, words] of Object.entries(data.concepts)) index(this.conceptPhrases, words, concept);
    this.aliases = new Map(Object.entries(data.aliases));
  }

  /** The kinds of event cued in a run of folded lower-case words, as a mask. */
  kinds(words: readonly string[]): number {
    let mask = 0;
    for (let i = 0; i < words.length; i++) for (const p of matchesAt(this.kindPhrases, words, i)) mask |= p.value as number;
    return mask;
  }

  /** The concept cued at word i (a phrase may start there), with its length in words; null if none. */
  conceptAt(words: readonly string[], i: number): { concept: string; length: number } | null {
    const match = matchesAt(this.conceptPhrases, words, i)[0];
    return match ? { concept: match.value as string, length: match.words.length } : null;
  }

  /** Two reports tell different events when no kind of one is a kind the other's event could also be. */
  kindsConflict(a: number, b: number): boolean {
    if (a === 0 || b === 0) return false;
    for (let k = 0; k < this.kindNames.length; k++) if ((a >> k) & 1 && b & this.compatible[k]!) return false;
    return true;
  }

  /** The names of the kinds in a mask, for explanations. */
  kindList(mask: number): string[] {
    return this.kindNames.filter((_, bit) => (mask >> bit) & 1);
  }
}

function index(phrases: Map<string, Phrase[]>, entries: string[], value: number | string): void {
  for (const entry of entries) {
    const words = entry.split(/[\s']+/).filter(Boolean);
    const list = phrases.get(words[0]!) ?? [];
    list.push({ words, value });
    // Longest phrase first, so "couvre feu" wins over a one-word entry starting with "couvre".
    list.sort((x, y) => y.words.length - x.words.length);
    phrases.set(words[0]!, list);
  }
}

function matchesAt(phrases: Map<string, Phrase[]>, words: readonly string[], i: number): Phrase[] {
  const list = phrases.get(words[i]!);
  if (!list) return [];
  return list.filter((p) => p.words.every((w, k) => words[i + k] === w));
}

let lexicon: EventLexicon | null = null;

/** The lexicon, read once. */
export function eventLexicon(): EventLexicon {
  lexicon ??= new EventLexicon(LEXICON_URL);
  return lexicon;
}

export type { EventLexicon };

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'h', 'w', 'y']);
const MIN_NAME = 5;
const MIN_SKELETON = 3;

/**
 * A spelling key for a name: its first letter, then its consonants without h, w and y, doubled letters
 * collapsed. Transliterations of one West African name vary in vowels and doubled consonants, rarely in their
 * consonant frame: Chinegodar, Chinagodrar, Chinagoder → "cngdr"; Ghazouani, Ghazwani → "gzn"; Solhan, Sohlan →
 * "sln". Null for short names, whose frames are too few letters to tell names apart.
 */
export function nameSkeleton(name: string): string | null {
  if (name.length < MIN_NAME || !/^[a-z]+$/.test(name)) return null;
  let key = name[0]!;
  for (let i = 1; i < name.length; i++) {
    const c = name[i]!;
    if (VOWELS.has(c) || c === key[key.length - 1]) continue;
    key += c;
  }
  return key.length >= MIN_SKELETON ? key : null;
}

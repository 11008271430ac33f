// Folds text for matching in one table-driven pass — case, diacritics, apostrophes, hyphens — and cuts it
// into tokens hashed on the fly, so the hot path never calls String.prototype.normalize nor builds strings.

/** Table value for a character that ends a token (space, punctuation, apostrophe, hyphen). */
const SEPARATOR = 0;
/** Table value for a character that is dropped without ending the token (combining marks, soft hyphen, zero-width). */
const IGNORED = 1;
/** Folded code for letters outside Latin: they still make tokens, which never match an alias. */
const OTHER_LETTER = 0x7f;
const UPPER_BIT = 0x100;
const EXPANSION_BIT = 0x200;

/** Token flags, one byte per token. */
export const FIRST_UPPER = 1;
/** Every letter upper-case and at least two letters: an acronym or a shouted headline word. */
export const ALL_UPPER = 2;
/** First token after . ! ? or a line break. */
export const SENTENCE_START = 4;
/** Separated from the previous token by exactly one space (no comma, no line break). */
export const SPACE_BEFORE = 8;

/** Letters whose compatibility decomposition keeps no ASCII base. */
const EXTRA_FOLDS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', ħ: 'h', ŧ: 't', þ: 'th', ı: 'i',
  ɗ: 'd', ƙ: 'k', ƴ: 'y', ɓ: 'b', ŋ: 'n', ɛ: 'e', ɔ: 'o', ƒ: 'f',
};
const IGNORABLE = new Set([0xad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);
/** Apostrophes, some of which Unicode calls letters (ʼ ʻ): all break words, like ' and ’. */
const APOSTROPHES = new Set([0x27, 0x60, 0xb4, 0x2bb, 0x2bc, 0x2bd, 0x2018, 0x2019, 0x201b, 0x2032, 0xff07]);

const expansionFirst: number[] = [];
const expansionSecond: number[] = [];

/** Built once at load; normalize() is allowed here, never per document. */
const FOLD: Uint16Array = buildFoldTable();

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  const letterOrDigit = /[\p{L}\p{N}]/u;
  const mark = /\p{M}/u;
  const asciiWord = /^[a-z0-9]{1,2}$/;
  for (let code = 0; code < 0x10000; code++) {
    if ((code >= 0xd800 && code <= 0xdfff) || APOSTROPHES.has(code)) continue;
    const ch = String.fromCharCode(code);
    if (IGNORABLE.has(code) || mark.test(ch)) {
      table[code] = IGNORED;
      continue;
    }
    if (!letterOrDigit.test(ch)) continue;
    const lower = ch.toLowerCase();
    const upper = lower !== ch ? UPPER_BIT : 0;
    const base = EXTRA_FOLDS[lower] ?? lower.normalize('NFKD').replace(/\p{M}/gu, '');
    if (!asciiWord.test(base)) table[code] = OTHER_LETTER | upper;
    else if (base.length === 1) table[code] = base.charCodeAt(0) | upper;
    else {
      table[code] = EXPANSION_BIT | expansionFirst.length | upper;
      expansionFirst.push(base.charCodeAt(0));
      expansionSecond.push(base.charCodeAt(1));
    }
  }
  for (let c = 0; c < 0x7f; c++) if (table[c] === IGNORED) table[c] = SEPARATOR;
  return table;
}

/** Folds a string the same way the tokenizer does, keeping single spaces between tokens. For building aliases and tests. */
export function foldText(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const f = FOLD[text.charCodeAt(i)]!;
    if (f === IGNORED) continue;
    if (f === SEPARATOR) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    if (f & EXPANSION_BIT) {
      const k = f & 0xff;
      out += String.fromCharCode(expansionFirst[k]!, expansionSecond[k]!);
    } else out += String.fromCharCode(f & 0x7f);
  }
  return out;
}

/**
 * The vocabulary: every folded token the taxonomy cares about, found by two independent 32-bit hashes
 * (FNV-1a and a polynomial hash) in an open-addressing table, so an unknown token costs no string at all.
 * Two 32-bit hashes make a false hit among ~10⁴ entries and ~10⁶ tokens astronomically unlikely.
 */
export class Vocabulary {
  private keys1: Int32Array;
  private keys2: Int32Array;
  private ids: Int32Array;
  private mask: number;
  readonly words: string[] = [];

  constructor(capacityHint = 8192) {
    let size = 1;
    while (size < capacityHint * 2) size <<= 1;
    this.keys1 = new Int32Array(size);
    this.keys2 = new Int32Array(size);
    this.ids = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** Id of a folded word (a-z, 0-9), adding it when new. */
  intern(word: string): number {
    let h1 = FNV_OFFSET;
    let h2 = POLY_SEED;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, FNV_PRIME);
      h2 = (Math.imul(h2, POLY_PRIME) + c) | 0;
    }
    const found = this.lookup(h1, h2);
    if (found >= 0) return found;
    if (this.words.length * 2 >= this.mask) this.grow();
    const id = this.words.length;
    this.words.push(word);
    this.insert(h1, h2, id);
    return id;
  }

  lookup(h1: number, h2: number): number {
    let slot = (h1 ^ (h2 >>> 7)) & this.mask;
    for (;;) {
      const id = this.ids[slot]!;
      if (id < 0) return -1;
      if (this.keys1[slot] === h1 && this.keys2[slot] === h2) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  private insert(h1: number, h2: number, id: number): void {
    let slot = (h1 ^ (h2 >>> 7)) & this.mask;
    while (this.ids[slot]! >= 0) slot = (slot + 1) & this.mask;
    this.keys1[slot] = h1;
    this.keys2[slot] = h2;
    this.ids[slot] = id;
  }

  private grow(): void {
    const old = { k1: this.keys1, k2: this.keys2, ids: this.ids };
    const size = (this.mask + 1) * 2;
    this.keys1 = new Int32Array(size);
    this.keys2 = new Int32Array(size);
    this.ids = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let s = 0; s < old.ids.length; s++) if (old.ids[s]! >= 0) this.insert(old.k1[s]!, old.k2[s]!, old.ids[s]!);
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
const POLY_SEED = 0x2545f491;
const POLY_PRIME = 1000003;

/** Tokens of one field, in reusable typed arrays: offsets into the original string, vocabulary id (-1 unknown), flags. */
export class TokenBuffer {
  count = 0;
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  id = new Int32Array(1024);
  flags = new Uint8Array(1024);

  grow(): void {
    const size = this.start.length * 2;
    const start = new Int32Array(size);
    start.set(this.start);
    const end = new Int32Array(size);
    end.set(this.end);
    const id = new Int32Array(size);
    id.set(this.id);
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    Object.assign(this, { start, end, id, flags });
  }
}

/** Folds and tokenizes `text` into `out` in a single pass over its UTF-16 code units. */
export function tokenize(text: string, vocabulary: Vocabulary, out: TokenBuffer): void {
  const length = text.length;
  let count = 0;
  let inToken = false;
  let h1 = 0;
  let h2 = 0;
  let start = 0;
  let letters = 0;
  let uppers = 0;
  let firstUpper = 0;
  let sentenceBreak = true;
  let separatorRun = 0;
  let separatorIsSpace = false;
  for (let i = 0; i <= length; i++) {
    const f = i < length ? FOLD[text.charCodeAt(i)]! : SEPARATOR;
    if (f > IGNORED) {
      if (!inToken) {
        inToken = true;
        start = i;
        h1 = FNV_OFFSET;
        h2 = POLY_SEED;
        letters = 0;
        uppers = 0;
        firstUpper = f & UPPER_BIT;
      }
      if (f & EXPANSION_BIT) {
        const k = f & 0xff;
        let c = expansionFirst[k]!;
        h1 = Math.imul(h1 ^ c, FNV_PRIME);
        h2 = (Math.imul(h2, POLY_PRIME) + c) | 0;
        c = expansionSecond[k]!;
        h1 = Math.imul(h1 ^ c, FNV_PRIME);
        h2 = (Math.imul(h2, POLY_PRIME) + c) | 0;
        letters += 2;
        if (f & UPPER_BIT) uppers += 2;
      } else {
        const c = f & 0x7f;
        h1 = Math.imul(h1 ^ c, FNV_PRIME);
        h2 = (Math.imul(h2, POLY_PRIME) + c) | 0;
        if (c >= 0x61) {
          letters++;
          if (f & UPPER_BIT) uppers++;
        }
      }
      continue;
    }
    if (f === IGNORED && i < length) continue;
    if (inToken) {
      if (count === out.start.length) out.grow();
      out.start[count] = start;
      out.end[count] = i;
      out.id[count] = vocabulary.lookup(h1, h2);
      let flags = firstUpper ? FIRST_UPPER : 0;
      if (letters >= 2 && uppers === letters) flags |= ALL_UPPER;
      if (sentenceBreak) flags |= SENTENCE_START;
      if (separatorRun === 1 && separatorIsSpace) flags |= SPACE_BEFORE;
      out.flags[count] = flags;
      count++;
      inToken = false;
      sentenceBreak = false;
      separatorRun = 0;
    }
    if (i < length) {
      const c = text.charCodeAt(i);
      separatorRun++;
      separatorIsSpace = separatorRun === 1 && (c === 0x20 || c === 0xa0);
      if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x0a) sentenceBreak = true;
    }
  }
  out.count = count;
}

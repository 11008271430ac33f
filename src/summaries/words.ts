// Content words of a sentence for comparing sentences with each other and with the title: lower-cased,
// function words dropped, each word stemmed by its text's language pack (English: Porter; French: plural and
// gender endings).
import { PACKS, packOf } from '../lang/packs.js';
import { isLang } from '../lang/languages.js';

// Every language's summary stopwords: a word is dropped whatever the language of its sentence.
const STOPWORDS: ReadonlySet<string> = new Set(PACKS.flatMap((p) => p.summaryStopwords));

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

const stems = new Map<string, string>();

/** A word's stem by the stemmer of the text's language; a language without a pack (or unknown) is not stemmed. */
export function stemOf(word: string, lang: string | null): string {
  const key = `${lang ?? ''}:${word}`;
  let stem = stems.get(key);
  if (stem === undefined) {
    stem = isLang(lang) ? packOf(lang).stem(word) : word;
    if (stems.size > 200_000) stems.clear();
    stems.set(key, stem);
  }
  return stem;
}

/** Stems of the content words of a text. */
export function contentStems(text: string, lang: string | null): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)) {
    const word = match[0].replace(/^(?:l|d|j|qu|n|s|c|m|t)['’]/, '').replace(/['’]s$/, '');
    if (word.length < 2 || isStopword(word) || /^\d+$/.test(word)) continue;
    out.push(stemOf(word, lang));
  }
  return out;
}

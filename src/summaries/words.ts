// Content words of a sentence for comparing sentences with each other and with the title: lower-cased,
// function words dropped, English words Porter-stemmed, French ones stripped of plural and gender endings.
import { porterStem } from '../lang/porter.js';
import { PACKS } from '../lang/packs.js';

// Every language's summary stopwords: a word is dropped whatever the language of its sentence.
const STOPWORDS: ReadonlySet<string> = new Set(PACKS.flatMap((p) => p.summaryStopwords));

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

const stems = new Map<string, string>();

/** A French word without its plural and feminine endings, enough to match "militaires" with "militaire". */
function frenchStem(word: string): string {
  let w = word;
  if (w.length > 4 && /[sx]$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

export function stemOf(word: string, lang: string | null): string {
  const key = `${lang ?? ''}:${word}`;
  let stem = stems.get(key);
  if (stem === undefined) {
    stem = lang === 'fr' ? frenchStem(word) : /^[a-z]+$/.test(word) && word.length > 3 ? porterStem(word) : frenchStem(word);
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

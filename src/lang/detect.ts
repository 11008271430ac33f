import { LANGUAGES, type Lang } from './languages.js';
import { packOf } from './packs.js';

// Tells the languages of LANGUAGES apart by their commonest function words (each pack's detectionWords): a
// language wins with at least twice the votes of every other; anything else (or too little text) is null.
const WORDS: ReadonlyMap<Lang, ReadonlySet<string>> = new Map(LANGUAGES.map((lang) => [lang, new Set(packOf(lang).detectionWords)]));

/** Words needed before we trust the vote. */
const MIN_VOTES = 5;

export function detectLanguage(text: string): Lang | null {
  const votes = new Map<Lang, number>(LANGUAGES.map((lang) => [lang, 0]));
  let seen = 0;
  for (const match of text.slice(0, 5000).toLowerCase().matchAll(/[\p{L}']+/gu)) {
    const word = match[0].replace(/^[ldjnmstc]'/, '');
    for (const [lang, words] of WORDS) if (words.has(word)) votes.set(lang, votes.get(lang)! + 1);
    if (++seen >= 600) break;
  }
  let total = 0;
  for (const n of votes.values()) total += n;
  if (total < MIN_VOTES) return null;
  for (const [lang, n] of votes) {
    if ([...votes].every(([other, m]) => other === lang || n >= 2 * m)) return lang;
  }
  return null;
}

import type { Lang } from './languages.js';

// Tells English from French by their commonest function words; anything else (or too little text) is null.
const ENGLISH = new Set(
  'the of and to in a is that for on it with as was by at he said from his be have has are an its but not they who were had this which their will after been also would there more than one over about into two when'.split(' '),
);
const FRENCH = new Set(
  'le la les de des du un une et est en au aux que qui dans pour sur par pas ne plus avec il elle ils sont ont été son sa ses cette ce se leur mais ou où a été selon lors après entre contre sans'.split(' '),
);

/** Words needed before we trust the vote. */
const MIN_VOTES = 5;

export function detectLanguage(text: string): Lang | null {
  let en = 0;
  let fr = 0;
  let seen = 0;
  for (const match of text.slice(0, 5000).toLowerCase().matchAll(/[\p{L}']+/gu)) {
    const word = match[0].replace(/^[ldjnmstc]'/, '');
    if (ENGLISH.has(word)) en++;
    if (FRENCH.has(word)) fr++;
    if (++seen >= 600) break;
  }
  if (en + fr < MIN_VOTES) return null;
  if (en >= 2 * fr) return 'en';
  if (fr >= 2 * en) return 'fr';
  return null;
}

// Sentences that carry no news: padding ("It is worth noting", "In conclusion", "cannot be understated"), calls
// to action ("Click here", "Scroll down for video") and teasers. The patterns are in the language packs (src/lang/).
import { PACKS } from '../lang/packs.js';

// Every language's patterns: a summary's sentences are tested whatever the language of the page.
const FILLER: readonly RegExp[] = PACKS.flatMap((p) => p.filler);

export function isFiller(sentence: string): boolean {
  return FILLER.some((p) => p.test(sentence));
}

// Every language pack, in the order of LANGUAGES, and the one for a language.
import { en } from './en.js';
import { fr } from './fr.js';
import { LANGUAGES, type Lang } from './languages.js';
import type { LanguagePack } from './pack.js';

export type { LanguagePack } from './pack.js';

const BY_LANG: Record<Lang, LanguagePack> = { en, fr };

/** One pack per language of LANGUAGES (a Record<Lang, …> so a language without a pack does not compile). */
export const PACKS: readonly LanguagePack[] = LANGUAGES.map((lang) => BY_LANG[lang]);

export function packOf(lang: Lang): LanguagePack {
  return BY_LANG[lang];
}

// The languages Sahel Watch speaks: one list, one type, one check. Adding a language starts here
// (see README "Adding a language" for every file it touches).
export const LANGUAGES = ['en', 'fr'] as const;

export type Lang = (typeof LANGUAGES)[number];

/** Whether a value (a stored setting, a command option, a detector's answer) is one of LANGUAGES. */
export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language of replies to a locale we do not speak, and of a server that never chose one. */
export const DEFAULT_LANG: Lang = 'en';

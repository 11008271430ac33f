// User-facing strings in English and French. Replies follow the member's locale; posts follow the server's setting.
export type Lang = 'en' | 'fr';

const STRINGS = {
  alsoReportedBy: { en: 'Also reported by', fr: 'Également rapporté par' },
  andMore: { en: '+{n} more', fr: '+{n} autres' },
  olderStory: { en: '🕰️ Older story', fr: '🕰️ Histoire ancienne' },
  countries: { en: 'Countries', fr: 'Pays' },
  themes: { en: 'Themes', fr: 'Thèmes' },
  source: { en: 'Source', fr: 'Source' },
  published: { en: 'Published', fr: 'Publié' },
  btnSummary: { en: 'Summary', fr: 'Résumé' },
  btnSources: { en: 'Sources', fr: 'Sources' },
  btnWhy: { en: 'Why', fr: 'Pourquoi' },
  needManageServer: { en: 'You need the Manage Server permission to do that.', fr: 'Il vous faut la permission « Gérer le serveur » pour cela.' },
  guildOnly: { en: 'This command works in a server, not in direct messages.', fr: 'Cette commande fonctionne dans un serveur, pas en message privé.' },
  internalError: { en: 'Something went wrong on our side; the error was logged. Please try again in a minute.', fr: 'Une erreur est survenue de notre côté ; elle a été journalisée. Réessayez dans une minute.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

export function t(lang: Lang, key: StringKey, vars: Record<string, string | number> = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** Discord locales ("fr", "en-US", …) to ours. */
export function langOf(locale: string | null | undefined): Lang {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

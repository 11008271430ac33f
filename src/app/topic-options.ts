// Turns what a user typed for countries or themes ("Mali, niger", "MLI NER", "coups d'État") into taxonomy ids.
import { listTopics, type TopicInfo } from '../topics/index.js';
import { UserError } from './service.js';
import type { Lang } from '../i18n.js';

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

function resolve(list: TopicInfo[], text: string | null | undefined, unknown: 'unknownCountry' | 'unknownTheme'): string[] {
  if (!text?.trim()) return [];
  const ids: string[] = [];
  for (const part of text.split(/[,;|]+/).map((p) => p.trim()).filter(Boolean)) {
    const key = fold(part);
    const hit = list.find((t) => fold(t.id) === key || fold(t.en) === key || fold(t.fr) === key) ?? list.find((t) => fold(t.en).startsWith(key) || fold(t.fr).startsWith(key));
    if (!hit) throw UserError.of(unknown, { value: part.slice(0, 60) });
    if (!ids.includes(hit.id)) ids.push(hit.id);
  }
  return ids;
}

export function resolveCountries(text: string | null | undefined): string[] {
  return resolve(listTopics().countries, text, 'unknownCountry');
}

export function resolveThemes(text: string | null | undefined): string[] {
  return resolve(listTopics().themes, text, 'unknownTheme');
}

/** Suggestions for an autocomplete box: the last comma-separated part is the one being typed. */
export function suggest(list: TopicInfo[], typed: string, lang: Lang): { name: string; value: string }[] {
  const parts = typed.split(',');
  const current = fold(parts.pop() ?? '');
  const prefix = parts.map((p) => p.trim()).filter(Boolean);
  return list
    .filter((t) => !current || fold(t.en).includes(current) || fold(t.fr).includes(current) || fold(t.id).startsWith(current))
    .slice(0, 25)
    .map((t) => {
      const value = [...prefix, t.id].join(', ');
      return { name: `${t.flag ? t.flag + ' ' : ''}${t[lang]}${prefix.length ? ` (${value})` : ''}`.slice(0, 100), value: value.slice(0, 100) };
    });
}

// Display names for countries (with flags) and themes, from the taxonomy.
import { listTopics } from '../topics/index.js';
import type { Lang } from '../i18n.js';

export interface TopicLabels {
  country(code: string): string;
  theme(id: string): string;
}

let cache: Map<string, { en: string; fr: string; flag?: string }> | null = null;

function table(): Map<string, { en: string; fr: string; flag?: string }> {
  if (cache) return cache;
  const topics = listTopics();
  cache = new Map();
  for (const t of [...topics.countries, ...topics.themes, ...topics.actors, ...topics.organisations]) cache.set(t.id, t);
  return cache;
}

export function topicLabels(lang: Lang): TopicLabels {
  return {
    country: (code) => {
      const t = table().get(code);
      return t ? `${t.flag ? t.flag + ' ' : ''}${t[lang]}` : code;
    },
    theme: (id) => table().get(id)?.[lang] ?? id,
  };
}

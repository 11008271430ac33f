// What a post says about a story, independent of the chat platform that renders it.
import type { Store, Story } from '../store/index.js';

export interface StoryPost {
  storyId: number;
  title: string;
  link: string | null;
  summary: string | null;
  countries: string[];
  themes: string[];
  outlet: string | null;
  publishedAt: number | null;
  /** Other outlets reporting the same story, earliest first (the original outlet excluded). */
  alsoReportedBy: { outlet: string; link: string | null }[];
  rehash: boolean;
  language: 'en' | 'fr';
  roleId: string | null;
}

export function buildStoryPost(store: Store, story: Story, opts: { rehash: boolean; language: 'en' | 'fr'; roleId: string | null }): StoryPost {
  const sources = store.stories.sources(story.id);
  const original = sources.find((s) => s.itemId === story.originalItemId) ?? sources[0];
  const outletOf = (s: (typeof sources)[number]) => s.outlet ?? hostOf(s.link ?? s.feedUrl);
  const seen = new Set<string>(original ? [outletOf(original)] : []);
  const also: StoryPost['alsoReportedBy'] = [];
  for (const s of sources) {
    const outlet = outletOf(s);
    if (seen.has(outlet)) continue;
    seen.add(outlet);
    also.push({ outlet, link: s.link });
  }
  return {
    storyId: story.id,
    title: story.title,
    link: story.link,
    summary: story.summary,
    countries: story.countries,
    themes: story.themes,
    outlet: original ? outletOf(original) : null,
    publishedAt: original ? (original.publishedAt ?? original.fetchedAt) : story.firstSeenAt,
    alsoReportedBy: also,
    rehash: opts.rehash,
    language: opts.language,
    roleId: opts.roleId,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

// What a post says about a story, independent of the chat platform that renders it.
import type { Delivery, Store, Story, Subscription } from '../store/index.js';
import { outletOf, storySeenBy } from './view.js';
import { rankForDigest } from './digest.js';
import type { Lang } from '../lang/languages.js';

export interface StoryPost {
  storyId: number;
  title: string;
  link: string | null;
  summary: string | null;
  countries: string[];
  themes: string[];
  outlet: string | null;
  publishedAt: number | null;
  /** Other outlets of the server's feeds reporting the same story, earliest first (the shown outlet excluded). */
  alsoReportedBy: { outlet: string; link: string | null }[];
  rehash: boolean;
  language: Lang;
  roleId: string | null;
}

/**
 * A message for one subscription: rendered from the story as that subscription's server sees it (its feeds'
 * items only), showing `itemId`, the item the delivery posted; null when the server sees nothing of the story.
 */
export async function buildStoryPost(
  store: Store,
  story: Story,
  opts: { guildId: string; itemId: number | null; rehash: boolean; language: Lang; roleId: string | null },
): Promise<StoryPost | null> {
  const view = await storySeenBy(store, story, opts.guildId, opts.itemId);
  if (!view) return null;
  const { shown } = view;
  const outlet = outletOf(shown);
  const seen = new Set<string>([outlet]);
  const also: StoryPost['alsoReportedBy'] = [];
  for (const s of view.items) {
    const name = outletOf(s);
    if (!name || seen.has(name)) continue;
    seen.add(name);
    also.push({ outlet: name, link: s.link });
  }
  return {
    storyId: story.id,
    title: shown.title,
    link: shown.link,
    summary: shown.summary,
    countries: view.story.countries,
    themes: view.story.themes,
    outlet: outlet || null,
    publishedAt: shown.publishedAt ?? shown.fetchedAt,
    alsoReportedBy: also,
    rehash: opts.rehash,
    language: opts.language,
    roleId: opts.roleId,
  };
}

/**
 * What a digest subscription's next digest holds: the deliveries collected since the previous one and, top
 * first, their stories as the server sees them in its language. The preview (/sahel digest) and the digest
 * sent (Dispatcher.runDigests) both read it here.
 */
export async function collectDigest(store: Store, sub: Pick<Subscription, 'id' | 'guildId'>): Promise<{ rows: Delivery[]; posts: StoryPost[] }> {
  const rows = await store.deliveries.forDigest(sub.id);
  return { rows, posts: await digestPosts(store, sub.guildId, rows, await store.subscriptions.language(sub.guildId)) };
}

/** A digest's stories, top first, each as the subscription's server sees it and showing its delivery's item. */
async function digestPosts(store: Store, guildId: string, rows: Pick<Delivery, 'storyId' | 'itemId' | 'rehash'>[], language: Lang): Promise<StoryPost[]> {
  const byStory = new Map(rows.map((r) => [r.storyId, r]));
  const seen: Story[] = [];
  for (const r of byStory.values()) {
    const story = await store.stories.byId(r.storyId);
    const view = story ? await storySeenBy(store, story, guildId, r.itemId) : null;
    if (view) seen.push(view.story);
  }
  // Ranked by what this server sees of each story (its own sources), not by other servers' feeds.
  const posts: StoryPost[] = [];
  for (const s of rankForDigest(seen)) {
    const r = byStory.get(s.id)!;
    const post = await buildStoryPost(store, s, { guildId, itemId: r.itemId, rehash: r.rehash, language, roleId: null });
    if (post) posts.push(post);
  }
  return posts;
}

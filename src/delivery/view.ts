// A story as one server sees it. Stories are clustered across every feed, but what a server is shown of one
// (headline, link, summary, countries, themes, outlets, sources) comes only from the items of the feeds that
// server follows: a feed another server added can join a story, never change what this server sees of it.
import type { SeenItem, Store, Story } from '../store/index.js';
import { hostOf } from '../net/host.js';

export interface StoryView {
  /** The story with its shown fields taken from this server's items (the id and times are the story's). */
  story: Story;
  /** This server's items of the story, oldest first. */
  items: SeenItem[];
  /** The item the server is shown: headline, link, summary and outlet all describe it. */
  shown: SeenItem;
}

/**
 * `shownItemId` is the item a delivery's message shows (kept by the pipeline: it moves only to a fuller copy of
 * the same text from a feed that server follows). Without one, the story's best source when the server follows
 * its feed, else the server's earliest item. Null when the server follows none of the story's feeds.
 */
export async function storySeenBy(store: Store, story: Story, guildId: string, shownItemId: number | null = null): Promise<StoryView | null> {
  const items = await store.stories.seenBy(story.id, guildId, shownItemId);
  const followed = items.filter((i) => i.followed);
  const shown = items.find((i) => i.itemId === shownItemId) ?? followed.find((i) => i.itemId === story.bestItemId) ?? followed[0];
  if (!shown) return null;
  return {
    story: {
      ...story,
      originalItemId: items[0]!.itemId,
      bestItemId: shown.itemId,
      title: shown.title,
      link: shown.link,
      summary: shown.summary,
      countries: union(items.map((i) => i.countries)),
      themes: union(items.map((i) => i.themes)),
      score: Math.max(...items.map((i) => i.score)),
      sourceCount: items.length,
      publishedAt: firstPublished(items),
    },
    items,
    shown,
  };
}

// When the story was first published, as this server's sources date it: the earliest publication date, or the
// time the bot first saw an item whose feed gave none.
function firstPublished(items: SeenItem[]): number {
  return Math.min(...items.map((i) => i.publishedAt ?? i.fetchedAt));
}

/**
 * An outlet's name: its feed's title when the server follows that feed, else the host of the item's link. A
 * title a feed gave itself reaches only servers that chose to follow that feed.
 */
export function outletOf(item: Pick<SeenItem, 'feedTitle' | 'link' | 'feedUrl'>): string {
  return item.feedTitle?.trim() || (hostOf(item.link ?? item.feedUrl) ?? '');
}

function union(lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

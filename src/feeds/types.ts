// The feed stage's vocabulary: what a fetched and normalised feed looks like to the rest of the bot.

/** One entry of a feed, normalised: plain text, absolute link, a stable identity within its feed. */
export interface FeedItem {
  /** Stable within the feed: guid, else canonical link, else title + date. Never changes when a publisher bumps pubDate. */
  identity: string;
  title: string;
  /** Plain text from the HTML description or content (the fuller of the two), whitespace-normalised. */
  text: string;
  /** Absolute http(s) link, or null when the item has none. */
  link: string | null;
  /** Epoch milliseconds; null when missing or unparsable. Future dates are clamped to the fetch time. */
  publishedAt: number | null;
  author: string | null;
  categories: string[];
}

export interface ParsedFeed {
  title: string | null;
  /** The site's home page, absolute, when the feed names one. */
  siteUrl: string | null;
  language: string | null;
  /** The newest entries, at most the cap taken per poll, in feed order. */
  items: FeedItem[];
  /** Entries past that cap, not taken (0 when the feed is within it). */
  itemsLeftOut: number;
}

// Feed discovery: the one way a URL a person gives becomes a feed to follow — a feed as it is, or the feed an
// HTML page names (<link rel="alternate">, the first three tried).
import { fetchFeed, FeedError } from '../feeds/fetch.js';

export interface DiscoveredFeed {
  feedUrl: string;
  /** The page the feed was found on, when the URL given was not the feed itself. */
  discoveredFrom: string | null;
  title: string | null;
}

/** Why a URL gives no feed: it could not be fetched (`detail` says why), or it is neither a feed nor names one. */
export class FeedDiscoveryError extends Error {
  override name = 'FeedDiscoveryError';
  constructor(readonly url: string, readonly reason: 'unreachable' | 'not-a-feed', readonly detail: string | null = null) {
    super(reason === 'unreachable' ? `${url} could not be fetched: ${detail}` : `${url} is not a feed and names none`);
  }
}

export async function discoverFeed(url: string, opts: { userAgent: string; allowPrivateNetworks: boolean }): Promise<DiscoveredFeed> {
  const fetchOpts = { userAgent: opts.userAgent, allowPrivateNetworks: opts.allowPrivateNetworks, timeoutMs: 10_000 };
  const fresh = { etag: null, lastModified: null, bodyHash: null };
  let alternates: string[] = [];
  try {
    const parsed = await fetchFeed(url, fresh, fetchOpts);
    if (parsed.kind === 'parsed') return { feedUrl: url, discoveredFrom: null, title: parsed.feed.title };
  } catch (err) {
    if (!(err instanceof FeedError) || err.kind !== 'parse') throw new FeedDiscoveryError(url, 'unreachable', err instanceof Error ? err.message : String(err));
    // Not a feed: perhaps an HTML page that names its feed (<link rel="alternate">).
    alternates = err.alternates ?? [];
  }
  for (const candidate of alternates.slice(0, 3)) {
    try {
      const parsed = await fetchFeed(candidate, fresh, fetchOpts);
      if (parsed.kind === 'parsed') return { feedUrl: candidate, discoveredFrom: url, title: parsed.feed.title };
    } catch {
      // try the next candidate
    }
  }
  throw new FeedDiscoveryError(url, 'not-a-feed');
}

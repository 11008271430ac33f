// One poll of one feed: conditional GET, a body-hash short-cut that skips parsing what did not change,
// then parse and normalise. Every failure becomes a FeedError whose message is one line a person can act on.
import { createHash } from 'node:crypto';
import { httpGet, decodeText, HttpError, type HttpErrorCode } from '../net/http.js';
import { parseFeed, FeedParseError } from './parse.js';
import { decodeEntities } from './normalise.js';
import type { ParsedFeed } from './types.js';

export interface FeedFetchState {
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
}

export type FeedFetchResult =
  | { kind: 'not-modified' }
  /** 200, but the body is byte-for-byte what was parsed last time; the validators may still have moved. */
  | { kind: 'unchanged'; bodyHash: string; etag: string | null; lastModified: string | null; finalUrl: string }
  | { kind: 'parsed'; feed: ParsedFeed; etag: string | null; lastModified: string | null; bodyHash: string; finalUrl: string };

export type FeedErrorKind = 'network' | 'timeout' | 'http' | 'too-large' | 'parse' | 'blocked';

export class FeedError extends Error {
  override name = 'FeedError';
  readonly retryAfterMs?: number;
  readonly status?: number;
  /** Feeds an HTML page advertises, when the URL turned out to be a page rather than a feed. */
  readonly alternates?: string[];

  constructor(
    readonly kind: FeedErrorKind,
    message: string,
    extra: { status?: number; retryAfterMs?: number; alternates?: string[]; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
    if (extra.alternates !== undefined) this.alternates = extra.alternates;
  }
}

export interface FetchFeedOptions {
  userAgent: string;
  allowPrivateNetworks?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  /** Fetch time; future publication dates are clamped to it. Defaults to Date.now(). */
  now?: number;
  /** Entries taken from the feed: the newest this many; all when absent. */
  maxItems?: number;
}

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1';

const KIND_OF: Record<HttpErrorCode, FeedErrorKind> = {
  'bad-url': 'blocked',
  blocked: 'blocked',
  timeout: 'timeout',
  'too-large': 'too-large',
  redirects: 'http',
  network: 'network',
  status: 'http',
};

export async function fetchFeed(url: string, state: FeedFetchState, opts: FetchFeedOptions): Promise<FeedFetchResult> {
  let res;
  try {
    res = await httpGet(url, {
      userAgent: opts.userAgent,
      etag: state.etag,
      lastModified: state.lastModified,
      accept: FEED_ACCEPT,
      ...(opts.allowPrivateNetworks === undefined ? {} : { allowPrivateNetworks: opts.allowPrivateNetworks }),
      ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
      ...(opts.maxBytes === undefined ? {} : { maxBytes: opts.maxBytes }),
    });
  } catch (err) {
    throw toFeedError(url, err);
  }
  if (res.notModified) return { kind: 'not-modified' };
  const etag = res.headers.etag ?? null;
  const lastModified = res.headers['last-modified'] ?? null;
  const bodyHash = createHash('sha256').update(res.body).digest('hex');
  if (state.bodyHash !== null && bodyHash === state.bodyHash) return { kind: 'unchanged', bodyHash, etag, lastModified, finalUrl: res.url };

  const text = decodeText(res.body, res.headers['content-type']);
  let feed: ParsedFeed;
  try {
    feed = await parseFeed(text, res.url, opts.now ?? Date.now(), opts.maxItems === undefined ? {} : { maxItems: opts.maxItems });
  } catch (err) {
    throw toParseError(url, res.url, text, err);
  }
  return { kind: 'parsed', feed, etag, lastModified, bodyHash, finalUrl: res.url };
}

function toFeedError(url: string, err: unknown): FeedError {
  if (!(err instanceof HttpError)) {
    return new FeedError('network', `feed ${displayUrl(url)} could not be fetched: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const via = err.url !== url && err.code !== 'bad-url' ? ` (redirected to ${displayUrl(err.url)})` : '';
  return new FeedError(KIND_OF[err.code], `feed ${displayUrl(url)}${via} ${err.reason}`, {
    cause: err,
    ...(err.status === undefined ? {} : { status: err.status }),
    ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
  });
}

function toParseError(url: string, finalUrl: string, text: string, err: unknown): FeedError {
  if (!(err instanceof FeedParseError)) {
    return new FeedError('parse', `feed ${displayUrl(url)} could not be read: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (err.reason === 'html') {
    const alternates = discoverFeedUrls(text, finalUrl);
    const hint = alternates.length ? `; it links to the feed ${alternates[0]}` : '; give the address of its RSS or Atom feed instead';
    return new FeedError('parse', `feed ${displayUrl(url)} ${err.detail}${hint}`, { alternates, cause: err });
  }
  return new FeedError('parse', `feed ${displayUrl(url)} ${err.detail}`, { cause: err });
}

/** URLs in messages: no credentials, bounded length. */
function displayUrl(url: string): string {
  let shown = url;
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
      shown = u.href;
    }
  } catch {
    // not a URL: shown as given, but bounded
  }
  return shown.length > 200 ? `${shown.slice(0, 199)}…` : shown;
}

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/x.atom+xml', 'application/x-atom+xml', 'text/xml', 'application/xml']);

/** <link rel="alternate" type="application/rss+xml|atom+xml" href> of an HTML page, absolute, in page order. */
export function discoverFeedUrls(html: string, baseUrl: string): string[] {
  // A tag ends at ">", so none starts after the last one. The regexes below, tried from every "<link" or
  // "<base" with no ">" after it, read to the end of the page each time: 818 bytes of gzip held the loop 18.6 s.
  const head = html.slice(0, 512 * 1024);
  const tags = head.slice(0, head.lastIndexOf('>') + 1);
  // The first <base> with an href, as browsers use.
  const baseHref = (tags.match(/<base\b[^>]*>/gi) ?? []).map((tag) => attributesOf(tag).get('href')).find((href) => href !== undefined);
  let base = baseUrl;
  if (baseHref !== undefined) {
    try {
      base = new URL(decodeEntities(baseHref).trim(), baseUrl).href;
    } catch {
      // a broken <base> is ignored, as browsers do
    }
  }
  const found = new Set<string>();
  for (const tag of tags.match(/<link\b[^>]*>/gi) ?? []) {
    const attrs = attributesOf(tag);
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (attrs.get('type') ?? '').toLowerCase().split(';')[0]!.trim();
    const href = attrs.get('href');
    if (!rel.includes('alternate') || !FEED_TYPES.has(type) || !href) continue;
    try {
      const url = new URL(decodeEntities(href).trim(), base);
      if (url.protocol === 'http:' || url.protocol === 'https:') found.add(url.href);
    } catch {
      // unusable href: skipped
    }
  }
  return [...found];
}

function attributesOf(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  // Only ">" ends the tag: in <link href=/feed/> the slash belongs to the unquoted value.
  const inner = tag.replace(/^<(?:link|base)\b/i, '').slice(0, -1);
  for (const m of inner.matchAll(/([^\s=/>]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
    const name = m[1]!.toLowerCase();
    if (!attrs.has(name)) attrs.set(name, m[2] === undefined ? '' : unquote(m[2]));
  }
  return attrs;
}

function unquote(v: string): string {
  return /^(["']).*\1$/s.test(v) ? v.slice(1, -1) : v;
}

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { gzipSync } from 'node:zlib';
import { fetchFeed, discoverFeedUrls, FeedError, type FeedFetchState, type FetchFeedOptions } from './fetch.js';
import { startFeedServer, rss2, rss1, atom, sahelItem, type FeedServer } from '../../test/feed-server.js';
import { startFaultServer, FAULT_PATHS, type FaultName, type FaultServer } from '../../test/fault-server.js';
import { rejection } from '../../test/rejection.js';

const NOW = Date.UTC(2024, 5, 10, 12);
const opts: FetchFeedOptions = { userAgent: 'SahelWatch/test (+https://example.org)', allowPrivateNetworks: true, timeoutMs: 2000, now: NOW };
const fresh: FeedFetchState = { etag: null, lastModified: null, bodyHash: null };

const feedError = (p: Promise<unknown>): Promise<FeedError> => rejection(p, FeedError);

let feeds: FeedServer;
let faults: FaultServer;
beforeAll(async () => {
  [feeds, faults] = await Promise.all([startFeedServer(), startFaultServer()]);
});
afterAll(async () => {
  await Promise.all([feeds.close(), faults.close()]);
});

describe('fetchFeed — polling cycle', () => {
  it('parses, then answers not-modified to ETag and Last-Modified, then parses the change', async () => {
    feeds.setFeed('/cycle.xml', rss2([sahelItem(1)]));
    const first = await fetchFeed(feeds.url('/cycle.xml'), fresh, opts);
    if (first.kind !== 'parsed') throw new Error(first.kind);
    expect(first.feed.items.map((i) => i.title)).toEqual([sahelItem(1).title]);
    expect(first.etag).toMatch(/^"/);
    expect(first.lastModified).not.toBeNull();
    expect(first.bodyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.finalUrl).toBe(feeds.url('/cycle.xml'));

    const state = { etag: first.etag, lastModified: first.lastModified, bodyHash: first.bodyHash };
    expect(await fetchFeed(feeds.url('/cycle.xml'), state, opts)).toEqual({ kind: 'not-modified' });
    const sent = feeds.requests.at(-1)!.headers;
    expect(sent['if-none-match']).toBe(first.etag);
    expect(sent['if-modified-since']).toBe(first.lastModified);
    expect(sent['accept']).toMatch(/application\/rss\+xml/);

    feeds.setFeed('/cycle.xml', rss2([sahelItem(2), sahelItem(1)]));
    const third = await fetchFeed(feeds.url('/cycle.xml'), state, opts);
    if (third.kind !== 'parsed') throw new Error(third.kind);
    expect(third.feed.items).toHaveLength(2);
    expect(third.feed.items[1]!.identity).toBe(first.feed.items[0]!.identity);
  });

  it('works with Last-Modified alone', async () => {
    feeds.setFeed('/lm-only.xml', atom([sahelItem(3)]), { etag: false, contentType: 'application/atom+xml' });
    const first = await fetchFeed(feeds.url('/lm-only.xml'), fresh, opts);
    if (first.kind !== 'parsed') throw new Error(first.kind);
    expect(first.etag).toBeNull();
    expect(await fetchFeed(feeds.url('/lm-only.xml'), { etag: null, lastModified: first.lastModified, bodyHash: first.bodyHash }, opts)).toEqual({ kind: 'not-modified' });
  });

  it('skips parsing a 200 whose body has not changed', async () => {
    feeds.setFeed('/no-validators.xml', rss1([sahelItem(4)]), { etag: false, lastModified: false });
    const first = await fetchFeed(feeds.url('/no-validators.xml'), fresh, opts);
    if (first.kind !== 'parsed') throw new Error(first.kind);
    const again = await fetchFeed(feeds.url('/no-validators.xml'), { etag: null, lastModified: null, bodyHash: first.bodyHash }, opts);
    expect(again).toEqual({ kind: 'unchanged', bodyHash: first.bodyHash, etag: null, lastModified: null, finalUrl: feeds.url('/no-validators.xml') });
  });

  it('decodes gzip and follows redirects, reporting the final URL', async () => {
    feeds.setFeed('/gz-feed.xml', rss2([sahelItem(5)]), { gzip: true });
    const gz = await fetchFeed(feeds.url('/gz-feed.xml'), fresh, opts);
    expect(gz.kind === 'parsed' && gz.feed.items.length).toBe(1);
    const moved = await fetchFeed(faults.url('redirectChain'), fresh, opts);
    expect(moved.kind === 'parsed' && moved.finalUrl).toBe(faults.urlFor(FAULT_PATHS.ok));
  });
});

describe('fetchFeed — every fault ends in the right FeedError', () => {
  const quick: FetchFeedOptions = { ...opts, timeoutMs: 300 };
  it.each<[FaultName, FeedError['kind'], RegExp, FetchFeedOptions?]>([
    ['slowLoris', 'timeout', /did not complete within 300 ms/, quick],
    ['hang', 'timeout', /did not complete within 300 ms/, quick],
    ['reset', 'network', /reset the connection|closed the connection/],
    ['truncated', 'network', /closed the connection|reset the connection/],
    ['status500', 'http', /answered 500 Internal Server Error/],
    ['status502', 'http', /answered 502 Bad Gateway/],
    ['status503', 'http', /answered 503 Service Unavailable/],
    ['rateLimited', 'http', /answered 429 Too Many Requests/],
    ['redirectTooMany', 'http', /redirected more than 5 times/],
    ['redirectLoop', 'http', /redirected more than 5 times/],
    ['notModifiedAlways', 'http', /304 Not Modified to a request that was not conditional/],
    ['hugeBody', 'too-large', /sent more than 5 MB/],
    ['hugeChunked', 'too-large', /sent more than 5 MB/],
    ['endless', 'too-large', /sent more than 5 MB/],
    ['gzipBomb', 'too-large', /sent more than 5 MB/],
    ['invalidXml', 'parse', /is not well-formed XML \(Unexpected close tag at line 3/],
    ['htmlPage', 'parse', /is an HTML page, not a feed; it links to the feed http:\/\/127\.0\.0\.1:\d+\/feed/],
    ['emptyBody', 'parse', /is empty/],
  ])('%s → %s', async (fault, kind, message, options = opts) => {
    const err = await feedError(fetchFeed(faults.url(fault), fresh, options));
    expect(err.kind).toBe(kind);
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(`feed ${faults.url(fault)}`)).toBe(true);
    expect(err.message).not.toMatch(/\n/);
  });

  it('carries status and Retry-After for the scheduler', async () => {
    const limited = await feedError(fetchFeed(faults.url('rateLimited'), fresh, opts));
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    const unavailable = await feedError(fetchFeed(faults.url('status503'), fresh, opts));
    expect(unavailable).toMatchObject({ status: 503, retryAfterMs: 30_000 });
  });

  it('names the feeds an HTML page advertises', async () => {
    const err = await feedError(fetchFeed(faults.url('htmlPage'), fresh, opts));
    expect(err.alternates).toEqual([faults.urlFor(FAULT_PATHS.ok)]);
  });

  it('sends no conditional headers without stored validators', async () => {
    await feedError(fetchFeed(faults.url('notModifiedAlways'), { etag: null, lastModified: null, bodyHash: 'abc' }, opts));
  });

  it('refuses a loopback feed when private networks are not allowed', async () => {
    const err = await feedError(fetchFeed(faults.url('ok'), fresh, { ...opts, allowPrivateNetworks: false }));
    expect(err.kind).toBe('blocked');
    expect(err.message).toMatch(/^feed http:\/\/127\.0\.0\.1:\d+\/feed resolves to 127\.0\.0\.1, a loopback, private or reserved address; refused/);
  });

  it('refuses a non-http URL as blocked, without echoing credentials', async () => {
    expect((await feedError(fetchFeed('file:///etc/passwd', fresh, opts))).kind).toBe('blocked');
    const err = await feedError(fetchFeed('https://admin:hunter2@feeds.example/rss', fresh, opts));
    expect(err.kind).toBe('blocked');
    expect(err.message).not.toContain('hunter2');
  });
});

describe('fetchFeed — content faults that still parse', () => {
  it('an empty feed is a feed with no items', async () => {
    const res = await fetchFeed(faults.url('emptyFeed'), fresh, opts);
    expect(res.kind === 'parsed' && res.feed.items).toEqual([]);
  });

  it.each<FaultName>(['cp1252AsUtf8', 'latin1Declared', 'bom'])('%s decodes the French text', async (fault) => {
    const res = await fetchFeed(faults.url(fault), fresh, opts);
    if (res.kind !== 'parsed') throw new Error(res.kind);
    expect(res.feed.items[0]!.title).toMatch(/^Mali : l[’']armée annonce la reprise de Kidal$/);
    expect(res.feed.items[0]!.text).toMatch(/« Une étape décisive », selon l[’']état-major\./);
    expect(res.feed.items[1]!.title).toBe('Niger : la junte reçoit une délégation de la CEDEAO');
  });

  it('clamps future dates to the fetch time', async () => {
    const res = await fetchFeed(faults.url('futureDates'), fresh, opts);
    if (res.kind !== 'parsed') throw new Error(res.kind);
    expect(res.feed.items.map((i) => i.publishedAt)).toEqual([NOW, NOW]);
  });

  it('reads a 10,000-item feed', async () => {
    const res = await fetchFeed(faults.url('hugeFeed'), fresh, { ...opts, timeoutMs: 10_000 });
    if (res.kind !== 'parsed') throw new Error(res.kind);
    expect(res.feed.items).toHaveLength(10_000);
  });

  it('a hanging feed does not hold up another polled at the same time', async () => {
    feeds.setFeed('/neighbour.xml', rss2([sahelItem(6)]));
    const started = performance.now();
    const hanging = fetchFeed(faults.url('hang'), fresh, { ...opts, timeoutMs: 800 }).catch((e: unknown) => e);
    const neighbour = await fetchFeed(feeds.url('/neighbour.xml'), fresh, opts);
    const neighbourMs = performance.now() - started;
    expect(neighbour.kind).toBe('parsed');
    expect(neighbourMs).toBeLessThan(500);
    expect(await hanging).toBeInstanceOf(FeedError);
  });
});

describe('fetchFeed — charset', () => {
  it('a UTF-8 feed with one invalid byte keeps its French text; only that byte becomes U+FFFD', async () => {
    const title = 'Mali : l’armée reprend Kidal, les déplacés de Ségou reçoivent de l’aide';
    const text = 'Le Conseil de sécurité a prolongé la mission à Tombouctou, où l’école a rouvert.';
    const xml = rss2([{ ...sahelItem(1), title: `${title} BAD`, description: text, content: text }]);
    const at = Buffer.from(xml.slice(0, xml.indexOf(' BAD'))).length + 1;
    const body = Buffer.from(xml);
    body[at] = 0xff; // the "B": a byte that is never UTF-8
    feeds.setFeed('/one-bad-byte.xml', body);
    const res = await fetchFeed(feeds.url('/one-bad-byte.xml'), fresh, opts);
    if (res.kind !== 'parsed') throw new Error(res.kind);
    expect(res.feed.items[0]!.title).toBe(`${title} \ufffdAD`);
    expect(res.feed.items[0]!.text).toBe(text);
  });
});

describe('discoverFeedUrls', () => {
  it('finds RSS and Atom alternates in page order, absolute and de-duplicated', () => {
    const html = `<!doctype html><html><head>
      <link rel="stylesheet" href="/style.css">
      <link rel="alternate" type="application/rss+xml" title="Flux" href="/feed/">
      <LINK REL="Alternate" TYPE="application/atom+xml" HREF='https://news.example.org/atom.xml'>
      <link rel=alternate type=application/rss+xml href=/feed/>
      <link rel="alternate" type="application/json" href="/feed.json">
      <link rel="alternate" hreflang="en" href="/en/">
      <link rel="alternate" type="application/rss+xml" href="/comments/feed/?a=1&amp;b=2">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      </head><body></body></html>`;
    expect(discoverFeedUrls(html, 'https://news.example.org/mali/')).toEqual([
      'https://news.example.org/feed/',
      'https://news.example.org/atom.xml',
      'https://news.example.org/comments/feed/?a=1&b=2',
    ]);
  });

  it('honours <base href> and returns nothing for a page without feeds', () => {
    expect(discoverFeedUrls('<base href="https://cdn.example/site/"><link rel="alternate" type="application/rss+xml" href="rss.xml">', 'https://x.example/')).toEqual(['https://cdn.example/site/rss.xml']);
    expect(discoverFeedUrls('<html><body>Rien</body></html>', 'https://x.example/')).toEqual([]);
  });

  it('uses the first <base> that has an href, and only an attribute named href', () => {
    const links = '<link rel="alternate" type="application/rss+xml" href="rss.xml">';
    expect(discoverFeedUrls(`<base target="_top"><base data-href="https://evil.example/" href="https://cdn.example/a/"><base href="https://other.example/">${links}`, 'https://x.example/')).toEqual(['https://cdn.example/a/rss.xml']);
  });

  it.each([
    ['"<link" never closed', '<link rel="alternate" '],
    ['"<base" without href before one ">"', '<base '],
  ])('reads 512 KB of %s in well under 2 s', (_, unit) => {
    const page = `<!doctype html><html><head>${unit.repeat(Math.ceil(512 * 1024 / unit.length))}>`;
    const started = performance.now();
    discoverFeedUrls(page, 'https://x.example/');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses a page of under 1 KB of gzip (600 KB of "<link") with its hint in well under 2 s', async () => {
    const page = `<!doctype html><html><head>${'<link '.repeat(100_000)}`;
    expect(gzipSync(page).length).toBeLessThan(1024);
    feeds.setFeed('/hostile-page', page, { contentType: 'text/html; charset=utf-8', gzip: true });
    const started = performance.now();
    const err = await feedError(fetchFeed(feeds.url('/hostile-page'), fresh, opts));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(err.kind).toBe('parse');
    expect(err.message).toMatch(/HTML page.*give the address of its RSS or Atom feed/);
  });
});

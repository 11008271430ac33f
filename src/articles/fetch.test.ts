import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { fetchPage, PageError, type FetchPageOptions } from './fetch.js';
import { startFeedServer, type FeedServer } from '../../test/feed-server.js';
import { startFaultServer, encodeWindows1252, type FaultServer } from '../../test/fault-server.js';

const opts: FetchPageOptions = { userAgent: 'SahelWatch/test (+https://example.org)', allowPrivateNetworks: true, timeoutMs: 2000 };
const ARTICLE = '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Mali</title></head><body><article><p>L’armée malienne a annoncé…</p></article></body></html>';

async function pageError(p: Promise<unknown>): Promise<PageError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PageError) return err;
    throw err;
  }
  throw new Error('expected a PageError');
}

let server: FeedServer;
let faults: FaultServer;
beforeAll(async () => {
  [server, faults] = await Promise.all([startFeedServer(), startFaultServer()]);
});
afterAll(async () => {
  await Promise.all([server.close(), faults.close()]);
});

describe('fetchPage', () => {
  it('returns the decoded HTML, the final URL and the content type', async () => {
    server.setFeed('/mali.html', ARTICLE, { contentType: 'text/html; charset=utf-8' });
    const page = await fetchPage(server.url('/mali.html'), opts);
    expect(page.html).toBe(ARTICLE);
    expect(page.finalUrl).toBe(server.url('/mali.html'));
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(server.requests.at(-1)!.headers.accept).toMatch(/^text\/html/);
  });

  it('decodes a windows-1252 page declared in a <meta> tag', async () => {
    const legacy = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body><p>L’armée « reprend » Kidal</p></body></html>';
    server.setFeed('/legacy.html', encodeWindows1252(legacy), { contentType: 'text/html' });
    expect((await fetchPage(server.url('/legacy.html'), opts)).html).toBe(legacy);
  });

  it('sniffs HTML served without a content type', async () => {
    server.setFeed('/untyped', ARTICLE, { contentType: '' });
    expect((await fetchPage(server.url('/untyped'), opts)).html).toBe(ARTICLE);
  });

  it.each([
    ['/doc.pdf', 'application/pdf', '%PDF-1.7', /is a PDF document, not a web page/],
    ['/data.json', 'application/json', '{"a":1}', /is JSON data/],
    ['/rss.xml', 'application/rss+xml', '<rss/>', /is a feed/],
    ['/photo.jpg', 'image/jpeg', 'xx', /is an image/],
    ['/notes.txt', 'text/plain', 'just text', /is text\/plain content/],
  ])('refuses %s as not-html', async (path, contentType, body, message) => {
    server.setFeed(path, body, { contentType });
    const err = await pageError(fetchPage(server.url(path), opts));
    expect(err.code).toBe('not-html');
    expect(err.message).toMatch(message);
  });

  it('maps HTTP failures to page error codes with one-line messages', async () => {
    const missing = await pageError(fetchPage(server.url('/nope.html'), opts));
    expect(missing).toMatchObject({ code: 'http', status: 404 });
    expect(missing.message).toBe(`the page ${server.url('/nope.html')} answered 404 Not Found`);
    expect((await pageError(fetchPage(faults.url('hang'), { ...opts, timeoutMs: 200 }))).code).toBe('timeout');
    expect((await pageError(fetchPage(faults.url('hugeBody'), opts))).code).toBe('too-large');
    expect((await pageError(fetchPage(faults.url('reset'), opts))).code).toBe('network');
    expect((await pageError(fetchPage(faults.url('rateLimited'), opts))).retryAfterMs).toBe(120_000);
  });

  it('refuses bad and private URLs', async () => {
    expect((await pageError(fetchPage('ftp://x.example/a', opts))).code).toBe('bad-url');
    const blocked = await pageError(fetchPage(server.url('/mali.html'), { ...opts, allowPrivateNetworks: false }));
    expect(blocked.code).toBe('blocked');
    expect(blocked.message).toMatch(/a loopback, private or reserved address/);
    const metadata = await pageError(fetchPage('http://169.254.169.254/latest/meta-data/', { ...opts, allowPrivateNetworks: false }));
    expect(metadata.code).toBe('blocked');
  });

  it('follows redirects and reports where it landed', async () => {
    server.setFeed('/landing.html', ARTICLE, { contentType: 'text/html' });
    const page = await fetchPage(faults.urlFor(`/redirect-to?url=${encodeURIComponent(server.url('/landing.html'))}`), opts);
    expect(page.finalUrl).toBe(server.url('/landing.html'));
  });
});

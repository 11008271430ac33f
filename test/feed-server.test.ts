import { describe, it, expect } from 'vitest';
import http from 'node:http';
import { rss2, rss1, atom, sahelItem, xmlEscape } from './feed-server.js';
import { FAULT_PATHS } from './fault-server.js';
import { useLoopbackServers } from './loopback.js';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

const servers = useLoopbackServers();

describe('feed server', () => {
  it('serves a set feed with validators and honours If-None-Match over If-Modified-Since', async () => {
    servers.feeds.setFeed('/a.xml', rss2([sahelItem(1)]));
    const first = await get(servers.feeds.url('/a.xml'));
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const etag = first.headers.etag!;
    const lastModified = first.headers['last-modified']!;
    expect((await get(servers.feeds.url('/a.xml'), { 'if-none-match': etag })).status).toBe(304);
    expect((await get(servers.feeds.url('/a.xml'), { 'if-none-match': `W/${etag}` })).status).toBe(304);
    expect((await get(servers.feeds.url('/a.xml'), { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(servers.feeds.url('/a.xml'), { 'if-none-match': '"other"', 'if-modified-since': lastModified })).status).toBe(200);
    expect(servers.feeds.hits('/a.xml')).toBe(5);
    expect(servers.feeds.requests.filter((r) => r.path === '/a.xml').at(-1)!.headers['if-none-match']).toBe('"other"');
  });

  it('moves Last-Modified forward when the feed changes within the same second', async () => {
    servers.feeds.setFeed('/b.xml', rss2([sahelItem(1)]));
    const before = (await get(servers.feeds.url('/b.xml'))).headers['last-modified']!;
    servers.feeds.setFeed('/b.xml', rss2([sahelItem(2)]));
    const after = await get(servers.feeds.url('/b.xml'), { 'if-modified-since': before });
    expect(after.status).toBe(200);
    expect(Date.parse(after.headers['last-modified']!)).toBeGreaterThan(Date.parse(before));
  });

  it('can turn validators off, answer a status, and forget a feed', async () => {
    servers.feeds.setFeed('/c.xml', 'x', { etag: false, lastModified: false });
    const plain = await get(servers.feeds.url('/c.xml'));
    expect(plain.headers.etag).toBeUndefined();
    expect(plain.headers['last-modified']).toBeUndefined();
    servers.feeds.setFeed('/c.xml', 'gone', { status: 410 });
    expect((await get(servers.feeds.url('/c.xml'))).status).toBe(410);
    servers.feeds.removeFeed('/c.xml');
    expect((await get(servers.feeds.url('/c.xml'))).status).toBe(404);
  });
});

describe('fixture builders', () => {
  it('escape text and wrap HTML in CDATA', () => {
    const xml = rss2([{ title: 'A & <B>', link: 'https://x.example/?a=1&b=2', description: '<p>x]]>y</p>' }]);
    expect(xml).toContain('<title>A &amp; &lt;B&gt;</title>');
    expect(xml).toContain('<link>https://x.example/?a=1&amp;b=2</link>');
    expect(xml).toContain('<![CDATA[<p>x]]]]><![CDATA[>y</p>]]>');
    expect(xmlEscape('"')).toBe('&quot;');
  });

  it('produce the three formats', () => {
    expect(rss2([sahelItem(1)])).toMatch(/<rss version="2.0"[\s\S]*<content:encoded>/);
    expect(rss1([sahelItem(1)])).toMatch(/<rdf:RDF[\s\S]*<rdf:li rdf:resource=[\s\S]*<dc:date>2024-06-01T09:00:00.000Z<\/dc:date>/);
    expect(atom([sahelItem(1)])).toMatch(/<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"[\s\S]*<entry>[\s\S]*<published>/);
  });
});

describe('fault server', () => {
  it('answers each fault path as described', async () => {
    expect((await get(servers.faults.url('ok'))).status).toBe(200);
    expect((await get(servers.faults.url('rateLimited'))).headers['retry-after']).toBe('120');
    expect((await get(servers.faults.url('redirectChain'))).headers.location).toBe('/redirect/2');
    expect((await get(servers.faults.url('notModifiedAlways'))).status).toBe(304);
    expect((await get(servers.faults.url('emptyBody'))).body).toBe('');
    expect((await get(servers.faults.url('htmlPage'))).body).toContain(`href="${FAULT_PATHS.ok}"`);
    expect((await get(servers.faults.urlFor('/no-such-fault'))).status).toBe(404);
  });

  it('counts what it sent, so tests can show a client stopped early', async () => {
    const before = servers.faults.bytesSent(FAULT_PATHS.ok);
    const body = (await get(servers.faults.url('ok'))).body;
    expect(servers.faults.bytesSent(FAULT_PATHS.ok) - before).toBe(Buffer.byteLength(body));
    expect(servers.faults.hits(FAULT_PATHS.ok)).toBeGreaterThan(0);
  });
});

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { httpGet, decodeText, parseRetryAfter, HttpError, type HttpGetOptions, type ResolveHost } from './http.js';
import { rss2, sahelItem } from '../../test/feed-server.js';
import { encodeWindows1252, FAULT_PATHS } from '../../test/fault-server.js';
import { rejection } from '../../test/rejection.js';
import { useLoopbackServers } from '../../test/loopback.js';

const UA = 'SahelWatch/test (+https://example.org/contact)';
const open: HttpGetOptions = { userAgent: UA, allowPrivateNetworks: true, timeoutMs: 2000 };

const failure = (p: Promise<unknown>): Promise<HttpError> => rejection(p, HttpError);

const servers = useLoopbackServers();

describe('httpGet — requests and conditional GET', () => {
  it('sends the User-Agent, asks for compression and returns body, final URL and lower-case headers', async () => {
    servers.feeds.setFeed('/basic.xml', rss2([sahelItem(1)]));
    const res = await httpGet(servers.feeds.url('/basic.xml'), { ...open, accept: 'application/rss+xml' });
    expect(res.status).toBe(200);
    expect(res.notModified).toBe(false);
    expect(res.url).toBe(servers.feeds.url('/basic.xml'));
    expect(res.body.toString('utf8')).toContain('<rss version="2.0"');
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const sent = servers.feeds.requests.filter((r) => r.path === '/basic.xml').at(-1)!.headers;
    expect(sent['user-agent']).toBe(UA);
    expect(sent['accept']).toBe('application/rss+xml');
    expect(sent['accept-encoding']).toBe('gzip, deflate, br');
    expect(sent['if-none-match']).toBeUndefined();
  });

  it('answers notModified on a 304 to If-None-Match', async () => {
    servers.feeds.setFeed('/etag.xml', rss2([sahelItem(2)]), { lastModified: false });
    const first = await httpGet(servers.feeds.url('/etag.xml'), open);
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const second = await httpGet(servers.feeds.url('/etag.xml'), { ...open, etag });
    expect(second).toMatchObject({ status: 304, notModified: true });
    expect(second.body.length).toBe(0);
    expect(servers.feeds.requests.at(-1)!.headers['if-none-match']).toBe(etag);
    servers.feeds.setFeed('/etag.xml', rss2([sahelItem(2), sahelItem(3)]), { lastModified: false });
    const third = await httpGet(servers.feeds.url('/etag.xml'), { ...open, etag });
    expect(third.notModified).toBe(false);
    expect(third.headers.etag).not.toBe(etag);
  });

  it('answers notModified on a 304 to If-Modified-Since', async () => {
    servers.feeds.setFeed('/lm.xml', rss2([sahelItem(4)]), { etag: false });
    const first = await httpGet(servers.feeds.url('/lm.xml'), open);
    const lastModified = first.headers['last-modified']!;
    expect(Number.isNaN(Date.parse(lastModified))).toBe(false);
    const second = await httpGet(servers.feeds.url('/lm.xml'), { ...open, lastModified });
    expect(second.notModified).toBe(true);
    expect(servers.feeds.requests.at(-1)!.headers['if-modified-since']).toBe(lastModified);
    servers.feeds.setFeed('/lm.xml', rss2([sahelItem(5)]), { etag: false });
    expect((await httpGet(servers.feeds.url('/lm.xml'), { ...open, lastModified })).notModified).toBe(false);
  });

  it('treats a 304 to an unconditional request as an error', async () => {
    const err = await failure(httpGet(servers.faults.url('notModifiedAlways'), open));
    expect(err.code).toBe('status');
    expect(err.status).toBe(304);
    expect(err.message).toMatch(/304 Not Modified to a request that was not conditional/);
  });

  it('decodes gzip', async () => {
    const body = rss2(Array.from({ length: 30 }, (_, i) => sahelItem(i)));
    servers.feeds.setFeed('/gz.xml', body, { gzip: true });
    const res = await httpGet(servers.feeds.url('/gz.xml'), open);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.body.toString('utf8')).toBe(body);
  });
});

describe('httpGet — deflate and brotli', () => {
  let server: http.Server;
  let base = '';
  const text = 'Ségou, Mopti, Gao — '.repeat(200);
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const raw = Buffer.from(text);
      const body =
        req.url === '/zlib' ? zlib.deflateSync(raw) : req.url === '/raw' ? zlib.deflateRawSync(raw) : req.url === '/br' ? zlib.brotliCompressSync(raw) : Buffer.from('not compressed at all');
      const encoding = req.url === '/br' ? 'br' : req.url === '/corrupt' ? 'gzip' : 'deflate';
      res.writeHead(200, { 'content-encoding': encoding }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each(['/zlib', '/raw', '/br'])('decodes %s', async (path) => {
    const res = await httpGet(`${base}${path}`, open);
    expect(res.body.toString('utf8')).toBe(text);
  });

  it('reports a corrupt compressed body as a network error', async () => {
    const err = await failure(httpGet(`${base}/corrupt`, open));
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/corrupt compressed body/);
  });
});

describe('httpGet — redirects', () => {
  it('follows a chain of 301/302/307 and reports the final URL', async () => {
    const res = await httpGet(servers.faults.url('redirectChain'), open);
    expect(res.status).toBe(200);
    expect(res.url).toBe(servers.faults.urlFor(FAULT_PATHS.ok));
    expect(servers.faults.hits('/redirect/1')).toBeGreaterThan(0);
  });

  it('allows five redirects but not six', async () => {
    await expect(httpGet(servers.faults.urlFor('/redirect/5'), open)).resolves.toMatchObject({ status: 200 });
    const err = await failure(httpGet(servers.faults.url('redirectTooMany'), open));
    expect(err.code).toBe('redirects');
    expect(err.message).toMatch(/redirected more than 5 times/);
  });

  it('stops a redirect loop', async () => {
    const err = await failure(httpGet(servers.faults.url('redirectLoop'), { ...open, maxRedirects: 3 }));
    expect(err.code).toBe('redirects');
    expect(servers.faults.hits('/loop/a') + servers.faults.hits('/loop/b')).toBeLessThanOrEqual(4 + 2);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const err = await failure(httpGet(servers.faults.urlFor(`/redirect-to?url=${encodeURIComponent('file:///etc/passwd')}`), open));
    expect(err.code).toBe('blocked');
    expect(err.message).toMatch(/non-http\(s\) URL \(file:\)/);
  });
});

describe('httpGet — limits', () => {
  it('refuses a body whose Content-Length is past the cap without reading it', async () => {
    const err = await failure(httpGet(servers.faults.url('hugeBody'), open));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/sent more than 5 MB/);
    expect(servers.faults.bytesSent(FAULT_PATHS.hugeBody)).toBeLessThan(10 * 1024 * 1024);
  });

  it('stops reading a chunked body at the cap', async () => {
    const err = await failure(httpGet(servers.faults.url('hugeChunked'), { ...open, maxBytes: 1024 * 1024 }));
    expect(err.code).toBe('too-large');
    expect(err.message).toMatch(/more than 1 MB/);
  });

  it('stops reading an endless body at the cap', async () => {
    const err = await failure(httpGet(servers.faults.url('endless'), { ...open, maxBytes: 512 * 1024 }));
    expect(err.code).toBe('too-large');
    await new Promise((r) => setTimeout(r, 50));
    // The server writes with backpressure: what it managed to send is the cap plus socket buffers, not more.
    expect(servers.faults.bytesSent(FAULT_PATHS.endless)).toBeLessThan(16 * 1024 * 1024);
  });

  it('counts decompressed bytes: a gzip bomb stops at the cap, long before 1 GB', async () => {
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const err = await failure(httpGet(servers.faults.url('gzipBomb'), { ...open, timeoutMs: 10_000 }));
    expect(err.code).toBe('too-large');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('gives up on a server that never answers at the deadline', async () => {
    const started = performance.now();
    const err = await failure(httpGet(servers.faults.url('hang'), { ...open, timeoutMs: 300 }));
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/did not complete within 300 ms/);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('holds a slow-loris body to the total deadline, not an idle timeout', async () => {
    const started = performance.now();
    const err = await failure(httpGet(servers.faults.url('slowLoris'), { ...open, timeoutMs: 1200 }));
    expect(err.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(2200);
  });

  it('honours a caller abort signal', async () => {
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 100);
    const err = await failure(httpGet(servers.faults.url('hang'), { ...open, signal: ctrl.signal }));
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/cancelled/);
  });
});

describe('httpGet — failures', () => {
  it('reports a reset connection as a network error', async () => {
    const err = await failure(httpGet(servers.faults.url('reset'), open));
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/ECONNRESET|closed the connection/);
  });

  it('reports a body cut short as a network error', async () => {
    const err = await failure(httpGet(servers.faults.url('truncated'), open));
    expect(err.code).toBe('network');
  });

  it('reports a refused connection', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const err = await failure(httpGet(`http://127.0.0.1:${port}/feed`, open));
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/refused the connection/);
  });

  it('names the status with the standard phrase, never the server\'s reason text', async () => {
    const rude = http.createServer((_req, res) => res.writeHead(404, '@everyone click here').end());
    await new Promise<void>((r) => rude.listen(0, '127.0.0.1', r));
    const err = await failure(httpGet(`http://127.0.0.1:${(rude.address() as AddressInfo).port}/`, open));
    await new Promise<void>((r) => rude.close(() => r()));
    expect(err.message).toMatch(/answered 404 Not Found$/);
    expect(err.message).not.toContain('everyone');
  });

  it.each([
    ['status500', 500, undefined],
    ['status502', 502, undefined],
    ['status503', 503, 30_000],
    ['rateLimited', 429, 120_000],
  ] as const)('turns %s into a status error with Retry-After', async (fault, status, retryAfterMs) => {
    const err = await failure(httpGet(servers.faults.url(fault), open));
    expect(err.code).toBe('status');
    expect(err.status).toBe(status);
    expect(err.retryAfterMs).toBe(retryAfterMs);
    expect(err.message).toMatch(new RegExp(`answered ${status} `));
  });

  it.each([
    ['ftp://example.org/feed.xml', /not an http\(s\) URL/],
    ['not a url', /not a valid URL/],
    ['javascript:alert(1)', /not an http\(s\) URL/],
    ['http://user:secret@example.org/feed', /credentials/],
  ])('refuses %s as a bad URL', async (url, message) => {
    const err = await failure(httpGet(url, open));
    expect(err.code).toBe('bad-url');
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('secret');
  });
});

describe('httpGet — SSRF guard', () => {
  const guarded: HttpGetOptions = { userAgent: UA, timeoutMs: 2000 };

  it('refuses a loopback IP literal before connecting', async () => {
    servers.feeds.setFeed('/guarded.xml', rss2([sahelItem(1)]));
    const err = await failure(httpGet(servers.feeds.url('/guarded.xml'), guarded));
    expect(err.code).toBe('blocked');
    expect(err.message).toMatch(/resolves to 127\.0\.0\.1, a loopback, private or reserved address/);
    expect(servers.feeds.hits('/guarded.xml')).toBe(0);
  });

  it.each(['http://localhost:1/feed', 'http://[::1]:1/feed', 'http://[::ffff:127.0.0.1]:1/feed', 'http://0x7f.1:1/feed', 'http://169.254.169.254/latest/meta-data/', 'http://10.1.2.3/'])(
    'refuses %s',
    async (url) => {
      const err = await failure(httpGet(url, guarded));
      expect(err.code).toBe('blocked');
    },
  );

  it('refuses a redirect to a private address, checking every hop', async () => {
    const trusted = { ...guarded, trustedAddresses: ['127.0.0.1'] };
    await expect(httpGet(servers.faults.url('redirectChain'), trusted)).resolves.toMatchObject({ status: 200 });
    for (const target of ['http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://10.0.0.1/admin', 'http://127.0.0.2/', 'http://[fd00::1]/']) {
      const err = await failure(httpGet(servers.faults.urlFor(`/redirect-to?url=${encodeURIComponent(target)}`), trusted));
      expect(err.code).toBe('blocked');
      expect(err.url).toBe(new URL(target).href);
    }
  });

  it('refuses a host when any of its addresses is private', async () => {
    const resolve: ResolveHost = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    const err = await failure(httpGet('http://mixed.example/feed', { ...guarded, resolve }));
    expect(err.code).toBe('blocked');
    expect(err.message).toMatch(/10\.0\.0\.7/);
  });

  it('connects to the address it checked: one lookup per hop, no second resolution to rebind', async () => {
    servers.feeds.setFeed('/rebind.xml', rss2([sahelItem(1)]));
    const port = new URL(servers.feeds.url('/')).port;
    const lookups: string[] = [];
    // A rebinding resolver: the checked answer first, an internal address on any later lookup.
    const resolve: ResolveHost = async (host) => {
      lookups.push(host);
      return lookups.length === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }];
    };
    const res = await httpGet(`http://feeds.rebind.example:${port}/rebind.xml`, { ...guarded, resolve, trustedAddresses: ['127.0.0.1'] });
    expect(res.status).toBe(200);
    expect(lookups).toEqual(['feeds.rebind.example']);
    expect(servers.feeds.requests.at(-1)!.headers.host).toBe(`feeds.rebind.example:${port}`);
  });

  it('lets everything through with allowPrivateNetworks', async () => {
    servers.feeds.setFeed('/open.xml', rss2([sahelItem(1)]));
    await expect(httpGet(servers.feeds.url('/open.xml').replace('127.0.0.1', 'localhost'), { ...guarded, allowPrivateNetworks: true })).resolves.toMatchObject({ status: 200 });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2024, 5, 1, 12);
  it('reads seconds and HTTP dates, ignores garbage', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 01 Jun 2024 12:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('Sat, 01 Jun 2024 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('99999999999', now)).toBe(7 * 24 * 3600_000);
  });
});

describe('decodeText', () => {
  const french = 'Mali : l’armée « reprend » Kidal – coût 5 000 €';

  it('uses the Content-Type charset', () => {
    expect(decodeText(Buffer.from('Ségou', 'latin1'), 'text/xml; charset=ISO-8859-1')).toBe('Ségou');
    expect(decodeText(encodeWindows1252(french), 'application/rss+xml; charset="windows-1252"')).toBe(french);
  });

  it('reads windows-1252 bytes labelled UTF-8 as windows-1252', () => {
    expect(decodeText(encodeWindows1252(french), 'application/rss+xml; charset=utf-8')).toBe(french);
    expect(decodeText(encodeWindows1252(french), null)).toBe(french);
  });

  it('reads UTF-8 bytes under a Latin-1 label as UTF-8', () => {
    expect(decodeText(Buffer.from(french), 'text/xml; charset=ISO-8859-1')).toBe(french);
    expect(decodeText(Buffer.from(`<?xml version="1.0" encoding="iso-8859-1"?><t>${french}</t>`))).toBe(`<?xml version="1.0" encoding="iso-8859-1"?><t>${french}</t>`);
  });

  it('keeps valid UTF-8 as UTF-8', () => {
    expect(decodeText(Buffer.from(french), 'text/xml; charset=utf-8')).toBe(french);
    expect(decodeText(Buffer.from(french))).toBe(french);
  });

  it('uses the XML declaration when the header has no charset', () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?><title>Tombouctou, Ségou, Kayes à l'aube</title>`;
    expect(decodeText(Buffer.from(xml, 'latin1'), 'text/xml')).toBe(xml);
    expect(decodeText(Buffer.from(xml, 'latin1'), undefined)).toBe(xml);
  });

  it('uses an HTML meta charset', () => {
    const html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body>Ségou</body></html>';
    expect(decodeText(Buffer.from(html, 'latin1'), 'text/html')).toBe(html);
    const html5 = '<!doctype html><meta charset="windows-1252"><p>l’armée</p>';
    expect(decodeText(encodeWindows1252(html5), 'text/html')).toBe(html5);
  });

  it('lets a BOM win over a wrong header and strips it', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(french)]);
    expect(decodeText(body, 'text/xml; charset=iso-8859-1')).toBe(french);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(french, 'utf16le')]);
    expect(decodeText(le, 'text/xml; charset=utf-8')).toBe(french);
    const be = Buffer.from(french, 'utf16le').swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(french);
  });

  it('recognises UTF-16 and UTF-32 markup without a BOM', () => {
    const xml = '<?xml version="1.0" encoding="utf-16"?><title>Ségou</title>';
    expect(decodeText(Buffer.from(xml, 'utf16le'))).toBe(xml);
    expect(decodeText(Buffer.from(xml, 'utf16le').swap16())).toBe(xml);
    const utf32be = Buffer.alloc(xml.length * 4);
    [...xml].forEach((ch, i) => utf32be.writeUInt32BE(ch.codePointAt(0)!, i * 4));
    expect(decodeText(utf32be)).toBe(xml);
  });

  it('replaces one invalid byte in UTF-8 text with U+FFFD and keeps every accent', () => {
    const [before, after] = [Buffer.from(`${french} — Ségou `), Buffer.from(' Tombouctou, l’été')];
    const body = Buffer.concat([before, Buffer.from([0xe9]), after]);
    const expected = `${french} — Ségou \ufffd Tombouctou, l’été`;
    expect(decodeText(body, 'application/rss+xml; charset=utf-8')).toBe(expected);
    expect(decodeText(body, null)).toBe(expected);
    expect(decodeText(body, 'text/xml; charset=iso-8859-1')).toBe(expected);
  });

  it('falls back to UTF-8 sniffing for an unknown charset label', () => {
    expect(decodeText(Buffer.from('Ségou'), 'text/xml; charset=x-bogus-42')).toBe('Ségou');
  });
});

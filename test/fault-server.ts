// A fault-injecting feed server on 127.0.0.1 (issue 7 §1): every way a feed host can misbehave, one path
// each, so unit tests and the end-to-end suite can point a feed at it and check the bot's reaction.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import zlib from 'node:zlib';
import { rss2, sahelItem, type FixtureItem } from './feed-server.js';

/** The faults and where they live. `/redirect/<n>` and `/redirect-to?url=` also exist for custom chains. */
export const FAULT_PATHS = {
  /** A small valid feed (the end of redirect chains). */
  ok: '/feed',
  /** Headers at once, then the body at one byte per second. */
  slowLoris: '/slow-loris',
  /** Accepts the connection and never answers. */
  hang: '/hang',
  /** Resets the TCP connection on receipt of the request. */
  reset: '/reset',
  /** Sends half the body, then resets. */
  truncated: '/truncated',
  status500: '/status/500',
  status502: '/status/502',
  /** 503 with Retry-After: 30. */
  status503: '/status/503',
  /** 429 with Retry-After: 120. */
  rateLimited: '/rate-limited',
  /** Three redirects (301, 302, 307), then the valid feed. */
  redirectChain: '/redirect/3',
  /** Six redirects: one more than the client allows. */
  redirectTooMany: '/redirect/6',
  redirectLoop: '/loop/a',
  /** 304 whatever the request said. */
  notModifiedAlways: '/not-modified',
  /** 10 MB, with a Content-Length that says so. */
  hugeBody: '/huge',
  /** 10 MB, chunked, no Content-Length. */
  hugeChunked: '/huge-chunked',
  /** A body that never ends. */
  endless: '/endless',
  /** ~1 MB of gzip that inflates to 1 GB. */
  gzipBomb: '/gzip-bomb',
  invalidXml: '/invalid-xml',
  /** A web page (with a <link rel="alternate"> to /feed) where a feed was expected. */
  htmlPage: '/html',
  /** 200 with a zero-byte body. */
  emptyBody: '/empty-body',
  /** A valid RSS 2.0 channel with no items. */
  emptyFeed: '/empty-feed',
  /** windows-1252 bytes served as charset=utf-8. */
  cp1252AsUtf8: '/cp1252-as-utf8',
  /** ISO-8859-1 bytes, charset only in the XML declaration. */
  latin1Declared: '/latin1-declared',
  /** A UTF-8 BOM before the XML declaration, no charset in the header. */
  bom: '/bom',
  /** Items dated in 2099. */
  futureDates: '/future-dates',
  /** 10,000 items. */
  hugeFeed: '/huge-feed',
} as const;

export type FaultName = keyof typeof FAULT_PATHS;

export interface FaultServer {
  url(fault: FaultName): string;
  /** For custom paths such as `/redirect-to?url=…`. */
  urlFor(path: string): string;
  /** Body bytes written for a path so far (to show a client stopped reading early). */
  bytesSent(path: string): number;
  hits(path: string): number;
  close(): Promise<void>;
}

const TEN_MB = 10 * 1024 * 1024;
const RSS = 'application/rss+xml; charset=utf-8';

/** Text with the characters francophone feeds actually contain. */
const FRENCH_ITEMS: FixtureItem[] = [
  { title: 'Mali : l’armée annonce la reprise de Kidal', link: 'https://news.example.org/mali-kidal', description: '<p>« Une étape décisive », selon l’état-major. Coût : 5 000 €.</p>', pubDate: Date.UTC(2024, 5, 1, 9) },
  { title: 'Niger : la junte reçoit une délégation de la CEDEAO', link: 'https://news.example.org/niger-cedeao', description: '<p>Les négociations ont duré trois heures à Niamey.</p>', pubDate: Date.UTC(2024, 5, 2, 9) },
];

export async function startFaultServer(): Promise<FaultServer> {
  const sent = new Map<string, number>();
  const hitCounts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let port = 0;
  let gzipBomb: Buffer | null = null;
  let hugeFeed: Buffer | null = null;

  const count = (path: string, n: number): void => void sent.set(path, (sent.get(path) ?? 0) + n);
  const write = (res: http.ServerResponse, path: string, chunk: Buffer | string): boolean => {
    count(path, Buffer.byteLength(chunk));
    return res.write(chunk);
  };
  /** Streams `total` bytes (or forever) respecting backpressure, stopping when the client goes away. */
  const stream = (res: http.ServerResponse, path: string, total: number, head: string): void => {
    const filler = Buffer.alloc(64 * 1024, ' ');
    let left = total - Buffer.byteLength(head);
    write(res, path, head);
    const pump = (): void => {
      while (left > 0 && !res.destroyed) {
        const n = Math.min(left, filler.length);
        left -= n;
        if (!write(res, path, n === filler.length ? filler : filler.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      if (left <= 0 && !res.destroyed) res.end();
    };
    pump();
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    hitCounts.set(path, (hitCounts.get(path) ?? 0) + 1);
    const xml = (body: string | Buffer, type = RSS, status = 200): void => {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      count(path, bytes.length);
      res.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length) }).end(bytes);
    };

    const redirect = /^\/redirect\/(\d+)$/.exec(path);
    if (redirect) {
      const n = Number(redirect[1]);
      const status = [301, 302, 307, 308][n % 4]!;
      res.writeHead(status, { location: n <= 1 ? FAULT_PATHS.ok : `/redirect/${n - 1}` }).end();
      return;
    }
    switch (path) {
      case FAULT_PATHS.ok:
        return xml(rss2([sahelItem(1), sahelItem(2)]));
      case FAULT_PATHS.slowLoris: {
        const body = Buffer.from(rss2([sahelItem(1)]));
        res.writeHead(200, { 'content-type': RSS, 'content-length': String(body.length) });
        let i = 0;
        const timer = setInterval(() => {
          if (res.destroyed || i >= body.length) {
            clearInterval(timer);
            timers.delete(timer);
            if (!res.destroyed) res.end();
            return;
          }
          write(res, path, body.subarray(i, i + 1));
          i++;
        }, 1000);
        timers.add(timer);
        return;
      }
      case FAULT_PATHS.hang:
        return; // neither headers nor body; the socket stays open until the client gives up
      case FAULT_PATHS.reset:
        req.socket.resetAndDestroy();
        return;
      case FAULT_PATHS.truncated: {
        const body = Buffer.from(rss2([sahelItem(1), sahelItem(2), sahelItem(3)]));
        res.writeHead(200, { 'content-type': RSS, 'content-length': String(body.length) });
        write(res, path, body.subarray(0, body.length >> 1));
        setTimeout(() => req.socket.resetAndDestroy(), 20);
        return;
      }
      case FAULT_PATHS.status500:
      case FAULT_PATHS.status502:
        res.writeHead(Number(path.slice(-3)), { 'content-type': 'text/html' }).end('<h1>Server error</h1>');
        return;
      case FAULT_PATHS.status503:
        res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '30' }).end('<h1>Service Unavailable</h1>');
        return;
      case FAULT_PATHS.rateLimited:
        res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '120' }).end('slow down');
        return;
      case '/loop/a':
        res.writeHead(302, { location: '/loop/b' }).end();
        return;
      case '/loop/b':
        res.writeHead(302, { location: '/loop/a' }).end();
        return;
      case '/redirect-to': {
        res.writeHead(302, { location: url.searchParams.get('url') ?? '/' }).end();
        return;
      }
      case FAULT_PATHS.notModifiedAlways:
        res.writeHead(304, { etag: '"stale"' }).end();
        return;
      case FAULT_PATHS.hugeBody:
        res.writeHead(200, { 'content-type': RSS, 'content-length': String(TEN_MB) });
        stream(res, path, TEN_MB, '<?xml version="1.0"?><rss version="2.0"><channel><title>');
        return;
      case FAULT_PATHS.hugeChunked:
        res.writeHead(200, { 'content-type': RSS });
        stream(res, path, TEN_MB, '<?xml version="1.0"?><rss version="2.0"><channel><title>');
        return;
      case FAULT_PATHS.endless:
        res.writeHead(200, { 'content-type': RSS });
        stream(res, path, Number.POSITIVE_INFINITY, '<?xml version="1.0"?><rss version="2.0"><channel><title>');
        return;
      case FAULT_PATHS.gzipBomb: {
        gzipBomb ??= makeGzipBomb();
        count(path, gzipBomb.length);
        res.writeHead(200, { 'content-type': RSS, 'content-encoding': 'gzip', 'content-length': String(gzipBomb.length) }).end(gzipBomb);
        return;
      }
      case FAULT_PATHS.invalidXml:
        return xml('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Broken</title>\n<item><title>Unclosed item</title>\n</channel></rss>');
      case FAULT_PATHS.htmlPage:
        return xml(
          `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Le Sahel en direct</title>` +
            `<link rel="alternate" type="application/rss+xml" title="Flux RSS" href="${FAULT_PATHS.ok}"></head>` +
            `<body><h1>Le Sahel en direct</h1><p>Bienvenue.</p></body></html>`,
          'text/html; charset=utf-8',
        );
      case FAULT_PATHS.emptyBody:
        return xml('');
      case FAULT_PATHS.emptyFeed:
        return xml(rss2([]));
      case FAULT_PATHS.cp1252AsUtf8:
        return xml(encodeWindows1252(rss2(FRENCH_ITEMS, { encoding: 'UTF-8' })), 'application/rss+xml; charset=utf-8');
      case FAULT_PATHS.latin1Declared:
        // ISO-8859-1 has no ’ or €: a Latin-1 CMS writes ' and EUR.
        return xml(Buffer.from(rss2(FRENCH_ITEMS, { encoding: 'ISO-8859-1' }).replace(/’/g, "'").replace(/€/g, 'EUR'), 'latin1'), 'text/xml');
      case FAULT_PATHS.bom:
        return xml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss2(FRENCH_ITEMS))]), 'application/xml');
      case FAULT_PATHS.futureDates:
        return xml(rss2([{ ...sahelItem(1), pubDate: Date.UTC(2099, 0, 1) }, { ...sahelItem(2), pubDate: 'Fri, 31 Dec 2100 23:59:59 +0000' }]));
      case FAULT_PATHS.hugeFeed:
        hugeFeed ??= Buffer.from(rss2(Array.from({ length: 10_000 }, (_, i) => briefItem(i))));
        return xml(hugeFeed);
      default:
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no such fault');
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const urlFor = (path: string): string => `http://127.0.0.1:${port}${path}`;

  return {
    url: (fault) => urlFor(FAULT_PATHS[fault]),
    urlFor,
    bytesSent: (path) => sent.get(path) ?? 0,
    hits: (path) => hitCounts.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An item as a headline-only feed writes it: title, link, date (keeps 10,000 of them under 5 MB). */
function briefItem(i: number): FixtureItem {
  const { title, link, pubDate } = sahelItem(i);
  return { title, link, pubDate };
}

/** Concatenated gzip members: decoders must inflate them all, so 64 copies of 16 MB of zeros make 1 GB. */
function makeGzipBomb(): Buffer {
  const member = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: 64 }, () => member));
}

const WINDOWS_1252_EXTRAS: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, 'œ': 0x9c, 'Œ': 0x8c };

/** The bytes a Latin-1 CMS writes: windows-1252, characters outside it as "?". */
export function encodeWindows1252(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out[n++] = WINDOWS_1252_EXTRAS[ch] ?? (cp < 0x100 ? cp : 0x3f);
  }
  return out.subarray(0, n);
}

// A fixture feed server on 127.0.0.1 for unit and end-to-end tests: serves whatever body a test sets, with
// real ETag / Last-Modified handling, counts hits, records request headers; plus realistic feed builders.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';

export interface FeedResponseOptions {
  /** Default `application/rss+xml; charset=utf-8`. */
  contentType?: string;
  /** Send an ETag and honour If-None-Match (default true). */
  etag?: boolean;
  /** Send Last-Modified and honour If-Modified-Since (default true). */
  lastModified?: boolean;
  /** Answer with this status instead of 200 (validators are then ignored). */
  status?: number;
  /** Gzip the body when the client accepts it. */
  gzip?: boolean;
  headers?: Record<string, string>;
}

export interface RecordedRequest {
  path: string;
  headers: Record<string, string>;
}

export interface FeedServer {
  url(path: string): string;
  setFeed(path: string, body: string | Buffer, opts?: FeedResponseOptions): void;
  /** Stop serving a path (it answers 404 from then on). */
  removeFeed(path: string): void;
  hits(path: string): number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

interface Route {
  body: Buffer;
  opts: FeedResponseOptions;
  etag: string;
  lastModified: number;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const hitCounts = new Map<string, number>();
  const requests: RecordedRequest[] = [];

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    requests.push({ path, headers });
    hitCounts.set(path, (hitCounts.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const { opts } = route;
    const out: Record<string, string> = { 'content-type': opts.contentType ?? 'application/rss+xml; charset=utf-8', ...opts.headers };
    if (opts.status && opts.status !== 200) {
      res.writeHead(opts.status, out).end(route.body);
      return;
    }
    const useEtag = opts.etag ?? true;
    const useLastModified = opts.lastModified ?? true;
    if (useEtag) out.etag = route.etag;
    if (useLastModified) out['last-modified'] = new Date(route.lastModified).toUTCString();
    if (isNotModified(req.headers, route, useEtag, useLastModified)) {
      res.writeHead(304, out).end();
      return;
    }
    let body = route.body;
    if (opts.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      body = zlib.gzipSync(body);
      out['content-encoding'] = 'gzip';
    }
    out['content-length'] = String(body.length);
    res.writeHead(200, out).end(body);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: (path) => `http://127.0.0.1:${port}${path.startsWith('/') ? path : `/${path}`}`,
    setFeed(path, body, opts = {}) {
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const previous = routes.get(path);
      const etag = `"${createHash('sha1').update(bytes).digest('hex').slice(0, 16)}"`;
      // Last-Modified has one-second resolution: a change within the same second must still move it forward.
      const now = Math.floor(Date.now() / 1000) * 1000;
      const lastModified = previous && previous.etag === etag ? previous.lastModified : Math.max(now, (previous?.lastModified ?? 0) + 1000);
      routes.set(path, { body: bytes, opts, etag, lastModified });
    },
    removeFeed(path) {
      routes.delete(path);
    },
    hits: (path) => hitCounts.get(path) ?? 0,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function isNotModified(h: http.IncomingHttpHeaders, route: Route, useEtag: boolean, useLastModified: boolean): boolean {
  const inm = h['if-none-match'];
  // RFC 9110 §13.1.3: If-None-Match, when present, decides alone.
  if (inm !== undefined) {
    if (!useEtag) return false;
    const strip = (t: string): string => t.trim().replace(/^W\//, '');
    return inm.trim() === '*' || inm.split(',').some((t) => strip(t) === strip(route.etag));
  }
  const ims = h['if-modified-since'];
  if (ims === undefined || !useLastModified) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && route.lastModified <= since;
}

// ---- fixture builders -------------------------------------------------------------------------------

export interface FixtureItem {
  title?: string;
  link?: string;
  /** null: no guid element at all; undefined: the link is used as guid. */
  guid?: string | null;
  guidIsPermaLink?: boolean;
  /** HTML allowed; written inside CDATA as real feeds do. */
  description?: string;
  /** Full HTML body (content:encoded in RSS 2.0, <content type="html"> in Atom). */
  content?: string;
  pubDate?: Date | number | string;
  author?: string;
  categories?: string[];
}

export interface FixtureFeedOptions {
  title?: string;
  link?: string;
  description?: string;
  language?: string;
  /** Written into the XML declaration only; callers encode the bytes themselves. */
  encoding?: string;
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function cdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function toDate(d: Date | number | string): Date | string {
  return typeof d === 'string' ? d : new Date(d);
}

function rfc822(d: Date | number | string): string {
  const v = toDate(d);
  return typeof v === 'string' ? v : v.toUTCString();
}

function iso(d: Date | number | string): string {
  const v = toDate(d);
  return typeof v === 'string' ? v : v.toISOString();
}

export function rss2(items: FixtureItem[], opts: FixtureFeedOptions = {}): string {
  const lines = [
    `<?xml version="1.0" encoding="${opts.encoding ?? 'UTF-8'}"?>`,
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `  <title>${xmlEscape(opts.title ?? 'Le Sahel en direct')}</title>`,
    `  <link>${xmlEscape(opts.link ?? 'https://news.example.org/')}</link>`,
    `  <description>${xmlEscape(opts.description ?? 'Actualités du Mali, du Burkina Faso et du Niger')}</description>`,
    `  <language>${opts.language ?? 'fr'}</language>`,
    '  <generator>https://wordpress.org/?v=6.4</generator>',
  ];
  for (const it of items) {
    lines.push('  <item>');
    if (it.title !== undefined) lines.push(`    <title>${xmlEscape(it.title)}</title>`);
    if (it.link !== undefined) lines.push(`    <link>${xmlEscape(it.link)}</link>`);
    const guid = it.guid === undefined ? it.link : it.guid;
    if (guid !== null && guid !== undefined) {
      const permalink = it.guidIsPermaLink ?? (it.guid === undefined);
      lines.push(`    <guid isPermaLink="${permalink}">${xmlEscape(guid)}</guid>`);
    }
    if (it.pubDate !== undefined) lines.push(`    <pubDate>${rfc822(it.pubDate)}</pubDate>`);
    if (it.author !== undefined) lines.push(`    <dc:creator>${cdata(it.author)}</dc:creator>`);
    for (const c of it.categories ?? []) lines.push(`    <category>${cdata(c)}</category>`);
    if (it.description !== undefined) lines.push(`    <description>${cdata(it.description)}</description>`);
    if (it.content !== undefined) lines.push(`    <content:encoded>${cdata(it.content)}</content:encoded>`);
    lines.push('  </item>');
  }
  lines.push('</channel>', '</rss>', '');
  return lines.join('\n');
}

export function rss1(items: FixtureItem[], opts: FixtureFeedOptions = {}): string {
  const link = opts.link ?? 'https://news.example.org/';
  const about = (it: FixtureItem, i: number): string => it.guid ?? it.link ?? `${link}#item-${i}`;
  const lines = [
    `<?xml version="1.0" encoding="${opts.encoding ?? 'UTF-8'}"?>`,
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    `  <channel rdf:about="${xmlEscape(link)}feed.rdf">`,
    `    <title>${xmlEscape(opts.title ?? 'Sahel Observer')}</title>`,
    `    <link>${xmlEscape(link)}</link>`,
    `    <description>${xmlEscape(opts.description ?? 'News from the Sahel')}</description>`,
    `    <dc:language>${opts.language ?? 'en'}</dc:language>`,
    '    <items><rdf:Seq>',
    ...items.map((it, i) => `      <rdf:li rdf:resource="${xmlEscape(about(it, i))}"/>`),
    '    </rdf:Seq></items>',
    '  </channel>',
  ];
  items.forEach((it, i) => {
    lines.push(`  <item rdf:about="${xmlEscape(about(it, i))}">`);
    if (it.title !== undefined) lines.push(`    <title>${xmlEscape(it.title)}</title>`);
    if (it.link !== undefined) lines.push(`    <link>${xmlEscape(it.link)}</link>`);
    if (it.description !== undefined) lines.push(`    <description>${xmlEscape(it.description)}</description>`);
    if (it.content !== undefined) lines.push(`    <content:encoded>${cdata(it.content)}</content:encoded>`);
    if (it.pubDate !== undefined) lines.push(`    <dc:date>${iso(it.pubDate)}</dc:date>`);
    if (it.author !== undefined) lines.push(`    <dc:creator>${xmlEscape(it.author)}</dc:creator>`);
    for (const c of it.categories ?? []) lines.push(`    <dc:subject>${xmlEscape(c)}</dc:subject>`);
    lines.push('  </item>');
  });
  lines.push('</rdf:RDF>', '');
  return lines.join('\n');
}

export function atom(items: FixtureItem[], opts: FixtureFeedOptions = {}): string {
  const link = opts.link ?? 'https://news.example.org/';
  const lines = [
    `<?xml version="1.0" encoding="${opts.encoding ?? 'utf-8'}"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${opts.language ?? 'en'}">`,
    `  <title type="text">${xmlEscape(opts.title ?? 'Sahel Wire')}</title>`,
    `  <subtitle>${xmlEscape(opts.description ?? 'Security and politics in the Sahel')}</subtitle>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(link)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(link)}atom.xml"/>`,
    `  <id>${xmlEscape(link)}</id>`,
    `  <updated>${new Date(0).toISOString()}</updated>`,
  ];
  items.forEach((it, i) => {
    lines.push('  <entry>');
    if (it.title !== undefined) lines.push(`    <title type="html">${xmlEscape(it.title)}</title>`);
    if (it.link !== undefined) lines.push(`    <link rel="alternate" type="text/html" href="${xmlEscape(it.link)}"/>`);
    const id = it.guid === undefined ? (it.link ?? `tag:news.example.org,2024:${i}`) : it.guid;
    if (id !== null) lines.push(`    <id>${xmlEscape(id)}</id>`);
    if (it.pubDate !== undefined) lines.push(`    <published>${iso(it.pubDate)}</published>`, `    <updated>${iso(it.pubDate)}</updated>`);
    if (it.author !== undefined) lines.push(`    <author><name>${xmlEscape(it.author)}</name></author>`);
    for (const c of it.categories ?? []) lines.push(`    <category term="${xmlEscape(c)}"/>`);
    if (it.description !== undefined) lines.push(`    <summary type="html">${xmlEscape(it.description)}</summary>`);
    if (it.content !== undefined) lines.push(`    <content type="html">${xmlEscape(it.content)}</content>`);
    lines.push('  </entry>');
  });
  lines.push('</feed>', '');
  return lines.join('\n');
}

/** A realistic item about the Sahel, varied by index; deterministic. */
export function sahelItem(i: number, base = 'https://news.example.org'): FixtureItem {
  const places = ['Bamako', 'Ouagadougou', 'Niamey', "N'Djamena", 'Nouakchott', 'Gao', 'Tombouctou', 'Dori', 'Agadez', 'Mopti'];
  const place = places[i % places.length]!;
  return {
    title: `${place} : les autorités annoncent de nouvelles mesures (${i})`,
    link: `${base}/${2024}/06/${String((i % 28) + 1).padStart(2, '0')}/article-${i}`,
    description: `<p>Les autorités de <strong>${place}</strong> ont annoncé des mesures pour la sécurité des populations.</p>`,
    content: `<p>Les autorités de <strong>${place}</strong> ont annoncé mardi de nouvelles mesures.</p><p>Selon un communiqué, la situation « reste sous contrôle ».</p>`,
    pubDate: Date.UTC(2024, 5, 1, 8, 0, 0) + i * 3600_000,
    author: 'Rédaction',
    categories: ['Afrique', 'Sahel'],
  };
}

// Raw feed entries → FeedItem: plain-text title and body, absolute link, a sane date, and an identity that
// survives a publisher bumping dates or re-ordering its feed.
import { createHash } from 'node:crypto';
import { parseHTML } from 'linkedom';
import type { FeedItem } from './types.js';
import { parseFeedDate } from './dates.js';

export { parseFeedDate };

/** An entry as the XML gave it, format differences already mapped (RSS guid / Atom id / RDF about…). */
export interface RawFeedItem {
  guid: string | null;
  title: string | null;
  link: string | null;
  /** RSS description or Atom summary (HTML or text). */
  description: string | null;
  /** content:encoded or Atom content (HTML or text). */
  content: string | null;
  date: string | null;
  author: string | null;
  categories: string[];
}

export interface NormaliseContext {
  feedUrl: string;
  siteUrl: string | null;
  /** What relative links resolve against: the feed's xml:base, else the feed's own URL. */
  baseUrl?: string | null;
  now: number;
}

const MAX_IDENTITY_LENGTH = 300;
const MAX_CATEGORIES = 20;
const MAX_CATEGORY_LENGTH = 100;
const UNTITLED_LENGTH = 120;

export function normaliseItems(raw: RawFeedItem[], ctx: NormaliseContext): FeedItem[] {
  const base = ctx.baseUrl ?? ctx.feedUrl;
  const drafts = raw.map((r) => {
    const link = resolveLink(r.link, base);
    const text = fullerText(r.description, r.content);
    const date = r.date ? parseFeedDate(r.date) : null;
    const title = cleanTitle(r.title ?? '') || untitled(text);
    return { raw: r, link, text, date, title };
  });
  const identities = assignIdentities(
    drafts.map((d) => ({ guid: d.raw.guid, link: d.link, title: d.title, date: d.date, rawDate: d.raw.date, text: d.text })),
    [ctx.feedUrl, ctx.siteUrl],
  );
  return drafts.map((d, i) => ({
    identity: identities[i]!,
    title: d.title,
    text: d.text,
    link: d.link,
    publishedAt: d.date === null ? null : Math.min(d.date, ctx.now),
    author: cleanAuthor(d.raw.author),
    categories: cleanCategories(d.raw.categories),
  }));
}

// ---- identity --------------------------------------------------------------------------------------

interface IdentityInput {
  guid: string | null;
  link: string | null;
  title: string;
  /** Parsed but not clamped: clamping to "now" would move a future-dated item's identity every poll. */
  date: number | null;
  rawDate: string | null;
  text: string;
}

/**
 * Per item: the guid when no other item in this feed claims it, else the link on the same terms, else a
 * hash of title and date. An item repeated verbatim is not a clash. Guids equal to the feed or site URL
 * are ignored: some CMSs stamp every item with them.
 */
export function assignIdentities(items: IdentityInput[], feedUrls: (string | null)[]): string[] {
  const ownUrls = new Set(feedUrls.filter((u): u is string => Boolean(u)).map(identityKeyForUrl));
  const guids = items.map((it) => {
    const g = (it.guid ?? '').trim();
    if (!g) return null;
    const key = /^https?:\/\//i.test(g) ? identityKeyForUrl(g) : g;
    return ownUrls.has(key) ? null : key;
  });
  const links = items.map((it) => {
    if (!it.link) return null;
    const key = identityKeyForUrl(it.link);
    return ownUrls.has(key) ? null : key;
  });
  const guidOwners = distinctOwners(guids, items.map((it) => `${it.link ?? ''}\u0000${it.title}`));
  const linkOwners = distinctOwners(links, items.map((it) => it.title));
  return items.map((it, i) => {
    const guid = guids[i];
    if (guid && guidOwners.get(guid) === 1) return bounded('guid', guid);
    const link = links[i];
    if (link && linkOwners.get(link) === 1) return bounded('link', link);
    const when = it.date !== null ? String(it.date) : (it.rawDate ?? '').trim();
    const what = it.title || it.text.slice(0, 500);
    return `hash:${sha256(`${what}\u0000${when}`).slice(0, 32)}`;
  });
}

/** For each key, how many distinct items (by `signature`) carry it. */
function distinctOwners(keys: (string | null)[], signatures: string[]): Map<string, number> {
  const seen = new Map<string, Set<string>>();
  keys.forEach((k, i) => {
    if (k === null) return;
    let set = seen.get(k);
    if (!set) seen.set(k, (set = new Set()));
    set.add(signatures[i]!);
  });
  return new Map([...seen].map(([k, set]) => [k, set.size]));
}

function bounded(kind: string, key: string): string {
  return key.length <= MAX_IDENTITY_LENGTH ? `${kind}:${key}` : `${kind}#${sha256(key).slice(0, 32)}`;
}

const TRACKING_PARAM = /^(?:utm_[a-z_]*|xtor|fbclid|gclid|mc_cid|mc_eid)$/i;

/**
 * A URL reduced to what names the resource: no scheme (publishers move to https), lower-case host without
 * "www.", no fragment, no campaign parameters. Deliberately small and frozen — stories/' canonical URL
 * may grow smarter, but identities are stored for months and must not move when it does.
 */
export function identityKeyForUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return url.trim();
  }
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const port = u.port ? `:${u.port}` : '';
  const params = [...u.searchParams].filter(([k]) => !TRACKING_PARAM.test(k));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `${host}${port}${u.pathname}${query}`;
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

// ---- links -----------------------------------------------------------------------------------------

/** Absolute http(s) URL, or null. Whitespace inside (a wrapped line in the XML) is removed. */
export function resolveLink(raw: string | null | undefined, base: string | null): string | null {
  if (!raw) return null;
  const cleaned = raw.replace(/\s+/g, '');
  if (!cleaned) return null;
  try {
    const url = base ? new URL(cleaned, base) : new URL(cleaned);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

// ---- text ------------------------------------------------------------------------------------------

/** A title as a reader should see it: one line, tags (and any script in them) stripped, entities decoded. */
export function cleanTitle(raw: string): string {
  return htmlToText(raw).replace(/\n/g, ' ');
}

function untitled(text: string): string {
  const firstLine = text.split('\n')[0] ?? '';
  if (firstLine.length <= UNTITLED_LENGTH) return firstLine;
  const cut = firstLine.slice(0, UNTITLED_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > UNTITLED_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function fullerText(description: string | null, content: string | null): string {
  const a = description ? htmlToText(description) : '';
  const b = content ? htmlToText(content) : '';
  return b.length > a.length ? b : a;
}

const DROPPED_ELEMENTS = /<(script|style|noscript|template|iframe|object|svg|math|head|title|button|select|form)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const BLOCK_TAG = /<\/?(?:p|div|br|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|tr|table|thead|tbody|section|article|aside|header|footer|figure|figcaption|hr|address|details|summary|main|nav)\b[^>]*>/gi;
/** A tag, with quoted attribute values that may contain ">". */
const ANY_TAG = /<\/?[a-zA-Z][^"'>]*(?:(?:"[^"]*"|'[^']*')[^"'>]*)*>/g;
/** WordPress and friends append these to every description; they are not the article. */
const FEED_FOOTER = /^(?:The post .+ appeared first on .+|L[’']article .+ est apparu en premier sur .+|Cet article .+ est apparu en premier sur .+)$/;

/** Plain text from an HTML fragment: scripts and styles dropped, paragraphs kept as "\n", entities decoded. */
export function htmlToText(html: string): string {
  let s = html;
  if (/[<&]/.test(s)) {
    s = s
      .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
      .replace(DROPPED_ELEMENTS, ' ')
      .replace(/<(script|style)\b[\s\S]*$/i, ' ')
      .replace(BLOCK_TAG, '\n')
      .replace(ANY_TAG, '')
      .replace(/<\/?[a-zA-Z][^>]*$/, '');
    s = decodeEntities(s);
  }
  const lines = s
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map(collapseSpaces)
    .filter((l) => l.length > 0);
  if (lines.length > 0 && FEED_FOOTER.test(lines[lines.length - 1]!)) lines.pop();
  return lines.join('\n');
}

function collapseSpaces(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

// ---- entities --------------------------------------------------------------------------------------

/** HTML numeric references 128–159 mean windows-1252, as browsers read them (&#146; is ’). */
const WINDOWS_1252_C1: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6,
  0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c,
  0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a,
  0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

const COMMON_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const namedEntityCache = new Map<string, string | null>();
const MAX_CACHED_ENTITIES = 4096;

/** Decodes numeric and named HTML character references; unknown names are left as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{1,31}));?/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined || hex !== undefined) return fromCodePoint(dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16));
    if (!whole.endsWith(';')) return whole;
    return namedEntity(name!) ?? whole;
  });
}

function fromCodePoint(cp: number): string {
  const mapped = WINDOWS_1252_C1[cp] ?? cp;
  if (mapped === 0 || mapped > 0x10ffff || (mapped >= 0xd800 && mapped <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(mapped);
}

/**
 * The full HTML5 entity table lives in the HTML parser we already ship (linkedom); ask it once per name.
 * Names are restricted to [A-Za-z0-9] by the caller, so the probe cannot inject markup.
 */
export function namedEntity(name: string): string | null {
  const common = COMMON_ENTITIES[name];
  if (common !== undefined) return common;
  const cached = namedEntityCache.get(name);
  if (cached !== undefined) return cached;
  const probe = `&${name};`;
  const { document } = parseHTML(`<!doctype html><html><body><p>${probe}</p></body></html>`);
  const text = document.querySelector('p')?.textContent ?? probe;
  const value = text === probe || text === '' ? null : text;
  if (namedEntityCache.size < MAX_CACHED_ENTITIES) namedEntityCache.set(name, value);
  return value;
}

// ---- small fields ----------------------------------------------------------------------------------

/** "jane@example.org (Jane Doe)" → "Jane Doe"; a bare e-mail address is not a name worth showing. */
function cleanAuthor(raw: string | null): string | null {
  if (!raw) return null;
  const text = cleanTitle(raw);
  const inParens = /^\S+@\S+\s*\((.+)\)$/.exec(text);
  if (inParens) return inParens[1]!.trim() || null;
  if (/^\S+@\S+\.\S+$/.test(text)) return null;
  return text || null;
}

function cleanCategories(raw: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of raw) {
    const text = cleanTitle(c).slice(0, MAX_CATEGORY_LENGTH);
    const key = text.toLowerCase();
    if (!text || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
    if (out.length >= MAX_CATEGORIES) break;
  }
  return out;
}

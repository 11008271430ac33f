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

/**
 * The newest `max` entries, in feed order: by date, the undated after the dated in feed order (which is
 * newest first in practice). Taken before the rest of the work, so a feed of 70,000 entries costs the
 * parse and this sort, not 70,000 items normalised, matched and stored in one poll.
 */
export function newestEntries(raw: RawFeedItem[], max: number): RawFeedItem[] {
  if (raw.length <= max) return raw;
  const byAge = raw.map((r, index) => ({ index, date: r.date ? parseFeedDate(r.date) : null }));
  byAge.sort((a, b) => (b.date ?? -Infinity) - (a.date ?? -Infinity) || a.index - b.index);
  const kept = new Set(byAge.slice(0, max).map((e) => e.index));
  return raw.filter((_, i) => kept.has(i));
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

/** Elements dropped with their content. None of the names is the start of another (see dropElements). */
const DROPPED_ELEMENTS = ['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'head', 'title', 'button', 'select', 'form'];
const BLOCK_TAG = /<\/?(?:p|div|br|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|tr|table|thead|tbody|section|article|aside|header|footer|figure|figcaption|hr|address|details|summary|main|nav)\b[^>]*>/gi;
/** WordPress and friends append these to every description; they are not the article. */
const FEED_FOOTER = /^(?:The post .+ appeared first on .+|L[’']article .+ est apparu en premier sur .+|Cet article .+ est apparu en premier sur .+)$/;

/** Plain text from an HTML fragment: scripts and styles dropped, paragraphs kept as "\n", entities decoded. */
export function htmlToText(html: string): string {
  let s = html;
  if (/[<&]/.test(s)) {
    // Each regex that can fail at a "<" after reading far is run only where it cannot fail that way (up to the
    // last "]]>" or ">"): retried from every "<", they cost the square of the text (120 KB of "<p": 11 s).
    s = s.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
    s = upToLast(s, ']]>', (head) => head.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1'));
    s = dropElements(s).replace(/<(script|style)\b[\s\S]*$/i, ' ');
    s = upToLast(s, '>', (head) => head.replace(BLOCK_TAG, '\n'));
    s = stripTags(s);
    // A tag cut off by the end of the text: after the last ">".
    s = afterLast(s, '>', (tail) => tail.replace(/<\/?[a-zA-Z][^>]*$/, ''));
    s = decodeEntities(s);
  }
  const lines = s
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map(collapseSpaces)
    .filter((l) => l.length > 0);
  if (lines.length > 0 && FEED_FOOTER.test(lines[lines.length - 1]!)) lines.pop();
  return lines.join('\n');
}

/** `s` with `edit` applied to its part up to and including the last `needle` (all of it when there is none). */
function upToLast(s: string, needle: string, edit: (head: string) => string): string {
  const at = s.lastIndexOf(needle);
  if (at === -1) return s;
  return edit(s.slice(0, at + needle.length)) + s.slice(at + needle.length);
}

function afterLast(s: string, needle: string, edit: (tail: string) => string): string {
  const cut = s.lastIndexOf(needle) + 1;
  return s.slice(0, cut) + edit(s.slice(cut));
}

/**
 * <script>…</script> and the like, removed with their content (each becomes a space), as
 * /<(script|…)\b[^>]*>[\s\S]*?<\/\1\s*>/gi would — but that regex searched the rest of the text for a closing
 * tag from every opening tag of a name that is never closed. Once a name is known unclosed, it is no longer looked for.
 */
function dropElements(html: string): string {
  const head = html.slice(0, html.lastIndexOf('>') + 1);
  let names = DROPPED_ELEMENTS;
  let opening = openingTagOf(names);
  const parts: string[] = [];
  let from = 0;
  for (let open = opening.exec(head); open; open = opening.exec(head)) {
    const name = open[1]!;
    const closing = new RegExp(`<\\/${name}\\s*>`, 'gi');
    closing.lastIndex = open.index + open[0].length;
    const close = closing.exec(head);
    if (!close) {
      // No later element of this name can close either; the others are looked for again from the next character.
      names = names.filter((n) => n !== name.toLowerCase());
      if (names.length === 0) break;
      opening = openingTagOf(names);
      opening.lastIndex = open.index + 1;
      continue;
    }
    parts.push(html.slice(from, open.index), ' ');
    from = close.index + close[0].length;
    opening.lastIndex = from;
  }
  parts.push(html.slice(from));
  return parts.join('');
}

function openingTagOf(names: readonly string[]): RegExp {
  return new RegExp(`<(${names.join('|')})\\b[^>]*>`, 'gi');
}

/**
 * Tags removed as /<\/?[a-zA-Z][^"'>]*(?:(?:"[^"]*"|'[^']*')[^"'>]*)*>/g would: a tag runs to the first ">"
 * outside quoted attribute values; one whose quote never closes, or that never ends, stays as text. That regex,
 * retried from every "<", re-read what the attempt before had read. Here the stretch before a quote or ">" is
 * read once for all the "<" in it, and where a quote opened outside quotes leads (a ">" or nowhere) is remembered.
 */
function stripTags(html: string): string {
  if (!html.includes('<')) return html;
  const endAfterQuote = new Map<number, number>();
  // The first '"', "'" or ">" at or after any position in [from, at]; -1: none after `from`.
  let special = { from: -1, at: -1 };
  const nextSpecial = (from: number): number => {
    if (special.from !== -1 && from >= special.from && (special.at === -1 || from <= special.at)) return special.at;
    let i = from;
    while (i < html.length && !'"\'>'.includes(html[i]!)) i++;
    special = { from, at: i < html.length ? i : -1 };
    return special.at;
  };
  /** Index of the ">" ending a tag whose name ends before `from`, or -1 when it has none. */
  const tagEnd = (from: number): number => {
    const quotes: number[] = [];
    let end = -1;
    for (let at = from; ; ) {
      const next = nextSpecial(at);
      if (next === -1) break;
      if (html[next] === '>') {
        end = next;
        break;
      }
      const known = endAfterQuote.get(next);
      if (known !== undefined) {
        end = known;
        break;
      }
      quotes.push(next);
      const closer = html.indexOf(html[next]!, next + 1);
      if (closer === -1) break;
      at = closer + 1;
    }
    for (const q of quotes) endAfterQuote.set(q, end);
    return end;
  };
  const parts: string[] = [];
  let kept = 0;
  for (let lt = html.indexOf('<'); lt !== -1; ) {
    const nameAt = html[lt + 1] === '/' ? lt + 2 : lt + 1;
    const end = /[a-zA-Z]/.test(html[nameAt] ?? '') ? tagEnd(nameAt + 1) : -1;
    if (end === -1) {
      lt = html.indexOf('<', lt + 1);
      continue;
    }
    parts.push(html.slice(kept, lt));
    kept = end + 1;
    lt = html.indexOf('<', kept);
  }
  parts.push(html.slice(kept));
  return parts.join('');
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

const ENTITY_RE = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{1,31}));?/g;

/** Decodes numeric and named HTML character references; unknown names are left as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  // Names not yet known are looked up together, in one parse: one parse per distinct name made a feed of
  // distinct made-up names cost ~33 µs each (5 MB: ~18 s).
  const unknown = new Set<string>();
  for (const m of s.matchAll(ENTITY_RE)) {
    const name = m[3];
    if (name !== undefined && m[0].endsWith(';') && COMMON_ENTITIES[name] === undefined && !namedEntityCache.has(name)) unknown.add(name);
  }
  const batch = unknown.size > 1 ? lookUpEntities([...unknown]) : null;
  return s.replace(ENTITY_RE, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined || hex !== undefined) return fromCodePoint(dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16));
    if (!whole.endsWith(';')) return whole;
    const batched = batch?.get(name!);
    return (batched !== undefined ? batched : namedEntity(name!)) ?? whole;
  });
}

// Many names in one HTML document, one paragraph each; the answers are cached like namedEntity's.
function lookUpEntities(names: string[]): Map<string, string | null> {
  const { document } = parseHTML(`<!doctype html><html><body>${names.map((n) => `<p>&${n};</p>`).join('')}</body></html>`);
  const paragraphs = document.querySelectorAll('p');
  const found = new Map<string, string | null>();
  names.forEach((name, i) => {
    const probe = `&${name};`;
    const text = paragraphs[i]?.textContent ?? probe;
    const value = text === probe || text === '' ? null : text;
    found.set(name, value);
    if (namedEntityCache.size < MAX_CACHED_ENTITIES) namedEntityCache.set(name, value);
  });
  return found;
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

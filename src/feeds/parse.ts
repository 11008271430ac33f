// Feed text → ParsedFeed: rss-parser's parseString reads RSS 0.9x/1.0/2.0 and Atom; we repair the usual
// entity damage first, refuse what is not a feed with a reason, and hand the entries to the normaliser.
import { createRequire } from 'node:module';
import Parser from 'rss-parser';
import type { ParsedFeed } from './types.js';
import { normaliseItems, newestEntries, cleanTitle, resolveLink, namedEntity, decodeEntities, type RawFeedItem } from './normalise.js';
import { scanMarkup, type MarkupKind } from './markup.js';

export type FeedParseReason = 'empty' | 'html' | 'not-a-feed' | 'invalid-xml';

export class FeedParseError extends Error {
  override name = 'FeedParseError';
  /** `detail` completes "the feed …": "is an HTML page, not a feed". */
  constructor(
    readonly reason: FeedParseReason,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * rss-parser turns Atom <published>/<updated> into ISO strings with `new Date(x).toISOString()`, which
 * throws on any date it cannot read and takes the whole feed down; renamed, they reach us verbatim.
 */
const RENAMED_TAGS: Record<string, string> = { published: 'sw:published', updated: 'sw:updated' };

/**
 * rss-parser also makes a plain-text "snippet" of every description and content, with regexes that cost the
 * square of a run of unclosed "<" (500 KB of "<p" in a description: 5 minutes of a blocked event loop). We never
 * read snippets (normalise.ts makes the text), so its helper is switched off; rss-parser is pinned, and 3.13
 * calls it as utils.getSnippet from this very module.
 */
(createRequire(import.meta.url)('rss-parser/lib/utils.js') as { getSnippet: (html: string) => string }).getSnippet = () => '';

type RawItem = Record<string, unknown>;
type ParserOutput = Awaited<ReturnType<Parser<Record<string, unknown>, RawItem>['parseString']>>;

/** Namespaces whose prefix we drop when a feed spells its root <atom:feed> or <r:rss>. */
const FEED_NAMESPACES = ['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#', 'http://backend.userland.com/rss2', 'http://backend.userland.com/rss'];

/** The XML parser inside rss-parser (xml2js), which rss-parser 3.13 calls as `this.xmlParser.parseString(xml, cb)`. */
interface XmlParser {
  parseString(xml: string, callback: (err: unknown, result: unknown) => void): unknown;
}

function makeParser(rootPrefix: string | null): Parser<Record<string, unknown>, RawItem> {
  const renameTag = (name: string): string => {
    const local = rootPrefix && name.startsWith(`${rootPrefix}:`) ? name.slice(rootPrefix.length + 1) : name;
    return RENAMED_TAGS[local] ?? local;
  };
  const parser = new Parser<Record<string, unknown>, RawItem>({
    // An <rss> without a version attribute is, in the wild, RSS 2.0.
    defaultRSS: 2,
    xml2js: { tagNameProcessors: [renameTag] },
    customFields: {
      feed: ['dc:language'],
      item: [
        ['sw:published', 'swPublished'],
        ['sw:updated', 'swUpdated'],
        ['guid', 'rawGuid', { keepArray: true }],
        ['title', 'rawTitle', { keepArray: true }],
        ['category', 'rawCategories', { keepArray: true }],
        ['dc:subject', 'rawSubjects', { keepArray: true }],
      ] as unknown as (keyof RawItem)[],
    },
  });
  // The document is shored up between xml2js and rss-parser. xml2js's own hook for this (`validator`) rebuilds
  // the element's whole path on every closing tag, which costs the square of the nesting depth: 20,000 nested
  // elements (137 KB) held the event loop for 9.7 s. The few paths that need patching are reached from the root.
  const xml = (parser as unknown as { xmlParser: XmlParser }).xmlParser;
  const parseXml = xml.parseString.bind(xml);
  xml.parseString = (text, callback) => parseXml(text, (err, doc) => callback(err, err ? doc : shoreUpStructure(doc)));
  return parser;
}

type XmlNode = Record<string, unknown>;

function isNode(v: unknown): v is XmlNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * rss-parser assumes shapes the XML may not have and dies on a TypeError when they are missing. Before it
 * reads the document, patch what has an obvious reading (xml2js gives every child element as an array).
 */
function shoreUpStructure(doc: unknown): unknown {
  if (!isNode(doc)) return doc;
  // <rss version="2.0"></rss> is how some generators say "no items"; RSS 1.0 items live beside the channel.
  for (const root of ['rss', 'rdf:RDF']) {
    if (!(root in doc)) continue;
    const node = doc[root];
    if (!isNode(node)) doc[root] = { channel: [{}] };
    else if (!('channel' in node)) doc[root] = { ...node, channel: [{}] };
  }
  const feed = doc.feed;
  if (isNode(feed)) {
    if (Array.isArray(feed.link)) feed.link = feed.link.map(atomLink);
    if (Array.isArray(feed.entry)) {
      feed.entry = feed.entry.map((entry: unknown) => {
        if (!isNode(entry)) return {};
        if (Array.isArray(entry.link)) entry.link = entry.link.map(atomLink);
        return entry;
      });
    }
  }
  return doc;
}

/** Atom links carry their URL in href; <link>https://…</link> is a common slip, an empty <link/> a useless one. */
function atomLink(node: unknown): unknown {
  if (typeof node === 'string') return { $: { href: node.trim() } };
  if (isNode(node) && !('$' in node)) return { ...node, $: { href: stringOf(node) ?? '' } };
  return node;
}

export interface ParseFeedOptions {
  /** Entries taken from the feed: the newest this many (see newestEntries); all when absent. */
  maxItems?: number;
}

export async function parseFeed(xml: string, feedUrl: string, now: number, opts: ParseFeedOptions = {}): Promise<ParsedFeed> {
  const text = dropJunkBeforeDeclaration(xml.replace(/^[\ufeff\s]+/, ''));
  if (!text) throw new FeedParseError('empty', 'is empty');
  refuseNonFeeds(text);
  const root = rootElementName(text);
  const prefix = feedRootPrefix(text, root);
  const output = await parseRepaired(repairEntities(text), prefix);
  const baseUrl = resolveLink(rootAttribute(text, 'xml:base'), feedUrl) ?? feedUrl;
  const siteUrl = resolveLink(stringOf(output.link), baseUrl);
  const atom = (prefix ? root?.slice(prefix.length + 1) : root) === 'feed';
  const entries = (output.items ?? []).map((item) => toRawItem(item, atom));
  const taken = opts.maxItems === undefined ? entries : newestEntries(entries, opts.maxItems);
  const items = normaliseItems(taken, { feedUrl, siteUrl, baseUrl, now });
  return {
    title: cleanTitle(stringOf(output.title) ?? '') || null,
    siteUrl,
    language: languageOf(stringOf(output.language) ?? stringOf(output['dc:language']) ?? rootAttribute(text, 'xml:lang')),
    items,
    itemsLeftOut: entries.length - taken.length,
  };
}

/**
 * Strict XML first. A feed that only lost the end of its <channel>/<rss>/<feed> is complete and is closed
 * for it; anything else ill-formed (tags crossing, an item cut in half) is refused, not guessed at.
 */
async function parseRepaired(text: string, prefix: string | null): Promise<ParserOutput> {
  try {
    return await makeParser(prefix).parseString(text);
  } catch (err) {
    if (err instanceof FeedParseError) throw err;
    const closed = closeContainers(text);
    if (closed !== null) {
      try {
        return await makeParser(prefix).parseString(closed);
      } catch (retryErr) {
        if (retryErr instanceof FeedParseError) throw retryErr;
      }
    }
    throw explainParserFailure(err, text);
  }
}

/** PHP notices and stray output before "<?xml" are the server's, not the feed's. */
function dropJunkBeforeDeclaration(text: string): string {
  if (text.startsWith('<?xml')) return text;
  const at = text.indexOf('<?xml');
  return at > 0 && at < 4096 ? text.slice(at) : text;
}

/** The prefix of a root like <atom:feed xmlns:atom="http://www.w3.org/2005/Atom">, when it names a feed namespace. */
function feedRootPrefix(text: string, root: string | null): string | null {
  const m = root ? /^([\w.-]+):(?:feed|rss)$/.exec(root) : null;
  if (!m) return null;
  const decl = new RegExp(`xmlns:${m[1]!.replace(/[.]/g, '\\.')}\\s*=\\s*["']([^"']+)["']`).exec(text.slice(0, 8192));
  return decl && FEED_NAMESPACES.includes(decl[1]!) ? m[1]! : null;
}

const CONTAINERS = new Set(['rss', 'channel', 'rdf:RDF', 'feed']);
const ALL_MARKUP: ReadonlySet<MarkupKind> = new Set(['comment', 'cdata', 'pi', 'doctype', 'tag']);
const UNPARSED_SECTIONS: ReadonlySet<MarkupKind> = new Set(['comment', 'cdata']);

/**
 * Cuts a truncated document after its last complete tag and closes the elements still open — but only
 * when those are the feed's containers; a document cut inside an item returns null.
 */
export function closeContainers(text: string): string | null {
  const lastGt = text.lastIndexOf('>');
  if (lastGt < 0) return null;
  let body = text.slice(0, lastGt + 1);
  const openCdata = body.lastIndexOf('<![CDATA[');
  if (openCdata > body.lastIndexOf(']]>')) return null;
  const open: string[] = [];
  for (const { name, closing, selfClosing } of scanMarkup(body, ALL_MARKUP)) {
    if (!name || selfClosing) continue;
    if (!closing) open.push(name);
    else if (open.at(-1) === name) open.pop();
    else return null;
  }
  if (open.length === 0 || !open.every((n) => CONTAINERS.has(n))) return null;
  body += open.reverse().map((n) => `</${n}>`).join('');
  return body;
}

function refuseNonFeeds(text: string): void {
  if (text.startsWith('{') || text.startsWith('[')) throw new FeedParseError('not-a-feed', 'is JSON, not an RSS or Atom feed');
  if (!text.startsWith('<')) throw new FeedParseError('not-a-feed', 'is not XML (it does not start with "<")');
  const root = rootElementName(text);
  if (/^!doctype\s+html/i.test(text.replace(/^(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*)*/, '')) || (root && /^(?:html|head|body)$/i.test(root))) {
    throw new FeedParseError('html', 'is an HTML page, not a feed');
  }
}

/** The first element's name, skipping the declaration, comments, processing instructions and DOCTYPE. */
function rootElementName(text: string): string | null {
  const head = text.slice(0, 8192).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>/gi, '');
  const m = /<([A-Za-z_][\w.:-]*)/.exec(head);
  return m ? m[1]! : null;
}

/** An attribute of the root element (xml:lang, xml:base), which rss-parser does not pass on. */
function rootAttribute(text: string, name: string): string | null {
  const m = new RegExp(`<(?:[\\w.-]+:)?(?:feed|rss|RDF)\\b[^>]*\\s${name}\\s*=\\s*["']([^"']+)["']`).exec(text.slice(0, 8192));
  return m ? m[1]! : null;
}

/** "fr-FR" → "fr"; anything that is not a language tag → null. */
function languageOf(raw: string | null): string | null {
  const m = raw ? /^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$/.exec(raw) : null;
  return m ? m[1]!.toLowerCase() : null;
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Feeds are full of HTML entities (&eacute;, &nbsp;) that XML does not define, and of bare "&" in URLs.
 * A strict XML parser rejects both; browsers and feed readers accept them. Outside CDATA and comments,
 * named HTML entities become numeric references and stray ampersands become &amp;.
 */
export function repairEntities(xml: string): string {
  if (!xml.includes('&')) return xml;
  const parts: string[] = [];
  let from = 0;
  for (const section of scanMarkup(xml, UNPARSED_SECTIONS)) {
    parts.push(repairSegment(xml.slice(from, section.start)), xml.slice(section.start, section.end));
    from = section.end;
  }
  parts.push(repairSegment(xml.slice(from)));
  return parts.join('');
}

function repairSegment(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,8});|#[xX]([0-9a-fA-F]{1,8});|([A-Za-z][A-Za-z0-9]{0,31});)?/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined || hex !== undefined) return repairCharacterReference(dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16), whole);
    if (name === undefined) return '&amp;';
    if (XML_ENTITIES.has(name)) return whole;
    const value = namedEntity(name);
    if (value === null) return `&amp;${name};`;
    return [...value].map((ch) => `&#${ch.codePointAt(0)};`).join('');
  });
}

/**
 * XML forbids references to control characters and to anything beyond Unicode; 128–159 are, in feeds,
 * windows-1252 punctuation typed by a Latin-1 CMS (&#146; for ’), as browsers also read them.
 */
function repairCharacterReference(cp: number, written: string): string {
  if (cp >= 0x80 && cp <= 0x9f) return `&#${decodeEntities(`&#${cp};`).codePointAt(0)};`;
  if (cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)) return written;
  return cp < 0x20 ? '' : '&#xFFFD;';
}

function explainParserFailure(err: unknown, text: string): FeedParseError {
  const message = err instanceof Error ? err.message : String(err);
  if (/not recognized as RSS/i.test(message)) {
    const root = rootElementName(text);
    return new FeedParseError('not-a-feed', root ? `is XML with a <${root}> root element, not an RSS or Atom feed` : 'is not an RSS or Atom feed');
  }
  if (/Unable to parse XML/i.test(message)) return new FeedParseError('invalid-xml', 'contains no XML element');
  const where = /Line:\s*(\d+)\s*Column:\s*(\d+)/.exec(message);
  const what = message.split('\n')[0]!.slice(0, 120);
  if (err instanceof TypeError) return new FeedParseError('invalid-xml', `has a structure the feed parser cannot read (${what})`);
  // Tens of thousands of nested elements overflow the recursion of rss-parser's copy of the tree.
  if (err instanceof RangeError) return new FeedParseError('invalid-xml', 'nests its elements too deeply to be read');
  return new FeedParseError('invalid-xml', `is not well-formed XML (${what}${where ? ` at line ${where[1]}, column ${where[2]}` : ''})`);
}

// ---- rss-parser output → RawFeedItem ---------------------------------------------------------------

/** rss-parser puts an RSS description in `content`, and Atom's <content> there too (its <summary> in `summary`). */
function toRawItem(item: RawItem, atom: boolean): RawFeedItem {
  const guid = stringOf(firstOf(item.rawGuid)) ?? stringOf(item.id) ?? stringOf(item['rdf:about']);
  const link = stringOf(item.link) ?? permalinkGuid(item.rawGuid) ?? stringOf(item['rdf:about']);
  const content = stringOf(item['content:encoded']) ?? (atom ? stringOf(item.content) : null);
  const description = atom ? stringOf(item.summary) : (stringOf(item.content) ?? stringOf(item.summary));
  const date = stringOf(item.pubDate) ?? stringOf(item['dc:date']) ?? stringOf(item.date) ?? stringOf(item.swPublished) ?? stringOf(item.swUpdated);
  return {
    guid,
    title: stringOf(firstOf(item.rawTitle)) ?? stringOf(item.title),
    link,
    description,
    content,
    date,
    author: stringOf(item.creator) ?? stringOf(item['dc:creator']) ?? stringOf(item.author),
    categories: [...listOf(item.rawCategories), ...listOf(item.rawSubjects)],
  };
}

/** A guid is the item's link unless it says isPermaLink="false" (RSS 2.0 §guid). */
function permalinkGuid(rawGuid: unknown): string | null {
  const g = firstOf(rawGuid);
  const attrs = typeof g === 'object' && g !== null ? (g as { $?: Record<string, string> }).$ : undefined;
  if (attrs?.isPermaLink?.trim().toLowerCase() === 'false') return null;
  const text = stringOf(g);
  return text && /^https?:\/\//i.test(text.trim()) ? text : null;
}

function firstOf(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

function listOf(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const arr = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const c of arr) {
    const attrs = typeof c === 'object' && c !== null ? (c as { $?: Record<string, string> }).$ : undefined;
    const text = stringOf(c) ?? attrs?.label ?? attrs?.term ?? null;
    if (text) out.push(text);
  }
  return out;
}

/**
 * xml2js gives strings, `{ _: text, $: attrs }`, or nested objects (XHTML content); all become text.
 * Bounded in depth and size: a hostile feed must not make this recurse or grow without limit.
 */
function stringOf(v: unknown, depth = 0): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() ? v : null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (depth > 8) return null;
  if (Array.isArray(v)) {
    const parts = v.map((x) => stringOf(x, depth + 1)).filter((x): x is string => x !== null);
    return parts.length ? parts.join(' ') : null;
  }
  if (typeof v === 'object') {
    // Mixed content ("Example <b>Atom</b>") arrives as text in `_` and children beside it, order lost.
    const o = v as Record<string, unknown>;
    const parts = Object.entries(o)
      .filter(([k]) => k !== '$')
      .map(([, x]) => stringOf(x, depth + 1))
      .filter((x): x is string => x !== null);
    return parts.length ? parts.join(' ') : null;
  }
  return null;
}

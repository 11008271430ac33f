// Exact identity of a news item across feeds: one canonical form per article URL (tracking parameters,
// AMP and mobile variants, aggregator redirects removed) and one key per headline for exact duplicates.
import { foldAccents } from './text.js';

const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gclsrc', 'msclkid', 'yclid', 'igshid', 'mc_cid', 'mc_eid', '_ga', '_gl', 'ref', 'ref_src',
  'ref_url', 'xtor', 'xtref', 'cmpid', 'cmp', 'ocid', 'smid', 'soc_src', 'soc_trk', 'ito', 'spm', 'sr_share', 'share',
  'rss', 'from', 'feature', 'amp', 'outputtype', 'guccounter', 'guce_referrer', 'guce_referrer_sig', 'taid', 'mkt_tok',
]);
const TRACKING_PREFIXES = ['utm_', 'at_', 'pk_', 'hmb_', 'ns_', 'wt.'];

// Redirectors and the query parameter that carries the target.
const REDIRECT_PARAMS = ['url', 'u', 'q', 'uddg', 'ru', 'dest', 'target', 'link', 'redirect', 'redirect_url', 'to'];
const REDIRECT_HOSTS = /(^|\.)(news\.google\.[a-z.]+|google\.[a-z.]+|l\.facebook\.com|lm\.facebook\.com|facebook\.com|bing\.com|r\.search\.yahoo\.com|duckduckgo\.com|out\.reddit\.com|feedproxy\.google\.com|feeds\.feedburner\.com|t\.umblr\.com|l\.instagram\.com|away\.vk\.com|href\.li|news\.yahoo\.com|msn\.com|flipboard\.com|lnkd\.in|linkedin\.com|feedly\.com|inoreader\.com|newsnow\.co\.uk)$/;

const DROPPED_HOST_PREFIXES = /^(?:www\d?|m|mobile|amp)\./;

/**
 * The canonical form of an article URL: https, host without www/m/amp, no default port, no fragment, no
 * trailing slash, tracking parameters dropped, the rest sorted; redirect and AMP-cache links unwrapped.
 * Returns the trimmed input when it is not an absolute http(s) URL.
 */
export function canonicalUrl(url: string): string {
  const trimmed = url.trim();
  const parsed = parseHttpUrl(trimmed);
  if (!parsed) return trimmed;
  const target = redirectTarget(parsed, 0);
  return format(target);
}

function parseHttpUrl(text: string): URL | null {
  const withScheme = /^\/\//.test(text) ? `https:${text}` : text;
  if (!/^https?:\/\//i.test(withScheme)) return null;
  try {
    return new URL(withScheme);
  } catch {
    return null;
  }
}

function redirectTarget(url: URL, depth: number): URL {
  if (depth > 3) return url;
  const host = url.hostname.toLowerCase();
  const inner = host.endsWith('.cdn.ampproject.org') ? ampCacheTarget(url) : REDIRECT_HOSTS.test(host) ? embeddedTarget(url) : null;
  return inner ? redirectTarget(inner, depth + 1) : url;
}

// https://www-lemonde-fr.cdn.ampproject.org/c/s/www.lemonde.fr/afrique/article.amp.html
function ampCacheTarget(url: URL): URL | null {
  const m = /^\/[a-z](?:\/s)?\/(.+)$/.exec(url.pathname);
  if (!m?.[1]) return null;
  const secure = url.pathname.startsWith('/c/s/') || url.pathname.startsWith('/v/s/') || url.pathname.startsWith('/i/s/');
  return parseHttpUrl(`${secure ? 'https' : 'http'}://${m[1]}${url.search}`);
}

function embeddedTarget(url: URL): URL | null {
  for (const [key, value] of url.searchParams) {
    if (!REDIRECT_PARAMS.includes(key.toLowerCase())) continue;
    const inner = parseHttpUrl(value);
    if (inner) return inner;
  }
  // Yahoo puts the target in the path: /RU=https%3a%2f%2f…/RK=…
  const yahoo = /\/RU=([^/]+)\//.exec(url.pathname);
  if (yahoo?.[1]) {
    const inner = parseHttpUrl(safeDecode(yahoo[1]));
    if (inner) return inner;
  }
  // Older Google News links carry the article URL inside a base64 protobuf: /rss/articles/CBMi…
  const google = /\/articles\/([A-Za-z0-9_-]{20,})/.exec(url.pathname);
  if (google?.[1]) {
    const inner = parseHttpUrl(protobufUrl(Buffer.from(google[1], 'base64url')));
    if (inner) return inner;
  }
  return null;
}

// The URL is a length-prefixed protobuf string: a one- or two-byte varint length right before "http".
function protobufUrl(bytes: Buffer): string {
  const start = bytes.indexOf('http');
  if (start < 1) return '';
  const last = bytes[start - 1]!;
  const before = start >= 2 ? bytes[start - 2]! : 0;
  const length = before >= 0x80 ? (before & 0x7f) | (last << 7) : last;
  return bytes.subarray(start, start + length).toString('latin1');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function format(url: URL): string {
  const host = url.hostname.toLowerCase().replace(/\.$/, '').replace(DROPPED_HOST_PREFIXES, '');
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : '';
  let path = url.pathname.replace(/\/{2,}/g, '/');
  path = path
    .replace(/^\/amp(?=\/)/i, '')
    .replace(/\/amp\/?$/i, '')
    .replace(/\.amp(?=\.html?$)/i, '')
    .replace(/\.amp$/i, '')
    .replace(/\/index\.(?:html?|php)$/i, '/');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  if (path === '/') path = '';
  const params = [...url.searchParams].filter(([key, value]) => !isTrackingParam(key, value));
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `https://${host}${port}${path}${query}`;
}

function isTrackingParam(key: string, value: string): boolean {
  const k = key.toLowerCase();
  if (TRACKING_PARAMS.has(k)) return k !== 'outputtype' || value.toLowerCase() === 'amp';
  return TRACKING_PREFIXES.some((p) => k.startsWith(p));
}

// "Mali: … - Reuters", "… | Le Monde", "… – RFI": the outlet's name is not part of the headline.
const OUTLET_SUFFIX = /\s+[-|–—•·]\s+[^-|–—•·]{2,40}$/;
const KICKER_PREFIX = /^(?:breaking(?: news)?|update(?:d)?(?: \d+)?|exclusive|video|photos?|live|en direct|urgent|direct|flash|alerte|watch|listen|podcast|analysis|analyse|opinion|tribune)\s*[:|-]\s*/i;

/**
 * A normalised headline for exact duplicate detection: folded, lower case, punctuation-free, without the
 * outlet suffix or a "BREAKING:" kicker. Returns "" when too little is left to identify a story
 * ("News", "Live updates"): callers must not match on an empty key.
 */
export function titleKey(title: string): string {
  let t = foldAccents(title).replace(/\s+/g, ' ').trim();
  t = t.replace(KICKER_PREFIX, '');
  const suffix = OUTLET_SUFFIX.exec(t);
  // Only strip a short tail that reads like a name, and keep enough headline before it.
  if (suffix && suffix[0].split(/\s+/).length <= 6 && suffix.index >= 20) t = t.slice(0, suffix.index);
  const words = t.toLowerCase().replace(/['’]/g, '').match(/[a-z0-9]+/g) ?? [];
  if (words.length < 3 || words.join('').length < 12) return '';
  return words.join(' ');
}

// Feed text is hostile until proven otherwise: no mentions, no masked links, no markdown tricks, within limits.

const ZERO_WIDTH = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g;
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const ZWSP = '\u200B';

/**
 * Markdown written as text: every character that can open emphasis, code, spoilers or a masked link is
 * escaped wherever it is, and the ones that only act at the start of a line (headings, quotes, lists, subtext)
 * there. Mentions are defused (allowedMentions is the second lock on the door).
 */
function escapeMarkdown(text: string, parens: boolean): string {
  return text
    .replace(ZERO_WIDTH, '')
    .replace(CONTROL, '')
    .replace(parens ? /([\\*_~`|[\]()])/g : /([\\*_~`|[\]])/g, '\\$1')
    .replace(/^([ \t]*)([#>-])/gm, '$1\\$2')
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<(@[!&]?|#|\/)/g, `<${ZWSP}$1`);
}

/**
 * Plain text safe to show inside an embed or message: invisible characters removed, markdown escaped,
 * every mention and masked link defused, and URLs made inert (a feed's text never becomes a link).
 */
export function neutralise(text: string): string {
  return escapeMarkdown(text, true).replace(/(https?):\/\//gi, `$1:/${ZWSP}/`);
}

/** Cut to at most `max` characters (UTF-16 units, as Discord counts), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // Don't leave half a surrogate pair or a dangling escape backslash.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  if (/(^|[^\\])\\$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.8) cut = cut.slice(0, space);
  return cut.trimEnd() + '…';
}

/** An http(s) URL or null, without its query secrets: the only links we put in embeds. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url || url.length > 2000) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? withoutQuerySecrets(u.toString()) : null;
  } catch {
    return null;
  }
}

// Query (and fragment) parameters named like a credential: a private feed's URL often carries one.
const SECRET_PARAM = /token|secret|passw|api[-_]?key|signature|credential|session|sess_?id|^(?:key|sig|auth|pwd|pass|jwt)$/i;

/**
 * The URL without a user name or password, and without the query or fragment parameters named like a credential
 * (token, key, secret, password, signature, session…): what the bot shows of any address. Unchanged when
 * there is nothing to remove or it is not a URL.
 */
export function withoutQuerySecrets(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const secret = [...u.searchParams.keys()].filter((k) => SECRET_PARAM.test(k));
  const hashSecret = /(?:^#|&)([^=&]+)=/.test(u.hash) && [...new URLSearchParams(u.hash.slice(1)).keys()].some((k) => SECRET_PARAM.test(k));
  if (secret.length === 0 && !hashSecret && !u.username && !u.password) return url;
  for (const k of secret) u.searchParams.delete(k);
  if (hashSecret) u.hash = '';
  u.username = '';
  u.password = '';
  return u.toString();
}

/**
 * A validated http(s) URL written so that it cannot end a markdown link or an angle-bracketed URL early:
 * `(`, `)`, `[`, `]`, `<`, `>`, quotes, backslashes and whitespace in the path, query and fragment are
 * percent-encoded (the host cannot hold them), and any user name or password is dropped. Null when the URL is
 * invalid or, encoded, longer than `max` (a reply that embeds a 2,000-character link has room for little else).
 */
export function linkUrl(url: string | null | undefined, max = 2000): string | null {
  const safe = safeUrl(url);
  if (!safe) return null;
  const u = new URL(safe);
  const tail = (u.pathname + u.search + u.hash).replace(/[()[\]<>"'`\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  const out = `${u.protocol}//${u.host}${tail}`;
  return out.length <= max ? out : null;
}

/** Links in list replies (latest, search, sources, digests) are kept to this length; longer ones show the title alone. */
export const LIST_LINK_MAX = 512;

/**
 * `[text](url)`: the text neutralised and cut to `maxText` before it is wrapped, so no cut ever lands inside
 * the link; the bare neutralised text when the URL is unusable or longer than `maxUrl`.
 */
export function maskedLink(text: string, url: string | null | undefined, maxText: number, maxUrl = LIST_LINK_MAX): string {
  const shown = neutralise(truncate(text, maxText)) || '…';
  const link = linkUrl(url, maxUrl);
  return link ? `[${shown}](${link})` : shown;
}

/** An address the member gave (or that a feed of theirs names), shown whole and clickable, without a preview. */
export function plainUrl(url: string | null | undefined, max = 2000): string | null {
  const link = linkUrl(url, max);
  return link ? `<${link}>` : null;
}

/**
 * Whole lines joined with `separator` within `max` characters: a line that does not fit is left out with
 * the ones after it (never cut, so no link is split), and `more(n)` says how many were left out.
 */
export function joinWithin(lines: string[], max: number, separator: string, more: (n: number) => string): string {
  let out = '';
  for (const [i, line] of lines.entries()) {
    const next = out ? `${out}${separator}${line}` : line;
    const left = lines.length - i - 1;
    const tail = left > 0 ? separator.length + more(left).length : 0;
    if (next.length + tail > max) {
      const rest = more(lines.length - i);
      return out ? `${out}${separator}${rest}`.slice(0, max) : truncate(line, max);
    }
    out = next;
  }
  return out;
}

/**
 * Where the bot resolved a name that it refused to connect to is for the log, not for members: a member who
 * asks for http://intranet.example/ learns that it is refused, not the internal address it resolves to.
 */
export function withoutResolvedAddresses(text: string): string {
  return text.replace(/\bresolves to [0-9A-Fa-f:.]+(%\w+)?, a /g, 'resolves to a ');
}

// Markup the bot's own templates use and that outside text cannot abuse: channel and role mentions (a role ping
// also needs allowed_mentions), Discord timestamps, and inline code naming a slash command. Bare URLs are kept
// too, encoded so that they stay one visible link.
const OWN_MARKUP = /(<#\d{17,20}>|<@&\d{17,20}>|<t:-?\d{1,13}(?::[tTdDfFR])?>|`\/[\p{L}\p{N} _[\]<>|:-]{1,80}`|<?https?:\/\/[^\s<>]+>?)/iu;

/**
 * A whole message assembled from one of the bot's templates and outside text (a feed's title, a server's
 * error, a URL it redirected to): the template's own markup is kept, a URL is shown whole as the address it
 * is (never behind other text), everything else is escaped like post text, and resolved addresses are removed.
 * For text whose parts can no longer be told apart (stored notices, error lines). `links: false` makes URLs
 * inert as in posts, for text in which no URL is the member's own (a notice about a feed).
 */
export function neutraliseMessage(text: string, opts: { links: boolean } = { links: true }): string {
  return withoutResolvedAddresses(text)
    .split(OWN_MARKUP)
    .map((part, i) => {
      if (i % 2 === 0) return escapeMarkdown(part, false);
      if (!/^<?https?:/i.test(part)) return part;
      if (!opts.links) return neutralise(part.replace(/https?:\/\/[^\s<>]+/i, (u) => withoutQuerySecrets(u)));
      const bare = part.replace(/^<|>$/g, '');
      const link = linkUrl(bare);
      return link ? (part.startsWith('<') ? `<${link}>` : link) : neutralise(part);
    })
    .join('');
}

// Feed text is hostile until proven otherwise: no mentions, no masked links, no markdown tricks, within limits.

const ZERO_WIDTH = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g;
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const ZWSP = '\u200B';

/**
 * Plain text safe to show inside an embed or message: invisible characters removed, markdown escaped,
 * every mention and masked link defused (allowedMentions is the second lock on the door).
 */
export function neutralise(text: string): string {
  return text
    .replace(ZERO_WIDTH, '')
    .replace(CONTROL, '')
    .replace(/([\\*_~`|>#[\]()-])/g, '\\$1')
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<(@[!&]?|#|\/)/g, `<${ZWSP}$1`)
    .replace(/(https?):\/\//gi, `$1:/${ZWSP}/`);
}

/** Same, but keeps URLs clickable (for a source line the bot builds itself from a validated link). */
export function neutraliseKeepLinks(text: string): string {
  return neutralise(text).replace(new RegExp(`(https?):/${ZWSP}/`, 'gi'), '$1://');
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

/** An http(s) URL or null: the only links we put in embeds. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url || url.length > 2000) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

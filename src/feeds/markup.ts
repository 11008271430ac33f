// Finds comments, CDATA sections, processing instructions, DOCTYPEs and tags in XML text in one pass.
// A global regex alternation (/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|…/g) finds the same, but rescans the
// rest of the document from every opener that is never closed: "<!--" 100,000 times held the event loop for
// 11 s. Here a closer is searched for once; once one is missing, every later opener of its kind is unclosed too.

export type MarkupKind = 'comment' | 'cdata' | 'pi' | 'doctype' | 'tag';

export interface Markup {
  kind: MarkupKind;
  /** Index of the "<". */
  start: number;
  /** Index just after the closing ">". */
  end: number;
  /** Tags only: the element name, whether it is an end tag (</x>) and whether it closes itself (<x/>). */
  name?: string;
  closing?: boolean;
  selfClosing?: boolean;
}

const DELIMITED: ReadonlyArray<readonly [MarkupKind, string, string]> = [
  ['comment', '<!--', '-->'],
  ['cdata', '<![CDATA[', ']]>'],
  ['pi', '<?', '?>'],
];
const DOCTYPE = '<!DOCTYPE';
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[\w.:-]/;

/**
 * The constructs of `kinds` in `text`, in document order, exactly as the regex alternation
 * `<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>|<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>`
 * (restricted to those kinds) matches them with the g flag — in time linear in the text.
 */
export function* scanMarkup(text: string, kinds: ReadonlySet<MarkupKind>): Generator<Markup> {
  const next = new NextOccurrence(text);
  let at = text.indexOf('<');
  while (at !== -1) {
    const found = markupAt(text, at, kinds, next);
    if (found) yield found;
    at = text.indexOf('<', found ? found.end : at + 1);
  }
}

function markupAt(text: string, at: number, kinds: ReadonlySet<MarkupKind>, next: NextOccurrence): Markup | null {
  for (const [kind, open, close] of DELIMITED) {
    if (!text.startsWith(open, at)) continue;
    if (!kinds.has(kind)) return null;
    const closer = next.of(close, at + open.length);
    return closer === -1 ? null : { kind, start: at, end: closer + close.length };
  }
  if (text.startsWith(DOCTYPE, at)) return kinds.has('doctype') ? doctypeAt(text, at, next) : null;
  return kinds.has('tag') ? tagAt(text, at, next) : null;
}

/** <!DOCTYPE …> ends at its first ">", unless a "[" comes first: then at the first "]" followed by ">". */
function doctypeAt(text: string, at: number, next: NextOccurrence): Markup | null {
  const from = at + DOCTYPE.length;
  const gt = next.of('>', from);
  const bracket = next.of('[', from);
  if (gt !== -1 && (bracket === -1 || gt < bracket)) return { kind: 'doctype', start: at, end: gt + 1 };
  if (bracket === -1) return null;
  const subsetEnd = next.subsetEnd(bracket + 1);
  return subsetEnd === -1 ? null : { kind: 'doctype', start: at, end: subsetEnd };
}

function tagAt(text: string, at: number, next: NextOccurrence): Markup | null {
  const closing = text[at + 1] === '/';
  const nameStart = at + (closing ? 2 : 1);
  if (!NAME_START.test(text[nameStart] ?? '')) return null;
  let nameEnd = nameStart + 1;
  while (nameEnd < text.length && NAME_CHAR.test(text[nameEnd]!)) nameEnd++;
  const gt = next.of('>', nameEnd);
  if (gt === -1) return null;
  const selfClosing = gt - 1 >= nameEnd && text[gt - 1] === '/';
  return { kind: 'tag', start: at, end: gt + 1, name: text.slice(nameStart, nameEnd), closing, selfClosing };
}

/**
 * indexOf with memory: the answer for a position stays good for any later position up to it, so scanning a
 * document asks each needle to walk each stretch of text once.
 */
class NextOccurrence {
  private readonly found = new Map<string, { from: number; at: number }>();
  private subset: { from: number; at: number } | null = null;

  constructor(private readonly text: string) {}

  of(needle: string, from: number): number {
    const known = this.found.get(needle);
    if (known && known.from <= from && (known.at === -1 || known.at >= from)) return known.at;
    const at = this.text.indexOf(needle, from);
    this.found.set(needle, { from, at });
    return at;
  }

  /** Just after the first "]" followed by optional white space and ">" (a DOCTYPE's internal subset closing), or -1. */
  subsetEnd(from: number): number {
    const known = this.subset;
    if (known && known.from <= from && (known.at === -1 || known.at >= from)) return known.at === -1 ? -1 : this.endOfSubsetAt(known.at);
    const re = /\]\s*>/g;
    re.lastIndex = from;
    const m = re.exec(this.text);
    this.subset = { from, at: m ? m.index : -1 };
    return m ? m.index + m[0].length : -1;
  }

  private endOfSubsetAt(at: number): number {
    return this.text.indexOf('>', at) + 1;
  }
}

// Removes page furniture from the DOM before Readability scores it: navigation, asides, share bars,
// newsletters, related lists, captions. A container that holds much of the page's prose (text outside
// links) is kept whatever its name, because some sites wrap the whole story in a <form> or a "widget".
import { isElement, tagOf } from './dom.js';
import type { DomElement, DomNode } from './dom.js';
import { isFurnitureAttribute } from './boilerplate.js';

// <header> is not here: inside an article it holds the standfirst, and a site header's menus go anyway.
const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer', 'form', 'button', 'figcaption', 'dialog', 'menu', 'select', 'textarea', 'input', 'label']);
const FURNITURE_ROLES = /^(navigation|complementary|banner|contentinfo|dialog|alertdialog|search|menu|menubar|toolbar|tablist)$/i;
const NEVER_WALKED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head']);

/**
 * Script-rendered pages (Blogger, some CMSs) put the article itself in <noscript>, which Readability
 * drops; one holding this much text is the page's content, not a "please enable JavaScript" notice.
 */
const NOSCRIPT_ARTICLE_CHARS = 400;

/** Share of the page's prose above which a container is never pruned. */
const PROTECTED_SHARE = 0.3;

export function pruneFurniture(root: DomElement): void {
  const proseChars = new Map<DomNode, number>();
  const total = countProseChars(root, proseChars, false);
  const limit = Math.max(PROTECTED_SHARE * total, 200);
  const doomed: DomElement[] = [];
  const unwrapped: DomElement[] = [];

  const visit = (el: DomElement): void => {
    const tag = tagOf(el);
    if (tag === 'noscript' && (el.textContent ?? '').trim().length >= NOSCRIPT_ARTICLE_CHARS) {
      unwrapped.push(el);
      return;
    }
    if (NEVER_WALKED.has(tag)) return;
    if (tag !== 'body' && tag !== 'html' && isFurniture(el, tag) && (proseChars.get(el) ?? 0) < limit) {
      doomed.push(el);
      return;
    }
    const children = el.children;
    for (let i = 0; i < children.length; i++) visit(children[i]!);
  };
  visit(root);
  for (const el of doomed) el.remove();
  for (const el of unwrapped) el.replaceWith(...Array.from(el.childNodes));
}

function isFurniture(el: DomElement, tag: string): boolean {
  if (FURNITURE_TAGS.has(tag)) return true;
  const role = el.getAttribute('role');
  if (role && FURNITURE_ROLES.test(role)) return true;
  if (el.getAttribute('aria-hidden') === 'true' || el.getAttribute('hidden') !== null) return true;
  const style = el.getAttribute('style');
  if (style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
  const cls = el.getAttribute('class');
  if (cls && isFurnitureAttribute(cls)) return true;
  // A heading's id is an anchor made from its words ("nav_nur_die_folie"), not a role.
  const id = /^h[1-6]$/.test(tag) ? null : el.getAttribute('id');
  if (id && isFurnitureAttribute(id)) return true;
  return false;
}

/** Characters of text outside links under each element, computed once bottom-up. */
function countProseChars(node: DomNode, into: Map<DomNode, number>, inLink: boolean): number {
  if (!isElement(node)) {
    return !inLink && node.nodeType === 3 ? (node.textContent ?? '').trim().length : 0;
  }
  const tag = tagOf(node);
  if (NEVER_WALKED.has(tag)) return 0;
  const linked = inLink || tag === 'a';
  let sum = 0;
  const children = node.childNodes;
  for (let i = 0; i < children.length; i++) sum += countProseChars(children[i]!, into, linked);
  into.set(node, sum);
  return sum;
}

// The slice of the DOM our extraction touches, typed structurally: the project compiles without the DOM lib,
// and linkedom's own typings lean on it, so we name only what we call.
import { parseHTML } from 'linkedom';

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  parentNode: DomNode | null;
  childNodes: ArrayLike<DomNode>;
}

export interface DomElement extends DomNode {
  tagName: string;
  children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
  replaceWith(...nodes: DomNode[]): void;
}

export interface DomDocument {
  documentElement: DomElement;
  body: DomElement | null;
  title: string;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

/**
 * linkedom builds a usable document only from markup with an <html> and a <body> element: a fragment (feed
 * content) is wrapped, a missing <html> or <body> tag is supplied, and junk before the doctype (PHP
 * warnings do that) is dropped.
 */
export function parseDocument(html: string): DomDocument {
  const start = html.search(/<!doctype\s|<html[\s>]/i);
  let page = start < 0 ? `<!DOCTYPE html><html><head></head><body>${html}</body></html>` : start > 0 ? html.slice(start) : html;
  if (!/^html$/i.test(/<(html|head|body)[\s>]/i.exec(page)?.[1] ?? '')) {
    const afterDoctype = page.indexOf('>') + 1;
    page = `${page.slice(0, afterDoctype)}<html>${page.slice(afterDoctype)}</html>`;
  }
  // A <body> quoted inside the content (a pasted page) does not count: look before the first </html>.
  const htmlEnd = page.search(/<\/html\s*>/i);
  if (!/<body[\s>]/i.test(htmlEnd < 0 ? page : page.slice(0, htmlEnd))) {
    const headEnd = page.search(/<\/head\s*>/i);
    const at = headEnd >= 0 ? page.indexOf('>', headEnd) + 1 : page.indexOf('>', page.search(/<html[\s>]/i)) + 1;
    page = `${page.slice(0, at)}<body>${page.slice(at)}`;
  }
  return parseHTML(page).document as unknown as DomDocument;
}

export function isElement(node: DomNode): node is DomElement {
  return node.nodeType === ELEMENT_NODE;
}

export function tagOf(node: DomNode): string {
  return node.nodeName.toLowerCase();
}

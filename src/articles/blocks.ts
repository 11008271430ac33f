// Turns an article DOM subtree into text blocks (paragraphs, headings, list items) that keep what the
// cleanup needs to judge them: how much of the text is link text, and which element carried it.
import { isElement, tagOf, TEXT_NODE } from './dom.js';
import type { DomNode } from './dom.js';

export interface TextBlock {
  text: string;
  /** Characters of `text` that sat inside links: related-headline lists are nearly all link text. */
  linkChars: number;
  /** Nearest block-level element: 'p', 'li', 'h2', … */
  tag: string;
  /** True when only a <br> separated this block from the previous one (same paragraph visually). */
  afterBreak: boolean;
}

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr',
  'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
]);
const CELL_TAGS = new Set(['td', 'th']);
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'select', 'textarea', 'button', 'head', 'title']);

export function isBlockTag(tag: string): boolean {
  return BLOCK_TAGS.has(tag);
}

export function collapseWhitespace(text: string): string {
  return text.replace(/(?:\s|\u200b|\u200c|\u200d|\ufeff)+/g, ' ').trim();
}

export function blocksOf(root: DomNode): TextBlock[] {
  const blocks: TextBlock[] = [];
  let parts: string[] = [];
  let linkChars = 0;
  let blockTag = 'div';
  let afterBreak = false;

  const flush = (byBreak: boolean): void => {
    const text = collapseWhitespace(parts.join(''));
    if (text) {
      blocks.push({ text, linkChars: Math.min(linkChars, text.length), tag: blockTag, afterBreak });
      afterBreak = byBreak;
    } else {
      // Two <br> in a row, or a block boundary, mark a new paragraph.
      afterBreak = false;
    }
    parts = [];
    linkChars = 0;
  };

  const walk = (node: DomNode, inLink: boolean): void => {
    if (node.nodeType === TEXT_NODE) {
      const value = node.textContent ?? '';
      parts.push(value);
      if (inLink) linkChars += collapseWhitespace(value).length;
      return;
    }
    if (!isElement(node)) return;
    const tag = tagOf(node);
    if (SKIPPED_TAGS.has(tag)) return;
    if (tag === 'br') {
      flush(true);
      return;
    }
    if (CELL_TAGS.has(tag)) parts.push(' ');
    const block = BLOCK_TAGS.has(tag);
    const outerTag = blockTag;
    if (block) {
      flush(false);
      blockTag = tag;
    }
    const link = inLink || tag === 'a';
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) walk(children[i]!, link);
    if (block) {
      flush(false);
      blockTag = outerTag;
    } else if (CELL_TAGS.has(tag)) {
      parts.push(' ');
    }
  };

  walk(root, false);
  flush(false);
  return blocks;
}

/** Paragraphs separated by a blank line; lines split by <br> stay together. */
export function joinBlocks(blocks: readonly TextBlock[]): string {
  let out = '';
  for (const block of blocks) {
    if (out) out += block.afterBreak ? '\n' : '\n\n';
    out += block.text;
  }
  return out;
}

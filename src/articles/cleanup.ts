// Keeps an extracted article's own paragraphs: drops furniture lines, captions, bylines, date lines,
// link lists and the title repeated in the body, from HTML blocks or from plain-text lines alike.
import { isBylineLine, isContactLine, isDateLine, isFurnitureLine } from './boilerplate.js';
import type { TextBlock } from './blocks.js';

export interface CleanupContext {
  title: string | null;
  byline: string | null;
}

/** Short lines dropped before the first paragraph at most; more than that is the content itself. */
const MAX_LEADING_LABELS = 6;

/** Share of a block's text inside links above which it is a link list, not prose. */
const LINK_LIST_RATIO = 0.5;

/** Words, counting each Han/Kana character as one since those scripts do not space words. */
export function wordCountOf(text: string): number {
  const spaced = text.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
  const ideographs = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
  return spaced + Math.round(ideographs / 2);
}

/** Prose: a sentence-shaped paragraph rather than a label, a date or a headline. */
export function isProse(text: string): boolean {
  const words = wordCountOf(text);
  return words >= 12 || (words >= 5 && /[.!?:;»"”)。！？]$/.test(text));
}

function comparable(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export function isLinkList(block: TextBlock): boolean {
  const linkShare = block.linkChars / block.text.length;
  return linkShare > LINK_LIST_RATIO && (linkShare > 0.8 || wordCountOf(block.text) < 40);
}

export function isFurnitureBlock(block: TextBlock, context: CleanupContext): boolean {
  const text = block.text;
  if (block.tag === 'h1') return true;
  if (isFurnitureLine(text) || isDateLine(text) || isBylineLine(text) || isContactLine(text)) return true;
  const key = comparable(text);
  if (context.title && key === comparable(context.title)) return true;
  if (context.byline && wordCountOf(text) <= 12 && key.includes(comparable(context.byline)) && comparable(context.byline).length > 3) return true;
  return false;
}

export function cleanBlocks(blocks: readonly TextBlock[], context: CleanupContext): TextBlock[] {
  const kept = blocks.filter((b) => !isFurnitureBlock(b, context) && !isLinkList(b));
  // Before the first real paragraph sit kickers, dates, captions and credits, not the story; but a page
  // of short lines (a list, a recipe, a timetable) has no such paragraph and keeps them.
  // Sub-headings stay: they open a section of the story.
  const first = kept.findIndex((b) => isProse(b.text));
  const body = first > 0 && first <= MAX_LEADING_LABELS ? kept.filter((b, i) => i >= first || /^h[2-6]$/.test(b.tag)) : kept;
  const seen = new Set<string>();
  return body.filter((b) => {
    if (wordCountOf(b.text) >= 30) return true;
    const key = comparable(b.text);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

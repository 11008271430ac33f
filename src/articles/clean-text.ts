// Cleans plain text scraped from a page (a feed's content, a copy-paste) line by line, so that only the
// article's own paragraphs survive: no share bars, dates, contact blurbs or lists of other headlines.
import { collapseWhitespace } from './blocks.js';
import { splitSentences } from '../lang/segment.js';
import {
  isBylineLine,
  isContactLine,
  isDateLine,
  isFurnitureLine,
  isSectionHeading,
  isShouted,
  isTeaserFragment,
  stripDateStamp,
} from './boilerplate.js';
import { withoutRunInFurniture } from '../lang/run-in-furniture.js';
import { isProse, wordCountOf } from './cleanup.js';

/** Below this many words a feed item is a teaser and the page is worth fetching. */
export const TEASER_WORDS = 80;

export function isTeaser(text: string): boolean {
  return wordCountOf(text) < TEASER_WORDS;
}

export function cleanArticleText(text: string): string {
  const lines = paragraphsOf(text);
  // A list heading ("LATEST NEWS") starts a new segment; the article is the segment with the most prose.
  const segments: string[][] = [[]];
  for (const line of lines) {
    if (isSectionHeading(line)) segments.push([]);
    else if (isOwnParagraph(line)) {
      const own = withoutFurnitureRunIn(line);
      if (own) segments[segments.length - 1]!.push(own);
    }
  }
  let best: string[] = [];
  let bestWords = 0;
  for (const segment of segments) {
    const words = segment.reduce((n, line) => n + wordCountOf(line), 0);
    if (words > bestWords) {
      best = segment;
      bestWords = words;
    }
  }
  return best.join('\n\n');
}

/** The headline of a scraped text: the first title-shaped line before the first paragraph. */
export function titleOfText(text: string): string | null {
  for (const line of paragraphsOf(text)) {
    if (isProse(line) && !isShouted(line)) return null;
    const words = wordCountOf(line);
    if (words >= 4 && words <= 25 && !isFurnitureLine(line) && !isDateLine(line) && !isBylineLine(line) && !isSectionHeading(line)) return line;
  }
  return null;
}

/** A paragraph without the byline, "Lire aussi :" pointer or programme blurb run into it (no line break between). */
function withoutFurnitureRunIn(paragraph: string): string {
  const sentences = splitSentences(paragraph).map((s) => s.text);
  const kept = withoutRunInFurniture(sentences);
  if (kept.every((k, i) => k === sentences[i])) return paragraph;
  return kept.filter((k): k is string => k !== null).join(' ');
}

function isOwnParagraph(line: string): boolean {
  if (isFurnitureLine(line) || isDateLine(line) || isBylineLine(line) || isContactLine(line) || isTeaserFragment(line)) return false;
  if (isShouted(line) && wordCountOf(line) < 30) return false;
  return isProse(line) || (wordCountOf(line) >= 2 && /[.!?。！？]["”»’)]?$/.test(line));
}

/**
 * Paragraphs of a text: blank lines separate paragraphs; within one, a line break before a lower-case
 * continuation is hard wrapping, any other line break starts a new paragraph.
 */
function paragraphsOf(text: string): string[] {
  const out: string[] = [];
  for (const chunk of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    let current = '';
    for (const raw of chunk.split('\n')) {
      const line = stripDateStamp(collapseWhitespace(raw));
      if (!line) continue;
      if (current && !/[.!?:;。！？"”»]$/.test(current) && /^[\p{Ll}\d(,]/u.test(line)) current += ' ' + line;
      else {
        if (current) out.push(current);
        current = line;
      }
    }
    if (current) out.push(current);
  }
  return out;
}

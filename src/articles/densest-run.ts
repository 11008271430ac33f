// A second opinion on where the article is, independent of Readability's container scoring: the run of
// consecutive page blocks where prose most outweighs furniture (body-text extraction, maximum-sum run).
import type { TextBlock } from './blocks.js';
import { isFurnitureBlock, isLinkList, isProse, wordCountOf } from './cleanup.js';
import type { CleanupContext } from './cleanup.js';

export function densestRun(blocks: readonly TextBlock[], context: CleanupContext): TextBlock[] {
  let best = 0;
  let bestStart = 0;
  let bestEnd = -1;
  let sum = 0;
  let start = 0;
  blocks.forEach((block, i) => {
    sum += weightOf(block, context);
    if (sum <= 0) {
      sum = 0;
      start = i + 1;
    } else if (sum > best) {
      best = sum;
      bestStart = start;
      bestEnd = i;
    }
  });
  return blocks.slice(bestStart, bestEnd + 1);
}

/** Prose counts for its words; furniture and link lists against, so a run stops at the page's chrome. */
function weightOf(block: TextBlock, context: CleanupContext): number {
  const words = wordCountOf(block.text);
  if (isLinkList(block) || isFurnitureBlock(block, context)) return -Math.max(2, words);
  if (isProse(block.text)) return words;
  return -Math.max(1, Math.min(words, 5));
}

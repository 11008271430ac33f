// Summaries of article text: extractive (in-process, English and French) and, optionally, an LLM's.
export { summarize, DEFAULT_WEIGHTS } from './summarize.js';
export type { Summary, SummaryDocument, SummaryOptions, SummaryWeights } from './summarize.js';
export { isFiller } from './filler.js';

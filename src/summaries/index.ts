// Summaries of article text: extractive (in-process, English and French) and, optionally, an LLM's.
export { summarize, DEFAULT_WEIGHTS } from './summarize.js';
export type { Summary, SummaryDocument, SummaryOptions, SummaryWeights } from './summarize.js';
export { splitSentences } from './segment.js';
export type { Sentence } from './segment.js';
export { detectLanguage } from './language.js';
export { isFiller } from './filler.js';

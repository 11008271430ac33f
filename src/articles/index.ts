// Article text: extraction from HTML pages and cleanup of scraped plain text.
export { extractArticle } from './extract.js';
export type { ExtractedArticle } from './extract.js';
export { cleanArticleText, isTeaser, titleOfText, TEASER_WORDS } from './clean-text.js';

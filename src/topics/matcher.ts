// The Sahel topic matcher: a title and a text in, what the item is about and why out. Pure and synchronous;
// the taxonomy is compiled once, on first use.
import { TokenBuffer, tokenize } from './fold.js';
import { compileTaxonomy, type TopicModel } from './model.js';
import { applyRules, datelineLength, leadEnd, type DocContext } from './rules.js';
import { scanField, type Hit } from './scan.js';
import { assess } from './score.js';
import { loadTaxonomy } from './taxonomy.js';

export interface TopicEvidence {
  /** The matched words as written in the item. */
  alias: string;
  /** Topic id: ISO3 for a country, else a place, region, actor, organisation or theme id. */
  topic: string;
  field: 'title' | 'text';
  /** Character offset of the alias in its field. */
  offset: number;
  /** Why the hit does not count ("rule-id: reason"); absent when it counts. */
  cancelledBy?: string;
}

export interface TopicMatch {
  relevant: boolean;
  score: number;
  /** ISO3 codes the item is substantially about, strongest first; empty when not relevant. */
  countries: string[];
  /** Actor and organisation ids (e.g. goita, bazoum, wagner, jnim, ecowas), each followed by the groups it succeeds. */
  actors: string[];
  /** Theme ids (coup, security, humanitarian, mining-energy, migration, climate, elections, foreign-powers). */
  themes: string[];
  evidence: TopicEvidence[];
  /** Which text the pipeline decided on: the feed's, or the article page's when the feed had only a teaser. */
  decidedOn?: 'feed' | 'article';
}

let compiled: TopicModel | null = null;

export function topicModel(): TopicModel {
  compiled ??= compileTaxonomy(loadTaxonomy());
  return compiled;
}

const titleTokens = new TokenBuffer();
const textTokens = new TokenBuffer();

export function matchTopics(doc: { title: string; text?: string }): TopicMatch {
  const model = topicModel();
  const title = doc.title ?? '';
  const text = doc.text ?? '';
  tokenize(title, model.vocabulary, titleTokens);
  tokenize(text, model.vocabulary, textTokens);
  const hits: Hit[] = [];
  scanField(model, titleTokens, 'title', hits);
  scanField(model, textTokens, 'text', hits);

  const context: DocContext = {
    model,
    title,
    text,
    tokens: { title: titleTokens, text: textTokens },
    hits,
    datelineEnd: 0,
    leadEnd: 0,
  };
  if (hits.length === 0) return { relevant: false, score: 0, countries: [], actors: [], themes: [], evidence: [] };
  context.datelineEnd = datelineLength(text);
  context.leadEnd = leadEnd(text, context.datelineEnd);
  applyRules(context);
  const { relevant, score, countries, actors, themes } = assess(context);
  return { relevant, score, countries, actors, themes, evidence: evidenceOf(context) };
}

function evidenceOf(doc: DocContext): TopicEvidence[] {
  const evidence: TopicEvidence[] = [];
  for (const hit of doc.hits) {
    const { role, topic } = hit.entry;
    if (role === 'cue' || role === 'elsewhere' || role === 'theme-part') continue;
    const source = hit.field === 'title' ? doc.title : doc.text;
    const item: TopicEvidence = { alias: source.slice(hit.start, hit.end), topic: topic.id, field: hit.field, offset: hit.start };
    if (hit.cancelledBy !== null) item.cancelledBy = hit.cancelledBy;
    evidence.push(item);
  }
  return evidence;
}

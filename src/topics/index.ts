// Public face of the topic engine: matchTopics() says what an item is about and why; listTopics() lists what can be
// subscribed to, with English and French labels for Discord.
import { topicModel } from './matcher.js';
import type { Topic } from './model.js';

export { matchTopics, type TopicEvidence, type TopicMatch } from './matcher.js';
export { RELEVANCE_THRESHOLD } from './score.js';

export interface TopicInfo {
  id: string;
  en: string;
  fr: string;
  /** Countries only: the flag emoji. */
  flag?: string;
  /** Countries only: true for Mali, Burkina Faso, Niger, Chad, Mauritania; false for the opt-in wider countries. */
  core?: boolean;
}

export function listTopics(): { countries: TopicInfo[]; themes: TopicInfo[]; actors: TopicInfo[]; organisations: TopicInfo[] } {
  const topics = topicModel().topics;
  const info = (t: Topic): TopicInfo => ({ id: t.id, en: t.en, fr: t.fr });
  return {
    countries: topics.filter((t) => t.kind === 'country').map((t) => ({ ...info(t), ...(t.flag ? { flag: t.flag } : {}), core: t.core })),
    themes: topics.filter((t) => t.kind === 'theme').map(info),
    actors: topics.filter((t) => t.kind === 'actor').map(info),
    organisations: topics.filter((t) => t.kind === 'organisation').map(info),
  };
}

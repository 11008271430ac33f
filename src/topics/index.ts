// Public face of the topic engine: matchTopics() says what an item is about and why; listTopics() lists what can be
// subscribed to, with English and French labels for Discord.
//
// Ids, all from data/taxonomy.json: countries are ISO3 (MLI, BFA, NER, TCD, MRT core; NGA, CMR, SEN, SDN wider, opt-in);
// themes are coup, security, humanitarian, mining-energy, migration, climate, elections, foreign-powers; actors and
// organisations share one id space (goita, bazoum, tiani, ibrahim-traore, mahamat-deby, wagner, africa-corps, jnim,
// issp, iswap, boko-haram, fla, csp, cma, ecowas, aes, g5-sahel, minusma, barkhane…). Evidence may also name places
// (bamako, mli-kidal…) and regions (sahel, liptako-gourma, lake-chad), which are not subscribable.
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

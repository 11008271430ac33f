// Which subscriptions want a story: topic filters, minimum score, and what to do with old news.
import type { Subscription } from '../store/types.js';

export interface StoryTopics {
  relevant: boolean;
  score: number;
  countries: string[];
  themes: string[];
}

export type Routing = { deliver: false; why: string } | { deliver: true; status: 'pending' | 'digest'; rehash: boolean };

export function routeToSubscription(sub: Subscription, topics: StoryTopics, rehash: boolean): Routing {
  if (sub.status !== 'active') return { deliver: false, why: 'subscription is not active' };
  if (!topics.relevant) return { deliver: false, why: 'not about the Sahel' };
  if (topics.score < sub.minScore) return { deliver: false, why: `score ${topics.score.toFixed(2)} below ${sub.minScore}` };
  if (sub.countries.length > 0 && !sub.countries.some((c) => topics.countries.includes(c))) return { deliver: false, why: 'no subscribed country' };
  if (sub.themes.length > 0 && !sub.themes.some((t) => topics.themes.includes(t))) return { deliver: false, why: 'no subscribed theme' };
  if (rehash && !sub.includeRehash) return { deliver: false, why: 'older story (rehash)' };
  return { deliver: true, status: sub.mode === 'digest' ? 'digest' : 'pending', rehash };
}

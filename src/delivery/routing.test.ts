import { describe, it, expect } from 'vitest';
import { routeToSubscription } from './routing.js';
import type { Subscription } from '../store/types.js';

const sub = (over: Partial<Subscription> = {}): Subscription => ({
  id: 1, guildId: '1'.repeat(18), channelId: '2'.repeat(18), countries: [], themes: [], minScore: 0, mode: 'realtime',
  digestTime: null, digestTimezone: null, digestPeriod: null, lastDigestAt: null, roleId: null, includeRehash: false,
  status: 'active', statusReason: null, createdBy: null, createdAt: 0, ...over,
});
const niger = { relevant: true, score: 3, countries: ['NER'], themes: ['coup'] };

describe('routeToSubscription', () => {
  it('delivers a relevant story to an unfiltered subscription', () => {
    expect(routeToSubscription(sub(), niger, false)).toEqual({ deliver: true, status: 'pending', rehash: false });
  });
  it('never delivers what is not about the Sahel', () => {
    expect(routeToSubscription(sub(), { ...niger, relevant: false }, false).deliver).toBe(false);
  });
  it('filters by country, theme and score', () => {
    expect(routeToSubscription(sub({ countries: ['MLI'] }), niger, false).deliver).toBe(false);
    expect(routeToSubscription(sub({ countries: ['MLI', 'NER'] }), niger, false).deliver).toBe(true);
    expect(routeToSubscription(sub({ themes: ['humanitarian'] }), niger, false).deliver).toBe(false);
    expect(routeToSubscription(sub({ themes: ['coup'] }), niger, false).deliver).toBe(true);
    expect(routeToSubscription(sub({ minScore: 5 }), niger, false).deliver).toBe(false);
  });
  it('holds back old news unless the subscription asked for it, labelled', () => {
    expect(routeToSubscription(sub(), niger, true).deliver).toBe(false);
    expect(routeToSubscription(sub({ includeRehash: true }), niger, true)).toEqual({ deliver: true, status: 'pending', rehash: true });
  });
  it('collects for the digest in digest mode', () => {
    expect(routeToSubscription(sub({ mode: 'digest' }), niger, false)).toEqual({ deliver: true, status: 'digest', rehash: false });
  });
  it('sends nothing to a broken subscription', () => {
    expect(routeToSubscription(sub({ status: 'broken' }), niger, false).deliver).toBe(false);
  });
});

import { describe, it, expect } from 'vitest';
import { backoffDelay, nextSlot, slotOffset, BACKOFF_CAP_MS, MINUTE } from './timing.js';

describe('slot spreading', () => {
  const interval = 10 * MINUTE;

  it('gives each feed a stable slot inside the interval', () => {
    const url = 'https://www.rfi.fr/fr/afrique/rss';
    expect(slotOffset(url, interval)).toBe(slotOffset(url, interval));
    expect(slotOffset(url, interval)).toBeGreaterThanOrEqual(0);
    expect(slotOffset(url, interval)).toBeLessThan(interval);
  });

  it('spreads 300 feeds over the interval instead of firing them together', () => {
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 300; i++) buckets[Math.floor(slotOffset(`https://site${i}.example/feed`, interval) / MINUTE)]++;
    // Every minute of the interval gets some feeds and none gets more than a fifth of them.
    expect(Math.min(...buckets)).toBeGreaterThan(0);
    expect(Math.max(...buckets)).toBeLessThan(60);
  });

  it('next slot is strictly later, on the slot, and at most one interval away', () => {
    const url = 'https://feed.example/rss';
    const offset = slotOffset(url, interval);
    for (const after of [0, 1, offset, offset + 1, 1_700_000_000_000, 1_700_000_000_000 + offset]) {
      const t = nextSlot(url, interval, after);
      expect(t).toBeGreaterThan(after);
      expect(t - after).toBeLessThanOrEqual(interval);
      expect(((t - offset) % interval + interval) % interval).toBe(0);
    }
  });
});

describe('backoff', () => {
  it('doubles from 5 minutes', () => {
    expect(backoffDelay(1)).toBe(5 * MINUTE);
    expect(backoffDelay(2)).toBe(10 * MINUTE);
    expect(backoffDelay(3)).toBe(20 * MINUTE);
    expect(backoffDelay(5)).toBe(80 * MINUTE);
  });

  it('is capped at 24 hours', () => {
    expect(backoffDelay(9)).toBe(1280 * MINUTE);
    expect(backoffDelay(10)).toBe(BACKOFF_CAP_MS);
    expect(backoffDelay(60)).toBe(BACKOFF_CAP_MS);
  });

  it('honours a longer Retry-After but never beyond the cap', () => {
    expect(backoffDelay(1, 30 * MINUTE)).toBe(30 * MINUTE);
    expect(backoffDelay(3, 1000)).toBe(20 * MINUTE);
    expect(backoffDelay(1, 10 * BACKOFF_CAP_MS)).toBe(BACKOFF_CAP_MS);
  });
});

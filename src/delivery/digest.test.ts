import { describe, it, expect } from 'vitest';
import { nextDigestAt, zonedTime, parseDigestTime, isValidTimeZone, rankForDigest } from './digest.js';
import type { Story } from '../store/types.js';

describe('digest timing', () => {
  it('fires at the local time in the subscription time zone', () => {
    // 2024-06-10 06:00 UTC; Bamako is UTC+0, Paris UTC+2 in summer.
    const after = Date.UTC(2024, 5, 10, 6, 0);
    expect(nextDigestAt({ digestTime: '08:00', digestTimezone: 'Africa/Bamako', digestPeriod: 'daily' }, after)).toBe(Date.UTC(2024, 5, 10, 8, 0));
    expect(nextDigestAt({ digestTime: '08:00', digestTimezone: 'Europe/Paris', digestPeriod: 'daily' }, after)).toBe(Date.UTC(2024, 5, 11, 6, 0));
    expect(nextDigestAt({ digestTime: '07:30', digestTimezone: 'Africa/Ndjamena', digestPeriod: 'daily' }, after)).toBe(Date.UTC(2024, 5, 10, 6, 30));
  });

  it('is strictly after the last digest, so a digest never fires twice', () => {
    const at = Date.UTC(2024, 5, 10, 8, 0);
    expect(nextDigestAt({ digestTime: '08:00', digestTimezone: 'UTC', digestPeriod: 'daily' }, at)).toBe(at + 86_400_000);
  });

  it('weekly digests fall on Mondays', () => {
    const wed = Date.UTC(2024, 5, 12, 12, 0);
    const next = nextDigestAt({ digestTime: '09:00', digestTimezone: 'UTC', digestPeriod: 'weekly' }, wed);
    expect(new Date(next).getUTCDay()).toBe(1);
    expect(next).toBe(Date.UTC(2024, 5, 17, 9, 0));
  });

  it('handles the daylight-saving jump', () => {
    // Paris switched to summer time on 2024-03-31 at 02:00.
    expect(zonedTime(2024, 2, 31, 8, 0, 'Europe/Paris')).toBe(Date.UTC(2024, 2, 31, 6, 0));
    expect(zonedTime(2024, 2, 30, 8, 0, 'Europe/Paris')).toBe(Date.UTC(2024, 2, 30, 7, 0));
  });

  it('parses times and zones people type', () => {
    expect(parseDigestTime('8:05')).toEqual({ h: 8, min: 5 });
    expect(parseDigestTime('18h30')).toEqual({ h: 18, min: 30 });
    expect(parseDigestTime('25:00')).toBeNull();
    expect(isValidTimeZone('Africa/Niamey')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('rankForDigest', () => {
  const s = (id: number, sourceCount: number, score: number): Story => ({ id, originalItemId: null, bestItemId: null, title: `s${id}`, link: null, summary: null, countries: [], themes: [], score, relevant: true, sourceCount, eventDate: null, firstSeenAt: id, lastSeenAt: id });
  it('puts widely reported, high-scoring stories first', () => {
    expect(rankForDigest([s(1, 1, 5), s(2, 4, 1), s(3, 1, 9)]).map((x) => x.id)).toEqual([2, 3, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './languages.js';
import { PACKS, packOf } from './packs.js';

// A third language is a new pack: this walks every pack for what the stages rely on.
describe.each(PACKS.map((p) => [p.lang, p] as const))('language pack %s', (lang, pack) => {
  const folded = (w: string) => w === w.toLowerCase() && w === w.normalize('NFD').replace(/\p{M}/gu, '');

  it('is the pack of its language', () => {
    expect(LANGUAGES).toContain(lang);
    expect(packOf(lang)).toBe(pack);
    expect(pack.name).toMatch(/^[A-Z]/);
  });

  it('names 12 months and 7 weekdays, lower-case and accent-folded', () => {
    expect(pack.months).toHaveLength(12);
    expect(pack.monthAbbreviations).toHaveLength(12);
    for (const names of pack.months) expect(names.length).toBeGreaterThan(0);
    expect(pack.weekdays).toHaveLength(7);
    expect(new Set(pack.weekdays).size).toBe(7);
    for (const w of [...pack.months.flat(), ...pack.monthAbbreviations.flat(), ...pack.weekdays, ...pack.weekdayAbbreviations]) expect(folded(w), w).toBe(true);
  });

  it('has stopwords for story matching (folded) and for summaries', () => {
    expect(pack.storyStopwords.length).toBeGreaterThan(50);
    expect(pack.summaryStopwords.length).toBeGreaterThan(50);
    for (const w of [...pack.storyStopwords, ...pack.notNames]) expect(folded(w), w).toBe(true);
  });

  it('has the words around dates, each a valid regular expression', () => {
    const w = pack.dateWords;
    for (const list of [w.yearPrepositions, w.since, w.periodFrom, w.periodTo, w.future, w.next]) expect(list.length).toBeGreaterThan(0);
    for (const source of Object.values(w).flat()) expect(() => new RegExp(source)).not.toThrow();
  });

  it('has function words for language detection', () => {
    expect(pack.detectionWords.length).toBeGreaterThan(20);
  });

  it('has filler patterns and a stemmer that returns a string', () => {
    expect(pack.filler.length).toBeGreaterThan(0);
    for (const p of pack.filler) expect(p).toBeInstanceOf(RegExp);
    for (const w of [...pack.summaryStopwords.slice(0, 20), 'militaires', 'elections', 'x']) {
      expect(typeof pack.stem(w)).toBe('string');
      expect(pack.stem(w).length).toBeGreaterThan(0);
    }
  });

  it('says yesterday, today and tomorrow, and a week before and after', () => {
    const offsets = new Set(Object.values(pack.relativeDays));
    for (const day of [-1, 0, 1]) expect(offsets.has(day), `a phrase for day ${day}`).toBe(true);
    const weeks = Object.values(pack.relativeWeeks);
    expect(weeks.some(([days, precision]) => days < 0 && precision === 'week')).toBe(true);
    expect(weeks.some(([days, precision]) => days === 0 && precision === 'week')).toBe(true);
  });
});

describe('PACKS', () => {
  it('holds one pack per language, in the order of LANGUAGES', () => {
    expect(PACKS.map((p) => p.lang)).toEqual([...LANGUAGES]);
  });

  it('no word names two different months or weekdays across packs', () => {
    const month = new Map<string, number>();
    const weekday = new Map<string, number>();
    for (const p of PACKS) {
      p.months.forEach((names, i) => names.forEach((n) => {
        expect(month.get(n) ?? i, n).toBe(i);
        month.set(n, i);
      }));
      p.weekdays.forEach((n, i) => {
        expect(weekday.get(n) ?? i, n).toBe(i);
        weekday.set(n, i);
      });
    }
  });
});

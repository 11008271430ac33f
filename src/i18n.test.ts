import { describe, it, expect } from 'vitest';
import { STRINGS, langOf, storyCount, t, type StringKey } from './i18n.js';

const keys = Object.keys(STRINGS) as StringKey[];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the string table', () => {
  it('has both languages for every key, with the same placeholders', () => {
    for (const key of keys) {
      const { en, fr } = STRINGS[key];
      expect(en.trim(), key).not.toBe('');
      expect(fr.trim(), key).not.toBe('');
      expect(placeholders(fr), key).toEqual(placeholders(en));
    }
  });

  it('keeps Discord markup (mentions, code, bold, links) identical in French', () => {
    const markup = (s: string) => [...s.matchAll(/<[#@&]+\{\w+\}>|<\{\w+\}>|\*\*/g)].map((m) => m[0]).sort();
    for (const key of keys) expect(markup(STRINGS[key].fr), key).toEqual(markup(STRINGS[key].en));
  });

  it('uses French quotation marks and a space before a colon in French', () => {
    for (const key of keys) {
      const fr = STRINGS[key].fr;
      // Straight double quotes are English typography; French uses « … ».
      expect(fr, key).not.toMatch(/"[^"<>]*"(?![^<]*>)/);
      // "mot: texte" is English; French writes "mot : texte" (URLs, times and emoji codes excepted).
      expect(fr.replace(/https?:\/\/|\d:\d|<t:[^>]*>|`[^`]*`/g, ''), key).not.toMatch(/[\p{L})*]:(\s|$)/u);
    }
  });

  it('translates replies rather than copying the English', () => {
    const same = keys.filter((k) => STRINGS[k].en === STRINGS[k].fr);
    // Only words that are the same in both languages, or numbers-only strings.
    expect(same.sort()).toEqual(['btnSources', 'organisations', 'source', 'sourceCount', 'whyScore'].sort());
  });
});

describe('t', () => {
  it('fills placeholders and leaves user text that looks like one alone', () => {
    expect(t('fr', 'unknownCountry', { value: 'Atlantis' })).toBe('Pays inconnu : « Atlantis ». Voir /sahel sujets pour la liste.');
    expect(t('en', 'unknownCountry', { value: '{value}' })).toBe('Unknown country "{value}". See /sahel topics for the list.');
    expect(t('fr', 'feedRemoved', { name: '{name} $& $1' })).toBe('🗑️ Ce serveur ne suit plus **{name} $& $1**.');
  });

  it('counts stories in both languages', () => {
    expect(storyCount('en', 1)).toBe('1 story');
    expect(storyCount('en', 6)).toBe('6 stories');
    expect(storyCount('fr', 1)).toBe('1 histoire');
    expect(storyCount('fr', 0)).toBe('0 histoires');
  });
});

describe('langOf', () => {
  it('maps Discord locales to ours', () => {
    expect(langOf('fr')).toBe('fr');
    expect(langOf('FR')).toBe('fr');
    expect(langOf('en-US')).toBe('en');
    expect(langOf('de')).toBe('en');
    expect(langOf(null)).toBe('en');
    expect(langOf(undefined)).toBe('en');
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_LANG, LANGUAGES, isLang } from './languages.js';

describe('isLang', () => {
  it('accepts each of LANGUAGES and nothing else', () => {
    for (const lang of LANGUAGES) expect(isLang(lang)).toBe(true);
    for (const other of ['de', 'EN', 'en-US', '', null, undefined, 1]) expect(isLang(other)).toBe(false);
    expect(isLang(DEFAULT_LANG)).toBe(true);
  });
});

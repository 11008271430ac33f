import { describe, expect, it } from 'vitest';
import { contentStems, stemOf } from './words.js';

describe('stemOf', () => {
  it("stems by the text's language, not by the word's letters", () => {
    expect(stemOf('elections', 'en')).toBe('elect');
    expect(stemOf('militaires', 'fr')).toBe('militair');
    // An accented or hyphenated word in English text is left alone (it used to get the French endings cut).
    expect(stemOf('protégés', 'en')).toBe('protégés');
    expect(stemOf('follow-ups', 'en')).toBe('follow-ups');
  });

  it('leaves words of a language without a pack, or of an unknown one, unstemmed', () => {
    expect(stemOf('wahlen', 'de')).toBe('wahlen');
    expect(stemOf('elections', null)).toBe('elections');
  });

  it('drops every language’s stopwords', () => {
    expect(contentStems('The soldiers said les militaires', 'en')).toEqual(['soldier', 'militair']);
  });
});

import { describe, expect, it } from 'vitest';
import { ALL_UPPER, FIRST_UPPER, SENTENCE_START, SPACE_BEFORE, TokenBuffer, Vocabulary, foldText, tokenize } from './fold.js';

function words(text: string, vocabulary = new Vocabulary()): { word: string; flags: number; id: number }[] {
  const out = new TokenBuffer();
  tokenize(text, vocabulary, out);
  const list = [];
  for (let k = 0; k < out.count; k++) list.push({ word: text.slice(out.start[k], out.end[k]), flags: out.flags[k]!, id: out.id[k]! });
  return list;
}

describe('foldText', () => {
  it('drops case and diacritics', () => {
    expect(foldText('Goïta')).toBe('goita');
    expect(foldText('TILLABÉRI')).toBe('tillaberi');
    expect(foldText('Ségou, Djenné, Ménaka')).toBe('segou djenne menaka');
  });

  it('treats every apostrophe and hyphen as a word break', () => {
    expect(foldText("N'Djamena")).toBe('n djamena');
    expect(foldText('N’Djaména')).toBe('n djamena');
    expect(foldText('Nʼdjamena')).toBe('n djamena');
    expect(foldText('Bobo-Dioulasso')).toBe(foldText('Bobo Dioulasso'));
    expect(foldText('coup d’État')).toBe(foldText("coup d'Etat"));
    expect(foldText('G5–Sahel')).toBe('g5 sahel');
  });

  it('expands ligatures and folds West African letters', () => {
    expect(foldText('cœur Œuvre')).toBe('coeur oeuvre');
    expect(foldText('ɗan Mali ƙasa')).toBe('dan mali kasa');
  });

  it('keeps words whole across soft hyphens, zero-width characters and combining marks', () => {
    expect(foldText('Bur\u00adkina')).toBe('burkina');
    expect(foldText('K\ufeffungiyar')).toBe('kungiyar');
    expect(foldText('Goi\u0308ta')).toBe('goita');
  });

  it('keeps nigérien (Niger) and nigérian (Nigeria) apart', () => {
    expect(foldText('nigérien')).toBe('nigerien');
    expect(foldText('nigérian')).toBe('nigerian');
  });
});

describe('tokenize', () => {
  it('gives offsets into the original string', () => {
    const text = '« La junte à Niamey », dit-il.';
    const list = words(text);
    expect(list.map((t) => t.word)).toEqual(['La', 'junte', 'à', 'Niamey', 'dit', 'il']);
  });

  it('flags capitals, acronyms, sentence starts and single-space joins', () => {
    const list = words('PUTIN talks. Chad Pennington, Mali');
    expect(list[0]!.flags & ALL_UPPER).toBeTruthy();
    expect(list[0]!.flags & SENTENCE_START).toBeTruthy();
    expect(list[1]!.flags & FIRST_UPPER).toBe(0);
    expect(list[2]!.flags & SENTENCE_START).toBeTruthy();
    expect(list[3]!.flags & SPACE_BEFORE).toBeTruthy();
    expect(list[3]!.flags & FIRST_UPPER).toBeTruthy();
    expect(list[4]!.flags & SPACE_BEFORE).toBe(0);
  });

  it('finds vocabulary words whatever their accents or case, and no others', () => {
    const vocabulary = new Vocabulary();
    const goita = vocabulary.intern('goita');
    const list = words('GOÏTA, Goita et goïta — pas Goitas', vocabulary);
    expect(list.map((t) => t.id)).toEqual([goita, goita, -1, goita, -1, -1]);
  });

  it('survives emoji, lone surrogates and an empty string', () => {
    expect(words('Mali 🇲🇱 \ud800 ok').map((t) => t.word)).toEqual(['Mali', 'ok']);
    expect(words('')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { refersBack, splitSentences } from './segment.js';

const texts = (text: string): string[] => splitSentences(text).map((s) => s.text);

describe('splitSentences', () => {
  it('keeps English abbreviations and initials inside the sentence', () => {
    expect(texts('The U.S. Army said on Tuesday it would leave. Gen. Smith met Dr. Jones and J. K. Rowling at 5 p.m. on Monday.')).toEqual([
      'The U.S. Army said on Tuesday it would leave.',
      'Gen. Smith met Dr. Jones and J. K. Rowling at 5 p.m. on Monday.',
    ]);
  });

  it('ends a sentence on an acronym when a sentence opener follows', () => {
    expect(texts('Troops left the U.S. The move surprised many.')).toEqual(['Troops left the U.S.', 'The move surprised many.']);
    expect(texts('He listed apples, pears, etc. The list was long.')).toEqual(['He listed apples, pears, etc.', 'The list was long.']);
  });

  it('keeps a quotation whole and splits after its closing mark', () => {
    expect(texts('“We will win. We are ready,” he said. Then he left.')).toEqual(['“We will win. We are ready,” he said.', 'Then he left.']);
    expect(texts('She said "It is over." Nobody answered.')).toEqual(['She said "It is over."', 'Nobody answered.']);
  });

  it('handles French titles and spacing before « », ; : ? and !', () => {
    expect(
      texts('M. Goïta a reçu Mme Dupont à Bamako. « Nous allons gagner. » Il a ajouté : « C\'est fini ! » Pourquoi ? Parce que la junte a refusé ; les pourparlers ont échoué.'),
    ).toEqual([
      'M. Goïta a reçu Mme Dupont à Bamako.',
      '« Nous allons gagner. »',
      "Il a ajouté : « C'est fini ! »",
      'Pourquoi ?',
      'Parce que la junte a refusé ; les pourparlers ont échoué.',
    ]);
  });

  it('does not split on decimals, ellipses before lower case, or mid-sentence marks', () => {
    expect(texts('Prices rose 3.5% in 2023. Analysts expect more... but not much. Really?! Yes.')).toEqual([
      'Prices rose 3.5% in 2023.',
      'Analysts expect more... but not much.',
      'Really?!',
      'Yes.',
    ]);
  });

  it('treats line breaks as boundaries and numbers paragraphs and sentences', () => {
    const sentences = splitSentences('First paragraph. Still first\n\nSecond paragraph\nThird one.');
    expect(sentences.map((s) => [s.text, s.paragraph, s.index])).toEqual([
      ['First paragraph.', 0, 0],
      ['Still first', 0, 1],
      ['Second paragraph', 1, 2],
      ['Third one.', 2, 3],
    ]);
  });
});

describe('splitSentences on hostile input', () => {
  it('splits 800 KB of initials that never end a sentence in linear time', () => {
    const text = `The army said M. ${'A. B. C. D. '.repeat(66_000)}Then it left. It came back.`;
    const started = performance.now();
    const sentences = splitSentences(text);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(sentences).toHaveLength(2);
    expect(sentences[0]!.text.endsWith('D. Then it left.')).toBe(true);
    expect(sentences[1]!.text).toBe('It came back.');
  });
});

describe('refersBack', () => {
  it('knows demonstratives, pronouns and "the"/"le" before a noun naming what was just reported', () => {
    for (const sentence of [
      'Le message appelle les soldats à déposer les armes.',
      'This came after a week of clashes in the north.',
      'Ce dernier a démenti toute implication.',
      'He said the talks would resume next month.',
      'The move follows months of pressure from Ecowas.',
      'Mais ces familles n’ont reçu aucune aide.',
      'Selon lui, les assaillants venaient du Mali.',
      'C’est la troisième attaque dans la commune.',
      'L’attaque a été revendiquée par le JNIM.',
    ]) expect(refersBack(sentence), sentence).toBe(true);
  });

  it('leaves sentences that stand alone: names, times, impersonal subjects, complements, pictures', () => {
    for (const sentence of [
      'Le président du Burkina Faso aurait été arrêté par des soldats.',
      'The attack on the base killed 19 soldiers.',
      'Cette semaine, la junte a fermé la frontière.',
      'This year the rains came late in the Sahel.',
      'Il y a eu 19 morts selon la mairie.',
      'Il est difficile de joindre les habitants.',
      'It is not clear who carried out the attack.',
      'La décision de fermer la frontière a surpris les commerçants.',
      'This mirror (left) is said to be haunted.',
      'The junta said on Tuesday it would leave Ecowas.',
    ]) expect(refersBack(sentence), sentence).toBe(false);
  });

  it('reads a hostile 200 KB sentence in linear time', () => {
    for (const hostile of ['Il '.repeat(70_000), 'It is ' + 'a'.repeat(200_000), 'The message ' + '( left '.repeat(30_000), 'pictured '.repeat(25_000)]) {
      const started = performance.now();
      refersBack(hostile);
      expect(performance.now() - started).toBeLessThan(100);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { withoutRunInFurniture } from './run-in-furniture.js';

describe('withoutRunInFurniture on hostile input', () => {
  it('reads 200 KB sentences built against each pattern in linear time', () => {
    const hostile = [
      'Awa Kindo '.repeat(20_000) + ', BBC',
      'Aa, '.repeat(50_000),
      'Aaaa Aaaa et Bbbb Bbbb, Cccc, '.repeat(7_000),
      'Lire aussi sur ' + 'x '.repeat(100_000),
      'A surtout lire ' + 'sur '.repeat(50_000),
      'Cette semaine dans ' + 'a '.repeat(100_000),
      'D’autres sujets ' + 'de '.repeat(70_000),
      'émission '.repeat(22_000) + 'présentée',
      'programme '.repeat(20_000) + 'is presented by',
      'Listen ' + 'on '.repeat(70_000),
      'is a weekly programme '.repeat(9_000),
    ];
    for (const sentence of hostile) {
      expect(sentence.length).toBeGreaterThan(190_000);
      const started = performance.now();
      withoutRunInFurniture([sentence, sentence]);
      expect(performance.now() - started, sentence.slice(0, 30)).toBeLessThan(100);
    }
  });
});

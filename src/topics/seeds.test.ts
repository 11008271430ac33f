import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matchTopics } from './index.js';

const SEEDS = path.resolve(fileURLToPath(new URL('../../../shared/seeds', import.meta.url)));
const seedFiles = existsSync(SEEDS) ? readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort() : [];

/** A seed's first lines are its title area: up to and including the first line of five words or more. */
function splitSeed(content: string): { title: string; text: string } {
  const lines = content.split('\n');
  const title: string[] = [];
  let k = 0;
  while (k < lines.length) {
    const line = lines[k++]!;
    if (line.trim() === '') continue;
    title.push(line);
    if (line.trim().split(/\s+/).length >= 5) break;
  }
  return { title: title.join('\n'), text: lines.slice(k).join('\n') };
}

describe('seed design documents', () => {
  it.skipIf(seedFiles.length === 0)('there are two of them', () => {
    expect(seedFiles).toHaveLength(2);
  });

  for (const file of seedFiles.length ? seedFiles : ['(seeds absent)']) {
    it.skipIf(seedFiles.length === 0)(`${file}: a Sahel coup story about Niger and Mali, with Goïta, Bazoum and Wagner`, () => {
      const seed = readFileSync(path.join(SEEDS, file), 'utf8');
      const m = matchTopics(splitSeed(seed));
      expect(m.relevant).toBe(true);
      expect(m.countries).toEqual(expect.arrayContaining(['NER', 'MLI']));
      expect(m.actors).toEqual(expect.arrayContaining(['goita', 'bazoum', 'wagner']));
      expect(m.themes).toContain('coup');
      expect(m.evidence.some((e) => e.topic === 'wagner' && /Wagner/.test(e.alias) && !e.cancelledBy)).toBe(true);
    });
  }
});

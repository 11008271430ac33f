// The feeds corpus evaluation as a test: every file of the shared corpora parses or is rejected with our
// typed error (never a crash), and every feedparser date vector is read to the second.
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { DEFAULT_DATA, evaluateFeeds } from './feeds.js';

describe('feeds corpus evaluation', () => {
  it.skipIf(!existsSync(DEFAULT_DATA))('has no crash over the corpora and passes every date vector', async () => {
    const result = await evaluateFeeds(DEFAULT_DATA);
    const crashes = result.outcomes.filter((o) => o.kind === 'crash').map((o) => `${o.corpus}/${o.file}: ${o.error}`);
    expect(crashes).toEqual([]);
    // Something was actually read: an empty or misplaced corpus must not pass as "no crashes".
    expect(result.outcomes.filter((o) => o.kind === 'parsed').length).toBeGreaterThan(1000);
    expect(result.dateVectors).toBeGreaterThan(0);
    expect(result.dateFailures).toEqual([]);
    expect(result.datePass).toBe(result.dateVectors);
  });
});

import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadDefaultFeeds } from '../app/runtime.js';
import { openTestStore } from '../../test/store.js';

const T0 = Date.UTC(2024, 5, 10, 12);

describe('default feeds', () => {
  it('takes a per-feed poll interval from the feeds file, counts only new feeds, and follows later edits of the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sahel-feeds-'));
    const file = join(dir, 'feeds.json');
    writeFileSync(file, JSON.stringify({ feeds: [
      { url: 'https://wire.example/rss', title: 'Wire', intervalMinutes: 5 },
      { url: 'https://weekly.example/feed', title: 'Weekly', intervalMinutes: 240 },
      { url: 'https://daily.example/atom' },
    ] }));
    const store = await openTestStore('feeds');
    try {
      expect(await store.feeds.upsertDefaults(loadDefaultFeeds(file), T0)).toBe(3);
      expect((await store.feeds.byUrl('https://wire.example/rss'))!.intervalMs).toBe(5 * 60_000);
      expect((await store.feeds.byUrl('https://weekly.example/feed'))!.intervalMs).toBe(240 * 60_000);
      expect((await store.feeds.byUrl('https://daily.example/atom'))!.intervalMs).toBeNull();

      // The operator drops the override and adds a feed: one new, the interval back to the global one.
      writeFileSync(file, JSON.stringify({ feeds: [
        { url: 'https://wire.example/rss', title: 'Wire' },
        { url: 'https://weekly.example/feed', intervalMinutes: 240 },
        { url: 'https://daily.example/atom' },
        { url: 'https://new.example/rss' },
      ] }));
      expect(await store.feeds.upsertDefaults(loadDefaultFeeds(file), T0)).toBe(1);
      expect((await store.feeds.byUrl('https://wire.example/rss'))!.intervalMs).toBeNull();
      expect((await store.feeds.byUrl('https://weekly.example/feed'))!.title).toBe('Weekly');
    } finally {
      await store.close();
    }
  });

  it('refuses an interval under 2 minutes, naming the entry', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sahel-feeds-')), 'feeds.json');
    writeFileSync(file, JSON.stringify({ feeds: [{ url: 'https://a.example/rss' }, { url: 'https://b.example/rss', intervalMinutes: 1 }] }));
    expect(() => loadDefaultFeeds(file)).toThrow(/FEEDS_FILE .*feeds\.1\.intervalMinutes/);
  });
});

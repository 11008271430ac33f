// The story clusterer over a real SQLite file: rebuilt from stored fingerprints, and from stored text when a
// fingerprint was written by an older format.
import { describe, it, expect, afterEach } from 'vitest';
import type { StoredFingerprint, NewItem, Store } from '../store/index.js';
import { StoryIndex } from '../stories/index.js';
import { createStoryClusterer } from './stories.js';
import { openTestStore } from '../../test/store.js';

const T0 = Date.UTC(2024, 5, 10, 12, 0, 0);
let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

const report: NewItem = {
  feedId: 0, identity: 'kidal-1', title: 'Mali army retakes Kidal from Tuareg rebels',
  text: 'Malian troops backed by Russian paramilitaries took control of Kidal on Tuesday, the stronghold of the Tuareg-led CSP rebels, the transitional government in Bamako said.',
  link: 'https://wire.example/kidal', canonicalUrl: 'https://wire.example/kidal', author: null, publishedAt: T0, fetchedAt: T0, lang: 'en',
  relevant: true, score: 9, countries: ['MLI'], themes: ['security'], actors: [], topicMatch: null, articleText: null, summary: null, fingerprint: null,
};

describe('createStoryClusterer', () => {
  it('recomputes a fingerprint of an older format from the stored text, keeps it, and clusters with it', async () => {
    store = await openTestStore('clusterer');
    const feedId = (await store.feeds.ensure('https://wire.example/feed', 0)).id;
    const storyId = await store.stories.create({ originalItemId: null, bestItemId: null, title: report.title, link: report.link, summary: null, countries: ['MLI'], themes: [], score: 9, relevant: true, eventDate: null, firstSeenAt: T0, lastSeenAt: T0 });
    // Version byte 1: the format before kinds of event and places were kept.
    const oldFormat = Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const itemId = await store.items.insert({ ...report, feedId, storyId, fingerprint: oldFormat });

    const clusterer = await createStoryClusterer(store, { rehashDays: 7 });
    expect(clusterer.size).toBe(1);
    const fingerprints: StoredFingerprint[] = [];
    for await (const fp of store.items.fingerprints()) fingerprints.push(fp);
    const [stored] = fingerprints;
    expect(stored!.itemId).toBe(itemId);
    expect(StoryIndex.deserialise(stored!.fingerprint).dated).toBe(true);

    const copy = clusterer.assign({ title: report.title, text: report.text, url: 'https://other.example/kidal-copy', publishedAt: T0 + 3600_000 }, T0 + 3600_000);
    expect(copy.storyId).toBe(storyId);
  });
});

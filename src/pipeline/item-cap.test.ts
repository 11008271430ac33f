// Issue 12 §3: a feed of thousands of entries is taken per poll as its newest N — through a real loopback HTTP
// server, pollFeed and SQLite — and the rest are counted in one log line, not stored in one long poll.
import { describe, it, expect } from 'vitest';
import { pollFeed } from './ingest.js';
import { parseFeed } from '../feeds/parse.js';
import { usePipelineFixture } from '../../test/pipeline-deps.js';
import { rss2, sahelItem } from '../../test/feed-server.js';

const T0 = Date.UTC(2024, 5, 10, 12, 0, 0);
const CAP = 50;
const ENTRIES = 5000;

const fx = usePipelineFixture('item-cap', T0, { captureLog: true, options: { maxItemsPerPoll: CAP } });

describe('items taken per feed per poll', () => {
  it(`a ${ENTRIES}-entry feed stores its newest ${CAP}, whatever their place in the feed, and says so in one line`, async () => {
    // Entry i is published i minutes after the first; the feed lists them in a scrambled order.
    const order = Array.from({ length: ENTRIES }, (_, k) => (k * 2477) % ENTRIES);
    const xml = rss2(order.map((i) => ({ ...sahelItem(i), pubDate: Date.UTC(2024, 5, 1) + i * 60_000 })));
    fx.server.setFeed('/many.xml', xml);
    const all = await parseFeed(xml, fx.server.url('/many.xml'), T0);
    const byDate = [...all.items].sort((a, b) => b.publishedAt! - a.publishedAt!).map((i) => i.identity);

    const feed = await fx.store.feeds.ensure(fx.server.url('/many.xml'), fx.clock.now(), 'Many');
    const out = await pollFeed(fx.deps, feed);

    expect(out.status).toBe('first-run');
    expect(await fx.store.items.count()).toBe(CAP);
    expect((await fx.store.items.knownIdentities(feed.id, byDate.slice(0, CAP))).size).toBe(CAP);
    expect((await fx.store.items.knownIdentities(feed.id, byDate.slice(CAP))).size).toBe(0);
    const capped = fx.lines.filter((l) => l.msg === 'feed has more entries than are taken per poll; only the newest were read');
    expect(capped).toHaveLength(1);
    expect(capped[0]).toMatchObject({ level: 40, feed: fx.server.url('/many.xml'), taken: CAP, leftOut: ENTRIES - CAP });
  });

  it('a feed within the cap is read whole, without that line', async () => {
    fx.server.setFeed('/few.xml', rss2(Array.from({ length: CAP }, (_, i) => sahelItem(i))));
    const feed = await fx.store.feeds.ensure(fx.server.url('/few.xml'), fx.clock.now(), 'Few');
    await pollFeed(fx.deps, feed);
    expect(await fx.store.items.count()).toBe(CAP);
    expect(fx.lines.filter((l) => l.level === 40)).toHaveLength(0);
  });
});

// Issue 12 §3: a feed of thousands of entries is taken per poll as its newest N — through a real loopback HTTP
// server, pollFeed and SQLite — and the rest are counted in one log line, not stored in one long poll.
import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../store/index.js';
import { ManualClock } from '../clock.js';
import { pollFeed, type PipelineDeps } from './ingest.js';
import { parseFeed } from '../feeds/parse.js';
import { testPipelineDeps, capturingLogger } from '../../test/pipeline-deps.js';
import { startFeedServer, rss2, sahelItem, type FeedServer } from '../../test/feed-server.js';

const T0 = Date.UTC(2024, 5, 10, 12, 0, 0);
const CAP = 50;
const ENTRIES = 5000;

let feeds: FeedServer;
let store: Store;
let clock: ManualClock;
let deps: PipelineDeps;
let lines: Array<Record<string, unknown>>;

beforeAll(async () => {
  feeds = await startFeedServer();
});
afterAll(async () => {
  await feeds.close();
});

beforeEach(() => {
  store = Store.open(join(mkdtempSync(join(tmpdir(), 'sahel-item-cap-')), 'db.sqlite'));
  clock = new ManualClock(T0);
  lines = [];
  deps = testPipelineDeps(store, clock, capturingLogger(lines), { maxItemsPerPoll: CAP });
});
afterEach(() => store.close());

describe('items taken per feed per poll', () => {
  it(`a ${ENTRIES}-entry feed stores its newest ${CAP}, whatever their place in the feed, and says so in one line`, async () => {
    // Entry i is published i minutes after the first; the feed lists them in a scrambled order.
    const order = Array.from({ length: ENTRIES }, (_, k) => (k * 2477) % ENTRIES);
    const xml = rss2(order.map((i) => ({ ...sahelItem(i), pubDate: Date.UTC(2024, 5, 1) + i * 60_000 })));
    feeds.setFeed('/many.xml', xml);
    const all = await parseFeed(xml, feeds.url('/many.xml'), T0);
    const byDate = [...all.items].sort((a, b) => b.publishedAt! - a.publishedAt!).map((i) => i.identity);

    const feed = store.feeds.ensure(feeds.url('/many.xml'), clock.now(), 'Many');
    const out = await pollFeed(deps, feed);

    expect(out.status).toBe('first-run');
    expect(store.items.count()).toBe(CAP);
    expect(store.items.knownIdentities(feed.id, byDate.slice(0, CAP)).size).toBe(CAP);
    expect(store.items.knownIdentities(feed.id, byDate.slice(CAP)).size).toBe(0);
    const capped = lines.filter((l) => l.msg === 'feed has more entries than are taken per poll; only the newest were read');
    expect(capped).toHaveLength(1);
    expect(capped[0]).toMatchObject({ level: 40, feed: feeds.url('/many.xml'), taken: CAP, leftOut: ENTRIES - CAP });
  });

  it('a feed within the cap is read whole, without that line', async () => {
    feeds.setFeed('/few.xml', rss2(Array.from({ length: CAP }, (_, i) => sahelItem(i))));
    const feed = store.feeds.ensure(feeds.url('/few.xml'), clock.now(), 'Few');
    await pollFeed(deps, feed);
    expect(store.items.count()).toBe(CAP);
    expect(lines.filter((l) => l.level === 40)).toHaveLength(0);
  });
});

// Retention against a real SQLite file and a feed on loopback: a year-old story and its items go (their deliveries
// once sent), a feed still listing them does not bring them back, and the story index forgets them.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../store/index.js';
import { ManualClock } from '../clock.js';
import { silentLogger } from '../log.js';
import { pollFeed, type PipelineDeps } from './ingest.js';
import { pruneArchive } from './retention.js';
import { testPipelineDeps } from '../../test/pipeline-deps.js';
import { startFeedServer, rss2, type FeedServer, type FixtureItem } from '../../test/feed-server.js';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 5, 10, 12, 0, 0);
const YEAR = 365 * DAY;

const reports: Record<string, [string, string]> = {
  gao: ['Mali: attack on army convoy near Gao kills 12 soldiers, JNIM claims responsibility', 'Gunmen attacked a Malian army convoy near Gao on Sunday, killing 12 soldiers, the army said, in an ambush claimed by the al Qaeda-linked JNIM group.'],
  niamey: ['Niger junta expels French ambassador as tensions rise in Niamey', 'The military government in Niamey ordered the French ambassador to leave Niger within 48 hours, escalating a standoff since the July coup.'],
  ndjamena: ['Tchad : Mahamat Idriss Déby remporte la présidentielle à N’Djamena', 'Le président de transition du Tchad, Mahamat Idriss Déby, a été déclaré vainqueur de l’élection présidentielle par l’agence électorale à N’Djamena.'],
  nouadhibou: ['Mauritanie : des migrants secourus au large de Nouadhibou', 'Les garde-côtes mauritaniens ont secouru plus de cent migrants au large de Nouadhibou, en route vers les îles Canaries.'],
};
const item = (key: string, guid: string, at: number): FixtureItem => ({ title: reports[key]![0], description: reports[key]![1], link: `https://news.example.org/${guid}`, guid, pubDate: at });

let server: FeedServer;
let store: Store;
let clock: ManualClock;
let deps: PipelineDeps;

beforeEach(async () => {
  server = await startFeedServer();
  store = Store.open(join(mkdtempSync(join(tmpdir(), 'sahel-retention-')), 'db.sqlite'));
  clock = new ManualClock(T0);
  deps = testPipelineDeps(store, clock, silentLogger());
});
afterEach(async () => {
  store.close();
  await server.close();
});

describe('retention', () => {
  it('deletes year-old items and stories (deliveries once sent), keeps what is still to be sent, and a feed still listing them posts nothing again', async () => {
    const feed = store.feeds.ensure(server.url('/feed.xml'), clock.now(), 'Example News');
    store.feeds.ensureGuildInitialised(GUILD, clock.now());
    store.feeds.addToGuild(GUILD, feed.id, null, clock.now());
    store.subscriptions.upsert({ guildId: GUILD, channelId: CHANNEL }, clock.now());
    const offTopic: FixtureItem = { title: 'Chad Pennington joins broadcast team', description: 'The former quarterback will call games this autumn.', link: 'https://news.example.org/nfl', guid: 'nfl', pubDate: T0 };
    server.setFeed('/feed.xml', rss2([item('gao', 'gao', T0), offTopic]));
    await pollFeed(deps, store.feeds.byId(feed.id)!); // first run: stored, not posted
    clock.advance(DAY);
    server.setFeed('/feed.xml', rss2([item('gao', 'gao', T0), offTopic, item('niamey', 'niamey', clock.now())]));
    await pollFeed(deps, store.feeds.byId(feed.id)!);
    const [sent] = store.deliveries.pending(clock.now());
    store.deliveries.markSent(sent!.id, '300000000000000001', clock.now());
    clock.advance(DAY);
    server.setFeed('/feed.xml', rss2([item('gao', 'gao', T0), offTopic, item('niamey', 'niamey', T0 + DAY), item('ndjamena', 'ndjamena', clock.now())]));
    await pollFeed(deps, store.feeds.byId(feed.id)!); // queued, never sent: its story stays however old
    expect(store.items.count()).toBe(4);
    expect(store.stories.count()).toBe(3);
    expect(deps.stories.size).toBeGreaterThan(0);

    clock.advance(YEAR);
    const pruned = await pruneArchive({ store, stories: deps.stories, log: silentLogger() }, clock.now(), YEAR);
    expect(pruned).toEqual({ stories: 2, items: 3, deliveries: 1 });
    expect(store.items.count()).toBe(1);
    expect(store.stories.count()).toBe(1);
    expect(store.deliveries.pendingCount()).toBe(1); // the unsent one is kept
    expect(store.deliveries.sentCount()).toBe(0);

    // The feed still lists the deleted items: nothing comes back, only the new item is taken.
    server.setFeed('/feed.xml', rss2([item('gao', 'gao', T0), offTopic, item('niamey', 'niamey', T0 + DAY), item('ndjamena', 'ndjamena', T0 + 2 * DAY), item('nouadhibou', 'nouadhibou', clock.now())]));
    const after = await pollFeed(deps, store.feeds.byId(feed.id)!);
    expect(after.items.map((i) => i.title)).toEqual([reports.nouadhibou![0]]);
    expect(store.deliveries.pendingCount()).toBe(2);
  });

  it('the story index forgets pruned stories: a reprint of a deleted report starts a new story instead of joining a deleted one', async () => {
    const feed = store.feeds.ensure(server.url('/a.xml'), clock.now(), 'A');
    const other = store.feeds.ensure(server.url('/b.xml'), clock.now(), 'B');
    server.setFeed('/a.xml', rss2([item('gao', 'gao', T0)]));
    const [first] = (await pollFeed(deps, store.feeds.byId(feed.id)!)).items;
    expect(first!.storyId).not.toBeNull();
    clock.advance(YEAR + DAY);
    expect(await pruneArchive({ store, stories: deps.stories, log: silentLogger() }, clock.now(), YEAR)).toMatchObject({ stories: 1, items: 1 });
    expect(deps.stories.size).toBe(0);
    server.setFeed('/b.xml', rss2([item('gao', 'gao-reprint', T0)]));
    const [reprint] = (await pollFeed(deps, store.feeds.byId(other.id)!)).items;
    // Had the index kept the deleted story, the reprint would join it, and the store would refuse the item.
    expect(reprint!.joinedStory).toBe(false);
    expect(store.items.count()).toBe(1);
    expect(store.items.byId(reprint!.itemId)!.storyId).toBe(reprint!.storyId);
    expect(store.stories.byId(reprint!.storyId!)!.sourceCount).toBe(1);
  });
});

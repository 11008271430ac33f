// Retention against a real SQLite file and a feed on loopback: a year-old story and its items go (their deliveries
// once sent), a feed still listing them does not bring them back, and the story index forgets them.
import { describe, it, expect } from 'vitest';
import { silentLogger } from '../log.js';
import { pollFeed } from './ingest.js';
import { pruneArchive } from './retention.js';
import { usePipelineFixture } from '../../test/pipeline-deps.js';
import { rss2, type FixtureItem } from '../../test/feed-server.js';

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

const fx = usePipelineFixture('retention', T0);

describe('retention', () => {
  it('deletes year-old items and stories (deliveries once sent), keeps what is still to be sent, and a feed still listing them posts nothing again', async () => {
    const feed = await fx.store.feeds.ensure(fx.server.url('/feed.xml'), fx.clock.now(), 'Example News');
    await fx.store.feeds.ensureGuildInitialised(GUILD, fx.clock.now());
    await fx.store.feeds.addToGuild(GUILD, feed.id, null, fx.clock.now());
    await fx.store.subscriptions.upsert({ guildId: GUILD, channelId: CHANNEL }, fx.clock.now());
    const offTopic: FixtureItem = { title: 'Chad Pennington joins broadcast team', description: 'The former quarterback will call games this autumn.', link: 'https://news.example.org/nfl', guid: 'nfl', pubDate: T0 };
    fx.server.setFeed('/feed.xml', rss2([item('gao', 'gao', T0), offTopic]));
    await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!); // first run: stored, not posted
    fx.clock.advance(DAY);
    fx.server.setFeed('/feed.xml', rss2([item('gao', 'gao', T0), offTopic, item('niamey', 'niamey', fx.clock.now())]));
    await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!);
    const [sent] = await fx.store.deliveries.pending(fx.clock.now());
    await fx.store.deliveries.markSent(sent!.id, '300000000000000001', fx.clock.now());
    fx.clock.advance(DAY);
    fx.server.setFeed('/feed.xml', rss2([item('gao', 'gao', T0), offTopic, item('niamey', 'niamey', T0 + DAY), item('ndjamena', 'ndjamena', fx.clock.now())]));
    await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!); // queued, never sent: its story stays however old
    expect(await fx.store.items.count()).toBe(4);
    expect(await fx.store.stories.count()).toBe(3);
    expect(fx.deps.stories.size).toBeGreaterThan(0);

    fx.clock.advance(YEAR);
    const pruned = await pruneArchive({ store: fx.store, stories: fx.deps.stories, log: silentLogger() }, fx.clock.now(), YEAR);
    expect(pruned).toEqual({ stories: 2, items: 3, deliveries: 1 });
    expect(await fx.store.items.count()).toBe(1);
    expect(await fx.store.stories.count()).toBe(1);
    expect(await fx.store.deliveries.pendingCount()).toBe(1); // the unsent one is kept
    expect(await fx.store.deliveries.sentCount()).toBe(0);

    // The feed still lists the deleted items: nothing comes back, only the new item is taken.
    fx.server.setFeed('/feed.xml', rss2([item('gao', 'gao', T0), offTopic, item('niamey', 'niamey', T0 + DAY), item('ndjamena', 'ndjamena', T0 + 2 * DAY), item('nouadhibou', 'nouadhibou', fx.clock.now())]));
    const after = await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!);
    expect(after.items.map((i) => i.title)).toEqual([reports.nouadhibou![0]]);
    expect(await fx.store.deliveries.pendingCount()).toBe(2);
  });

  it('the story index forgets pruned stories: a reprint of a deleted report starts a new story instead of joining a deleted one', async () => {
    const feed = await fx.store.feeds.ensure(fx.server.url('/a.xml'), fx.clock.now(), 'A');
    const other = await fx.store.feeds.ensure(fx.server.url('/b.xml'), fx.clock.now(), 'B');
    fx.server.setFeed('/a.xml', rss2([item('gao', 'gao', T0)]));
    const [first] = (await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!)).items;
    expect(first!.storyId).not.toBeNull();
    fx.clock.advance(YEAR + DAY);
    expect(await pruneArchive({ store: fx.store, stories: fx.deps.stories, log: silentLogger() }, fx.clock.now(), YEAR)).toMatchObject({ stories: 1, items: 1 });
    expect(fx.deps.stories.size).toBe(0);
    fx.server.setFeed('/b.xml', rss2([item('gao', 'gao-reprint', T0)]));
    const [reprint] = (await pollFeed(fx.deps, (await fx.store.feeds.byId(other.id))!)).items;
    // Had the index kept the deleted story, the reprint would join it, and the store would refuse the item.
    expect(reprint!.joinedStory).toBe(false);
    expect(await fx.store.items.count()).toBe(1);
    expect((await fx.store.items.byId(reprint!.itemId))!.storyId).toBe(reprint!.storyId);
    expect((await fx.store.stories.byId(reprint!.storyId!))!.sourceCount).toBe(1);
  });
});

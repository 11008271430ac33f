// Two processes on one PostgreSQL database (two stores, two pipelines, two story indexes) poll two reports of one
// event at the same time: only the elected story writer files stories, so they make one story, not two; a writer
// whose lease another process took cannot write (the fence in the filing transaction).
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { openStore, type Feed, type Store } from '../store/index.js';
import { fileAwaitingItems, pollFeed, StoryLeaseLost, type PipelineDeps } from './ingest.js';
import { RoleLease } from '../scheduler/roles.js';
import { ManualClock } from '../clock.js';
import { silentLogger } from '../log.js';
import { testPipelineDeps } from '../../test/pipeline-deps.js';
import { rss2, startFeedServer, type FeedServer, type FixtureItem } from '../../test/feed-server.js';
import { freshDatabase, NO_PG_SERVER, pgTestUrl, type FreshDatabase } from '../../test/postgres/database.js';

const T0 = Date.UTC(2024, 6, 27, 12, 0, 0);
const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';

const report = (outlet: string, extra = ''): FixtureItem => ({
  title: 'Niger: soldiers detain President Bazoum and close the borders in Niamey',
  link: `https://${outlet}/2024/07/26/niger-bazoum${extra}`,
  description:
    'Soldiers of the presidential guard detained President Mohamed Bazoum in Niamey on Wednesday and announced on national television ' +
    'that they had closed the borders, suspended the constitution and imposed a curfew, in the seventh coup in West and Central Africa since 2020.' + extra,
  pubDate: T0 - 3_600_000,
});

interface Process {
  store: Store;
  deps: PipelineDeps;
  lease: RoleLease;
}

async function startProcess(url: string, owner: string, clock: ManualClock, ttlMs: number): Promise<Process> {
  const store = await openStore(url);
  const lease = new RoleLease(store, silentLogger(), { name: 'stories', owner, ttlMs });
  const deps: PipelineDeps = {
    ...(await testPipelineDeps(store, clock, silentLogger())),
    storyWriter: { holds: () => lease.holds(), fence: (tx) => lease.fence(tx) },
  };
  return { store, deps, lease };
}

/** A feed the server follows, already polled once (so its new items are posted), with one subscribed channel. */
async function followed(store: Store, url: string, now: number): Promise<Feed> {
  const feed = await store.feeds.ensure(url, now, url);
  await store.feeds.recordSuccess(feed.id, { etag: null, lastModified: null, bodyHash: null, nextPollAt: now, now });
  await store.feeds.ensureGuildInitialised(GUILD, now);
  await store.feeds.addToGuild(GUILD, feed.id, null, now);
  await store.subscriptions.upsert({ guildId: GUILD, channelId: CHANNEL }, now);
  return (await store.feeds.byId(feed.id))!;
}

describe.skipIf(!pgTestUrl())(`postgres: one story writer across processes${pgTestUrl() ? '' : ` (skipped: ${NO_PG_SERVER})`}`, () => {
  let db: FreshDatabase;
  let server: FeedServer;
  let a: Process;
  let b: Process;
  const clock = new ManualClock(T0);

  beforeEach(async () => {
    db = await freshDatabase('story-writer');
    server = await startFeedServer();
    a = await startProcess(db.url, 'process-a', clock, 60_000);
    b = await startProcess(db.url, 'process-b', clock, 60_000);
  });
  afterEach(async () => {
    await a.store.close();
    await b.store.close();
    await server.close();
    await db.drop();
  });

  it('two processes polling two reports of one event at once make one story, filed by the elected writer', async () => {
    await a.lease.tick();
    await b.lease.tick();
    expect([a.lease.holds(), b.lease.holds()]).toEqual([true, false]);
    server.setFeed('/wire.xml', rss2([report('wire.example')]));
    server.setFeed('/daily.xml', rss2([report('daily.example', ' (with agencies)')]));
    const wire = await followed(a.store, server.url('/wire.xml'), clock.now());
    const daily = await followed(a.store, server.url('/daily.xml'), clock.now());

    const [fromA, fromB] = await Promise.all([pollFeed(a.deps, wire), pollFeed(b.deps, daily)]);
    // A filed its item; B, not the writer, stored its item awaiting its story, queued nothing.
    expect(fromA.items.map((i) => [i.relevant, i.storyId !== null])).toEqual([[true, true]]);
    expect(fromB.items.map((i) => [i.relevant, i.storyId, i.deliveries])).toEqual([[true, null, 0]]);
    expect(await fileAwaitingItems(b.deps)).toBe(0);
    expect(await fileAwaitingItems(a.deps)).toBe(1);

    const items = await Promise.all([fromA.items[0]!.itemId, fromB.items[0]!.itemId].map(async (id) => (await a.store.items.byId(id))!));
    expect(items[0]!.storyId).not.toBeNull();
    expect(items[1]!.storyId).toBe(items[0]!.storyId);
    expect(items[1]!.storyJoin?.reason).toBeTruthy();
    expect(await a.store.stories.count()).toBe(1);
    expect((await a.store.stories.byId(items[0]!.storyId!))!.sourceCount).toBe(2);
    // One post for the channel, whichever process queued it.
    expect(await a.store.deliveries.pendingCount()).toBe(1);
    expect(await a.store.items.awaitingStory(10)).toEqual([]);
  });

  it('a writer whose lease expired and was taken cannot write: its filing is refused and nothing of the item is kept', async () => {
    const shortA = new RoleLease(a.store, silentLogger(), { name: 'stories', owner: 'process-a', ttlMs: 300 });
    a.deps.storyWriter = { holds: () => shortA.holds(), fence: (tx) => shortA.fence(tx) };
    await shortA.tick();
    expect(shortA.holds()).toBe(true);
    // A stalls (no renewal) past its lease; B takes the role.
    await new Promise((r) => setTimeout(r, 400));
    await b.lease.tick();
    expect(b.lease.holds()).toBe(true);
    expect(shortA.holds()).toBe(true); // A does not know yet

    server.setFeed('/wire.xml', rss2([report('wire.example')]));
    const wire = await followed(a.store, server.url('/wire.xml'), clock.now());
    await expect(pollFeed(a.deps, wire)).rejects.toBeInstanceOf(StoryLeaseLost);
    expect(shortA.holds()).toBe(false);
    expect(await a.store.items.count()).toBe(0);
    expect(await a.store.stories.count()).toBe(0);
    // The poll was not recorded (no body hash kept): the next poll, by whichever process, reads the item again.
    expect((await a.store.feeds.byId(wire.id))!.bodyHash).toBeNull();
  });
});

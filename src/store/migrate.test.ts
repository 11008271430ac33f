// Moving an install from SQLite to PostgreSQL: a real SQLite store, written through the API, copied into a fresh
// database on the test server and read back through the PostgreSQL store (skipped without a server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, pgTestUrl, type FreshDatabase } from '../../test/postgres/database.js';
import { SqliteStore, type Delivery, type Feed, type NewItem, type Notice, type StoredItem, type Story, type StoryJoin, type Subscription } from './index.js';
import { openPostgresStore } from './pg/index.js';
import { migrateSqliteToPostgres, MigrationError, type MigrationReport } from './migrate.js';
import type { Store } from './api.js';

const NOW = 1_800_000_000_000;
const GUILD = '111111111111111111';
const JOIN: StoryJoin = { reason: 'same-event', similarity: 0.81, against: 1, names: ['Goïta'], numbers: ['12'], dates: ['2024-03-01'], kinds: ['attack'] };

const item = (feedId: number, identity: string, over: Partial<NewItem> = {}): NewItem => ({
  feedId, identity, title: `Niamey: junta announces curfew ${identity}`, text: 'The military rulers in Niamey announced a curfew.',
  link: `https://x.example/${identity}`, canonicalUrl: null, author: null, publishedAt: NOW - 5000, fetchedAt: NOW - 4000, lang: 'en',
  relevant: true, score: 5.5, countries: ['NER'], themes: ['coup'], actors: [], topicMatch: null, articleText: null, summary: null,
  fingerprint: null, ...over,
});

interface Snapshot {
  feeds: Feed[];
  items: StoredItem[];
  fingerprints: (Buffer | null)[];
  latest: Story[];
  subscriptions: Subscription[];
  pending: Delivery[];
  deliveries: Delivery[];
  sentCount: number;
  notices: Notice[];
}

describe.skipIf(pgTestUrl() === null)('sqlite → postgres migration', () => {
  let dir: string;
  let path: string;
  let target: FreshDatabase;
  let other: FreshDatabase;
  let before: Snapshot;
  let report: MigrationReport;
  let ms: number;
  let pgStore: Store;
  const itemIds: number[] = [];
  const deliveryIds: number[] = [];

  async function snapshot(s: Store): Promise<Snapshot> {
    return {
      feeds: await s.feeds.all(),
      items: await Promise.all(itemIds.map(async (id) => (await s.items.byId(id))!)),
      fingerprints: await Promise.all(itemIds.map((id) => s.items.fingerprintOf(id))),
      latest: await s.stories.latest({ guildId: GUILD }, 10),
      subscriptions: await s.subscriptions.forGuild(GUILD),
      pending: await s.deliveries.pending(NOW + 60_000),
      deliveries: await Promise.all(deliveryIds.map(async (id) => (await s.deliveries.byId(id))!)),
      sentCount: await s.deliveries.sentCount(),
      notices: await s.subscriptions.pendingNotices(),
    };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sahel-migrate-'));
    path = join(dir, 'sahel-watch.db');
    const s = SqliteStore.open(path);
    try {
      // Feeds: two defaults, one a server added; validators and poll state on them.
      await s.feeds.upsertDefaults([{ url: 'https://a.example/rss', title: 'A', language: 'fr', intervalMs: 600_000 }, { url: 'https://b.example/rss' }], NOW);
      const a = (await s.feeds.byUrl('https://a.example/rss'))!;
      const b = (await s.feeds.byUrl('https://b.example/rss'))!;
      await s.feeds.recordSuccess(a.id, { etag: 'W/"abc"', lastModified: 'Tue, 01 Apr 2025 10:00:00 GMT', bodyHash: 'h-a', itemCount: 3, nextPollAt: NOW + 600_000, now: NOW });
      await s.feeds.recordFailure(b.id, 'HTTP 503', 2, NOW + 120_000, NOW);
      const added = await s.feeds.ensure('https://c.example/feed', NOW, 'C outlet');
      await s.feeds.ensureGuildInitialised(GUILD, NOW);
      expect(await s.feeds.addToGuild(GUILD, added.id, '222222222222222222', NOW)).toBe(true);
      await s.feeds.pause(b.id, 'gone', NOW);

      // Two stories, one with three sources (fingerprints, joins), one with an item awaiting the story writer.
      const story1 = await s.stories.create({
        originalItemId: null, bestItemId: null, title: 'Curfew in Niamey', link: 'https://x.example/1', summary: 'A curfew.', countries: ['NER'],
        themes: ['coup'], score: 5.5, relevant: true, eventDate: NOW - 86_400_000, firstSeenAt: NOW - 4000, lastSeenAt: NOW - 4000,
      });
      const i1 = await s.items.insert(item(a.id, '1', {
        storyId: story1, fingerprint: Buffer.from([0, 1, 2, 255, 128, 0]), topicMatch: { terms: ['niamey'], n: 1 }, articleText: 'Goïta spoke. Article 𝔸.',
        countries: ['NER', 'MLI'], actors: ['CNSP'],
      }));
      await s.stories.setFirstItem(story1, i1);
      const i2 = await s.items.insert(item(added.id, '2', { storyId: story1, fingerprint: Buffer.alloc(64, 7), storyJoin: JOIN, lang: 'fr', title: 'Niamey : couvre-feu décrété' }));
      await s.stories.addSource(story1, NOW - 3000, { best: { itemId: i2, title: 'Niamey : couvre-feu décrété', link: 'https://x.example/2', summary: null }, score: 6 });
      const i3 = await s.items.insert(item(a.id, '3', { storyId: story1, fingerprint: Buffer.from('fp3'), storyJoin: { ...JOIN, hidden: true }, relevant: false, countries: [], themes: [] }));
      await s.stories.addSource(story1, NOW - 2000, {});
      const story2 = await s.stories.create({
        originalItemId: null, bestItemId: null, title: 'Convoy attacked near Djibo', link: null, summary: null, countries: ['BFA'], themes: ['security'],
        score: 4, relevant: true, eventDate: null, firstSeenAt: NOW - 1000, lastSeenAt: NOW - 1000,
      });
      const i4 = await s.items.insert(item(added.id, '4', { storyId: story2, fingerprint: Buffer.from([9, 9]), title: 'Burkina: convoy attacked near Djibo', countries: ['BFA'], themes: ['security'] }));
      await s.stories.setFirstItem(story2, i4);
      const i5 = await s.items.insert(item(a.id, '5', { awaitingStory: 'quiet', title: 'Timbuktu market reopens' }));
      const i6 = await s.items.insert(item(a.id, '6', { awaitingStory: 'post', title: 'Gao airport closed' }));
      itemIds.push(i1, i2, i3, i4, i5, i6);

      // Subscriptions, deliveries (sent, pending, failed), notices, settings, a forgotten item.
      const sub1 = (await s.subscriptions.upsert({ guildId: GUILD, channelId: '333333333333333333', countries: ['NER', 'MLI'], themes: ['coup'], minScore: 2, roleId: '444444444444444444', createdBy: 'u' }, NOW))!;
      const sub2 = (await s.subscriptions.upsert({ guildId: GUILD, channelId: '555555555555555555', mode: 'digest', digestTime: '08:00', digestTimezone: 'Africa/Niamey', digestPeriod: 'daily', includeRehash: true }, NOW))!;
      await s.subscriptions.setLastDigest(sub2.id, NOW - 10);
      await s.subscriptions.setLanguage(GUILD, 'fr');
      expect(await s.deliveries.enqueue({ subscriptionId: sub1.id, storyId: story1, itemId: i1, channelId: sub1.channelId }, NOW)).toBe(true);
      expect(await s.deliveries.enqueue({ subscriptionId: sub1.id, storyId: story2, itemId: i4, channelId: sub1.channelId, rehash: true }, NOW + 1)).toBe(true);
      expect(await s.deliveries.enqueue({ subscriptionId: sub2.id, storyId: story1, itemId: i2, channelId: sub2.channelId, status: 'digest' }, NOW + 2)).toBe(true);
      expect(await s.deliveries.enqueue({ subscriptionId: sub2.id, storyId: story2, itemId: i4, channelId: sub2.channelId }, NOW + 3)).toBe(true);
      const [d1, d2, d3, d4] = (await s.deliveries.pending(NOW + 60_000)).map((d) => d.id).concat((await s.deliveries.forDigest(sub2.id)).map((d) => d.id));
      await s.deliveries.recordAttempt(d1!);
      await s.deliveries.markSent(d1!, '999999999999999999', NOW + 10);
      await s.deliveries.markEditPending(d1!);
      await s.deliveries.markFailed(d3!, 'Missing Access');
      deliveryIds.push(d1!, d2!, d3!, d4!);
      expect(await s.subscriptions.addNotice({ key: `feed-paused:${b.id}:${GUILD}`, guildId: GUILD, channelId: null, kind: 'feed-paused', params: { feed: b.url, failures: 2, error: 'HTTP 503' } }, NOW)).toBe(true);
      expect(await s.subscriptions.addNotice({ key: 'legacy:1', guildId: GUILD, channelId: '333333333333333333', kind: 'channel-unavailable', params: { channelId: '333333333333333333', reason: 'forbidden' } }, NOW)).toBe(true);
      await s.subscriptions.addNotice({ key: 'told', guildId: GUILD, channelId: null, kind: 'channel-unavailable', params: { channelId: '1', reason: 'gone' } }, NOW);
      await s.subscriptions.markNotice('told', 'sent', NOW + 5);
      await s.setSetting('last-retention', String(NOW));
      await s.leases.acquire('sender', 'old-process', NOW, 6000);
      s.database.prepare('INSERT INTO forgotten_items(feed_id, identity, forgotten_at) VALUES (?, ?, ?)').run(a.id, 'old-0', NOW - 1);

      before = await snapshot(s);
      expect(before.pending.length).toBeGreaterThan(0);
      expect(before.sentCount).toBe(1);
    } finally {
      await s.close();
    }

    target = await freshDatabase('migrate_target');
    other = await freshDatabase('migrate_replace');
    const t0 = Date.now();
    report = await migrateSqliteToPostgres({ from: path, to: target.url });
    ms = Date.now() - t0;
    pgStore = await openPostgresStore(target.url);
  });

  afterAll(async () => {
    await pgStore?.close();
    await target?.drop();
    await other?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sqlite → postgres: every table is copied and the counts and spot checks match', () => {
    expect(report.ok).toBe(true);
    const counts = Object.fromEntries(report.tables.map((t) => [t.name, t.target]));
    expect(counts).toMatchObject({ feeds: 3, stories: 2, items: 6, subscriptions: 2, deliveries: 4, notices: 3, forgotten_items: 1, kv: 1 });
    expect(counts.guild_settings).toBeGreaterThanOrEqual(1);
    expect(counts.guild_feeds).toBeGreaterThanOrEqual(2);
    for (const row of [...report.tables, ...report.checks]) expect(row.target, row.name).toBe(row.source);
    expect(report.checks.find((c) => c.name === 'sent deliveries')).toMatchObject({ source: 1, target: 1 });
    expect(report.rows).toBe(report.tables.reduce((n, t) => n + t.target, 0));
    expect(report.skipped.join('\n')).toMatch(/open:/);
    console.log(`[migrate] ${report.rows} rows copied in ${ms} ms`);
  });

  it('sqlite → postgres: the PostgreSQL store returns the same records through the API', async () => {
    const after = await snapshot(pgStore);
    expect(after.feeds).toEqual(before.feeds);
    expect((await pgStore.feeds.byUrl('https://a.example/rss'))).toMatchObject({ etag: 'W/"abc"', lastModified: 'Tue, 01 Apr 2025 10:00:00 GMT', bodyHash: 'h-a', initialized: true });
    expect((await pgStore.feeds.byUrl('https://b.example/rss'))).toMatchObject({ consecutiveFailures: 2, lastError: 'HTTP 503', pausedReason: 'gone' });
    expect(after.items).toEqual(before.items);
    expect(after.items[0]).toMatchObject({ countries: ['NER', 'MLI'], actors: ['CNSP'], topicMatch: { terms: ['niamey'], n: 1 } });
    expect(after.items[1]!.storyJoin).toEqual(JOIN);
    expect(after.fingerprints).toEqual(before.fingerprints);
    expect(after.fingerprints[0]).toEqual(Buffer.from([0, 1, 2, 255, 128, 0]));
    expect(after.latest).toEqual(before.latest);
    expect(after.latest.map((s) => s.title)).toEqual(['Convoy attacked near Djibo', 'Niamey : couvre-feu décrété']);
    expect(after.subscriptions).toEqual(before.subscriptions);
    expect(after.pending).toEqual(before.pending);
    expect(after.deliveries).toEqual(before.deliveries);
    expect(after.deliveries[0]).toMatchObject({ status: 'sent', messageId: '999999999999999999', editPending: true, attempts: 1 });
    expect(after.sentCount).toBe(1);
    expect(after.notices).toEqual(before.notices);
    expect(await pgStore.subscriptions.language(GUILD)).toBe('fr');
    expect(await pgStore.getSetting('last-retention')).toBe(String(NOW));
    expect(await pgStore.leases.holder('sender', NOW)).toBeNull(); // leases are not copied
    expect((await pgStore.items.awaitingStory(10)).map((a) => [a.item.id, a.post])).toEqual([[itemIds[4], false], [itemIds[5], true]]);
    expect(await pgStore.items.knownIdentities(before.feeds.find((f) => f.url === 'https://a.example/rss')!.id, ['old-0', '1', 'new'])).toEqual(new Set(['old-0', '1']));
    const hits = await pgStore.items.search('curfew');
    expect(hits.map((h) => h.item.id)).toContain(itemIds[0]);
    expect((await pgStore.items.search('Djibo')).map((h) => h.item.id)).toEqual([itemIds[3]]);
  });

  it('sqlite → postgres: new rows after the migration get fresh ids (sequences reset)', async () => {
    const feed = await pgStore.feeds.ensure('https://new.example/rss', NOW);
    expect(feed.id).toBe(Math.max(...before.feeds.map((f) => f.id)) + 1);
    const story = await pgStore.stories.create({
      originalItemId: null, bestItemId: null, title: 'New', link: null, summary: null, countries: [], themes: [], score: 1, relevant: true,
      eventDate: null, firstSeenAt: NOW, lastSeenAt: NOW,
    });
    expect(story).toBeGreaterThan(Math.max(...before.latest.map((s) => s.id)));
    const id = await pgStore.items.insert(item(feed.id, 'new', { storyId: story }));
    expect(id).toBe(Math.max(...itemIds) + 1);
    const sub = await pgStore.subscriptions.upsert({ guildId: GUILD, channelId: '666666666666666666' }, NOW);
    expect(sub!.id).toBe(Math.max(...before.subscriptions.map((s) => s.id)) + 1);
    expect(await pgStore.deliveries.enqueue({ subscriptionId: sub!.id, storyId: story, itemId: id, channelId: sub!.channelId }, NOW)).toBe(true);
    expect(Math.max(...(await pgStore.deliveries.pending(NOW + 60_000)).map((d) => d.id))).toBe(Math.max(...deliveryIds) + 1);
  });

  it('sqlite → postgres: a target that already holds data is refused and left as it was; --replace overwrites it', async () => {
    const err = await migrateSqliteToPostgres({ from: path, to: target.url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/already holds data \(4 feeds, 3 stories, 7 items.*pass --replace/);
    expect(await pgStore.feeds.byUrl('https://new.example/rss')).not.toBeNull();

    const first = await migrateSqliteToPostgres({ from: path, to: other.url, batchSize: 2 });
    expect(first.ok).toBe(true);
    const again = await migrateSqliteToPostgres({ from: path, to: other.url, replace: true });
    expect(again.ok).toBe(true);
    expect(again.tables).toEqual(report.tables);
    const s = await openPostgresStore(other.url);
    try {
      expect(await s.feeds.all()).toEqual(before.feeds);
    } finally {
      await s.close();
    }
  });

  it('sqlite → postgres: a missing source file is a clear error, not a new empty database', async () => {
    await expect(migrateSqliteToPostgres({ from: join(dir, 'nope.db'), to: other.url })).rejects.toThrow(/no SQLite database at .*nope\.db/);
  });
});

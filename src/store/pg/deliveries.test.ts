// The PostgreSQL outbox against a real server: the SQLite store's unique key, order and flood-control counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { freshDatabase, pgTestUrl } from '../../../test/postgres/database.js';
import { openPostgresStore } from './index.js';
import type { Store } from '../api.js';
import { PgConn, openPool } from './connection.js';

describe.skipIf(!pgTestUrl())('postgres: delivery store', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let store: Store;
  let pool: pg.Pool;
  let conn: PgConn;
  let deliveries: Store['deliveries'];
  let sub1: number;
  let sub2: number;
  let item: number;
  const stories: number[] = [];
  const one = async (q: string, p: unknown[] = []): Promise<number> => Number((await conn.query(q, p))[0]!.id);

  beforeAll(async () => {
    db = await freshDatabase('deliveries');
    store = await openPostgresStore(db.url);
    // Rows the stores do not write (feeds, follows, subscriptions) go in through a pool of the test's own.
    pool = openPool(db.url);
    conn = PgConn.of(pool);
    deliveries = store.deliveries;
    const feed = await one("INSERT INTO feeds(url, created_at) VALUES ('https://d.example/rss', 0) RETURNING id");
    for (let i = 0; i < 6; i++) stories.push(await one("INSERT INTO stories(title, first_seen_at, last_seen_at) VALUES ('s', 0, 0) RETURNING id"));
    item = await one("INSERT INTO items(feed_id, identity, title, fetched_at) VALUES ($1, 'i', 't', 0) RETURNING id", [feed]);
    sub1 = await one("INSERT INTO subscriptions(guild_id, channel_id, created_at) VALUES ('g', 'c1', 0) RETURNING id");
    sub2 = await one("INSERT INTO subscriptions(guild_id, channel_id, created_at) VALUES ('g', 'c2', 0) RETURNING id");
  });
  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await db?.drop();
  });

  it('postgres: enqueue returns false on the (subscription, story) conflict; rows read back as on SQLite', async () => {
    expect(await deliveries.enqueue({ subscriptionId: sub1, storyId: stories[0]!, itemId: item, channelId: 'c1' }, 100)).toBe(true);
    expect(await deliveries.enqueue({ subscriptionId: sub1, storyId: stories[0]!, itemId: item, channelId: 'c1', status: 'digest' }, 200)).toBe(false);
    expect(await deliveries.enqueue({ subscriptionId: sub2, storyId: stories[0]!, itemId: item, channelId: 'c2', rehash: true }, 300)).toBe(true);
    const [a, b] = await deliveries.pending(1_000);
    expect(a).toEqual({
      id: a!.id, subscriptionId: sub1, storyId: stories[0], itemId: item, channelId: 'c1', status: 'pending', rehash: false, nonce: a!.nonce,
      messageId: null, editPending: false, attempts: 0, nextAttemptAt: 0, lastError: null, createdAt: 100, sentAt: null,
    });
    expect(a!.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(b!.nonce).not.toBe(a!.nonce);
    expect(b).toMatchObject({ subscriptionId: sub2, rehash: true, createdAt: 300 });
    expect(await deliveries.pendingCount()).toBe(2);
    expect(await deliveries.byId(a!.id)).toEqual(a);
    expect(await deliveries.byId(999_999)).toBeNull();
    expect(await deliveries.forStory(stories[0]!)).toEqual(expect.arrayContaining([{ id: a!.id, subscriptionId: sub1, itemId: item }, { id: b!.id, subscriptionId: sub2, itemId: item }]));
  });

  it('postgres: pending is in id order, due only, limited; attempts, retries, failure and postponing', async () => {
    await conn.query('DELETE FROM deliveries');
    for (const s of stories.slice(1, 5)) await deliveries.enqueue({ subscriptionId: sub1, storyId: s, itemId: item, channelId: 'c1' }, 10);
    const all = await deliveries.pending(0);
    expect(all.map((d) => d.storyId)).toEqual(stories.slice(1, 5));
    expect(all.map((d) => d.id)).toEqual([...all.map((d) => d.id)].sort((x, y) => x - y));
    expect(await deliveries.pending(0, 2)).toEqual(all.slice(0, 2));
    const [d1, d2, d3] = all;
    expect(await deliveries.recordAttempt(d1!.id)).toBe(1);
    expect(await deliveries.recordAttempt(d1!.id)).toBe(2);
    await deliveries.retryLater(d1!.id, 'rate limited', 500);
    await deliveries.postpone(d2!.id, 400);
    expect((await deliveries.pending(0)).map((d) => d.id)).toEqual([d3!.id, all[3]!.id]);
    expect((await deliveries.pending(450)).map((d) => d.id)).toEqual([d2!.id, d3!.id, all[3]!.id]);
    expect(await deliveries.byId(d1!.id)).toMatchObject({ attempts: 2, lastError: 'rate limited', nextAttemptAt: 500 });
    expect((await deliveries.pendingForChannel('c1', 450, 2)).map((d) => d.id)).toEqual([d2!.id, d3!.id]);
    expect(await deliveries.pendingForChannel('c2', 10_000)).toEqual([]);
    await deliveries.markFailed(d3!.id, 'gone');
    expect(await deliveries.byId(d3!.id)).toMatchObject({ status: 'failed', lastError: 'gone' });
    expect(await deliveries.skipPendingForSubscription(sub1, 'no access')).toBe(3);
    expect(await deliveries.pendingCount()).toBe(0);
    expect(await deliveries.byId(d1!.id)).toMatchObject({ status: 'skipped', lastError: 'no access' });
  });

  it('postgres: markSent, markSentMany (one message, overflow), messagesSince, oldestSentSince, overflowSince', async () => {
    await conn.query('DELETE FROM deliveries');
    for (const s of stories) await deliveries.enqueue({ subscriptionId: sub1, storyId: s, itemId: item, channelId: 'c1' }, 10);
    const ids = (await deliveries.pending(0)).map((d) => d.id);
    await deliveries.retryLater(ids[0]!, 'oops', 0);
    await deliveries.markSent(ids[0]!, 'm1', 1_000);
    expect(await deliveries.byId(ids[0]!)).toMatchObject({ status: 'sent', messageId: 'm1', sentAt: 1_000, lastError: null });
    expect(await deliveries.overflowSince('c1', 0)).toBe(false);
    await deliveries.markSentMany(ids.slice(1, 4), 'm2', 2_000, true);
    for (const id of ids.slice(1, 4)) expect(await deliveries.byId(id)).toMatchObject({ status: 'sent', messageId: 'm2', sentAt: 2_000, editPending: false });
    await deliveries.markSentMany([], 'm3', 3_000, false);
    expect(await deliveries.sentCount()).toBe(4);
    expect(await deliveries.messagesSince('c1', 0)).toBe(2);
    expect(await deliveries.messagesSince('c1', 1_500)).toBe(1);
    expect(await deliveries.messagesSince('c2', 0)).toBe(0);
    expect(await deliveries.oldestSentSince('c1', 0)).toBe(1_000);
    expect(await deliveries.oldestSentSince('c1', 1_001)).toBe(2_000);
    expect(await deliveries.oldestSentSince('c1', 5_000)).toBeNull();
    expect(await deliveries.overflowSince('c1', 0)).toBe(true);
    expect(await deliveries.overflowSince('c1', 2_001)).toBe(false);
    expect(await deliveries.pendingCount()).toBe(2);
  });

  it('postgres: edits touch only sent messages of the given subscriptions', async () => {
    await conn.query('DELETE FROM deliveries');
    const s = stories[0]!;
    await deliveries.enqueue({ subscriptionId: sub1, storyId: s, itemId: item, channelId: 'c1' }, 0);
    await deliveries.enqueue({ subscriptionId: sub2, storyId: s, itemId: item, channelId: 'c2' }, 0);
    const [a, b] = await deliveries.pending(0);
    expect(await deliveries.markStoryEdited(s, [sub1, sub2])).toBe(0);
    await deliveries.markSent(a!.id, 'm', 1);
    await deliveries.markSent(b!.id, 'n', 1);
    expect(await deliveries.markStoryEdited(s, [])).toBe(0);
    expect(await deliveries.markStoryEdited(s, [sub2])).toBe(1);
    expect((await deliveries.pendingEdits()).map((d) => d.id)).toEqual([b!.id]);
    await deliveries.markEditPending(a!.id);
    expect((await deliveries.pendingEdits()).map((d) => d.id)).toEqual([a!.id, b!.id]);
    expect((await deliveries.pendingEdits(1)).map((d) => d.id)).toEqual([a!.id]);
    await deliveries.clearEdit(a!.id);
    await deliveries.setItem(b!.id, item);
    expect((await deliveries.pendingEdits()).map((d) => d.id)).toEqual([b!.id]);
  });

  it('postgres: forDigest lists a subscription\'s digest rows by id', async () => {
    await conn.query('DELETE FROM deliveries');
    for (const s of stories.slice(0, 3)) await deliveries.enqueue({ subscriptionId: sub2, storyId: s, itemId: item, channelId: 'c2', status: 'digest' }, 0);
    await deliveries.enqueue({ subscriptionId: sub1, storyId: stories[0]!, itemId: item, channelId: 'c1', status: 'digest' }, 0);
    expect((await deliveries.forDigest(sub2)).map((d) => d.storyId)).toEqual(stories.slice(0, 3));
    expect(await deliveries.pendingCount()).toBe(0);
  });
});

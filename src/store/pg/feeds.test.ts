// The PostgreSQL feed, subscription, lease and retention stores, on a real server (skipped without one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDatabase, pgTestUrl } from '../../../test/postgres/database.js';
import type { Store } from '../api.js';
import { openPostgresStore } from './index.js';

const NOW = 1_800_000_000_000;
const MIN = 60_000;

describe.skipIf(pgTestUrl() === null)('postgres stores', () => {
  let db: { url: string; drop(): Promise<void> };
  let store: Store;
  let raw: pg.Pool;

  beforeAll(async () => {
    db = await freshDatabase('pg_stores');
    store = await openPostgresStore(db.url);
    raw = new pg.Pool({ connectionString: db.url, max: 2 });
  });

  afterAll(async () => {
    await raw?.end();
    await store?.close();
    await db?.drop();
  });

  it('postgres: two pollers leasing at once get disjoint feeds; an expired lease is re-leasable; a success ends it', async () => {
    const defaults = Array.from({ length: 10 }, (_, i) => ({ url: `https://lease.example/${i}`, title: `Feed ${i}` }));
    expect(await store.feeds.upsertDefaults(defaults, NOW)).toBe(10);
    expect(await store.feeds.upsertDefaults(defaults, NOW)).toBe(0);
    const [a, b] = await Promise.all([store.feeds.lease('a', NOW, MIN, 6), store.feeds.lease('b', NOW, MIN, 6)]);
    const ids = [...a, ...b].map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(10);
    expect(a.map((f) => f.id)).toEqual([...a.map((f) => f.id)].sort((x, y) => x - y));
    // Leased to live pollers: nobody else gets them.
    expect(await store.feeds.lease('c', NOW + MIN - 1, MIN, 20)).toEqual([]);
    // Another owner cannot give a lease back.
    await store.feeds.release(a[0]!.id, 'b');
    expect(await store.feeds.lease('c', NOW + 1, MIN, 20)).toEqual([]);
    // Expired: re-leasable.
    const c = await store.feeds.lease('c', NOW + MIN, MIN, 20);
    expect(c.map((f) => f.id).sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
    // A success ends the lease: due again, another poller gets it at once; the others stay leased to c.
    const first = c[0]!;
    await store.feeds.recordSuccess(first.id, { etag: 'e', lastModified: null, bodyHash: 'h', itemCount: 3, nextPollAt: NOW + MIN, now: NOW + MIN });
    const d = await store.feeds.lease('d', NOW + MIN + 1, MIN, 20);
    expect(d.map((f) => f.id)).toEqual([first.id]);
    const polled = await store.feeds.byId(first.id);
    expect(polled).toMatchObject({ etag: 'e', bodyHash: 'h', lastItemCount: 3, initialized: true, lastSuccessAt: NOW + MIN, consecutiveFailures: 0 });
    // A release by its owner ends it too; a failure and a pause as well.
    await store.feeds.release(first.id, 'd');
    await store.feeds.recordFailure(c[1]!.id, 'boom', 1, NOW, NOW + MIN);
    await store.feeds.pause(c[2]!.id, 'gone', NOW + MIN);
    const e = await store.feeds.lease('e', NOW + MIN + 2, MIN, 20);
    expect(e.map((f) => f.id)).toEqual([c[1]!.id, first.id]); // ordered by next poll time, then id
    expect((await store.feeds.active()).map((f) => f.id)).not.toContain(c[2]!.id);
  });

  it('postgres: the feed leases of a poller whose process lease expired are freed; a live poller keeps its own', async () => {
    const urls = ['https://orphan.example/a', 'https://orphan.example/b'];
    const feeds = await Promise.all(urls.map((u) => store.feeds.ensure(u, NOW, u)));
    for (const f of feeds) await store.feeds.addToGuild('g-orphan', f.id, null, NOW);
    const at = NOW + 100 * MIN;
    expect(await store.leases.acquire('process:live', 'live', at, MIN)).toBe(true);
    expect(await store.leases.acquire('process:dead', 'dead', at - 2 * MIN, MIN)).toBe(true); // expired at at - MIN
    const live = await store.feeds.lease('live', at, 10 * MIN, 1);
    const dead = await store.feeds.lease('dead', at, 10 * MIN, 50);
    expect(live).toHaveLength(1);
    expect(dead.length).toBeGreaterThan(0);
    // Within their lease time, nobody else gets them...
    expect((await store.feeds.lease('other', at + 1, 10 * MIN, 50)).map((f) => f.id)).toEqual([]);
    // ...until the dead poller's leases are freed: only its, not the live one's.
    expect(await store.feeds.releaseOrphans(at + 1)).toBe(dead.length);
    const taken = (await store.feeds.lease('other', at + 2, 10 * MIN, 50)).map((f) => f.id);
    expect(taken.sort()).toEqual(dead.map((f) => f.id).sort());
    expect(taken).not.toContain(live[0]!.id);
    for (const id of [live[0]!.id, ...taken]) await store.feeds.recordUnchanged(id, at + 10 * MIN, at);
  });

  it('postgres: a lone poller takes at most `limit` feeds, null next poll first; non-default feeds only while followed', async () => {
    const f = await store.feeds.ensure('https://lone.example/feed', NOW, 'Lone');
    expect(await store.feeds.ensure('https://lone.example/feed', NOW, 'Other')).toEqual(f);
    expect(await store.feeds.lease('x', NOW + 10 * MIN, MIN, 20)).not.toContainEqual(expect.objectContaining({ id: f.id }));
    expect(await store.feeds.addToGuild('g-lone', f.id, 'u1', NOW)).toBe(true);
    expect(await store.feeds.addToGuild('g-lone', f.id, 'u1', NOW)).toBe(false);
    expect(await store.feeds.addedCount('g-lone')).toBe(1);
    const leased = await store.feeds.lease('y', NOW + 10 * MIN, MIN, 1);
    expect(leased.map((x) => x.id)).toEqual([f.id]);
    await store.feeds.ensureGuildInitialised('g-lone', NOW);
    await store.feeds.ensureGuildInitialised('g-lone', NOW);
    expect((await store.feeds.forGuild('g-lone')).length).toBe(11);
    expect(await store.feeds.follows('g-lone', f.id)).toBe(true);
    expect(await store.feeds.removeFromGuild('g-lone', f.id)).toBe(true);
    expect(await store.feeds.removeFromGuild('g-lone', f.id)).toBe(false);
  });

  it('postgres: a role lease is taken over only after it expired', async () => {
    expect(await store.leases.acquire('writer', 'p1', NOW, MIN)).toBe(true);
    expect(await store.leases.acquire('writer', 'p2', NOW + 1, MIN)).toBe(false);
    expect(await store.leases.acquire('writer', 'p1', NOW + 2, MIN)).toBe(true); // renewed until NOW + 2 + MIN
    expect(await store.leases.holder('writer', NOW + MIN)).toBe('p1');
    expect(await store.leases.acquire('writer', 'p2', NOW + MIN + 1, MIN)).toBe(false);
    expect(await store.leases.acquire('writer', 'p2', NOW + MIN + 2, MIN)).toBe(true);
    expect(await store.leases.holder('writer', NOW + MIN + 3)).toBe('p2');
    await store.leases.release('writer', 'p1');
    expect(await store.leases.holder('writer', NOW + MIN + 3)).toBe('p2');
    await store.leases.release('writer', 'p2');
    expect(await store.leases.holder('writer', NOW + MIN + 3)).toBeNull();
    const races = await Promise.all(['q1', 'q2', 'q3'].map((o) => store.leases.acquire('sender', o, NOW, MIN)));
    expect(races.filter(Boolean).length).toBe(1);
  });

  it('postgres: a subscription stays with its server; notices are told once', async () => {
    const s = await store.subscriptions.upsert({ guildId: 'g1', channelId: 'c1', countries: ['MLI', 'NER'], includeRehash: true }, NOW);
    expect(s).toMatchObject({ guildId: 'g1', channelId: 'c1', countries: ['MLI', 'NER'], themes: [], minScore: 0, mode: 'realtime', includeRehash: true, status: 'active', createdAt: NOW });
    expect(await store.subscriptions.upsert({ guildId: 'g2', channelId: 'c1' }, NOW)).toBeNull();
    expect(await store.subscriptions.byChannel('g2', 'c1')).toBeNull();
    await store.subscriptions.markBroken(s!.id, 'gone');
    const again = await store.subscriptions.upsert({ guildId: 'g1', channelId: 'c1', themes: ['security'], mode: 'digest', digestPeriod: 'weekly' }, NOW + 1);
    expect(again).toMatchObject({ id: s!.id, countries: [], themes: ['security'], mode: 'digest', digestPeriod: 'weekly', status: 'active', statusReason: null, createdAt: NOW });
    expect((await store.subscriptions.digestSubscriptions()).map((x) => x.id)).toEqual([s!.id]);
    expect(await store.subscriptions.remove('g2', 'c1')).toBe(false);
    expect(await store.subscriptions.language('g1')).toBe('en');

    const paused = { kind: 'feed-paused', params: { feed: 'F', failures: 3, error: 'x' } } as const;
    expect(await store.subscriptions.addNotice({ key: 'paused:1_a', guildId: 'g1', channelId: 'c1', ...paused }, NOW)).toBe(true);
    expect(await store.subscriptions.addNotice({ key: 'paused:1_a', guildId: 'g1', channelId: 'c1', ...paused }, NOW + 1)).toBe(false);
    expect(await store.subscriptions.addNotice({ key: 'paused:1xa', guildId: 'g1', channelId: null, ...paused }, NOW)).toBe(true);
    const pending = await store.subscriptions.pendingNotices();
    expect(pending).toEqual([
      { key: 'paused:1_a', guildId: 'g1', channelId: 'c1', ...paused },
      { key: 'paused:1xa', guildId: 'g1', channelId: null, ...paused },
    ]);
    await store.subscriptions.clearNotices('paused:1_'); // '_' is not a wildcard
    expect((await store.subscriptions.pendingNotices()).map((n) => n.key)).toEqual(['paused:1xa']);
    await store.subscriptions.markNotice('paused:1xa', 'sent', NOW);
    expect(await store.subscriptions.pendingNotices()).toEqual([]);
    expect(await store.subscriptions.addNotice({ key: 'paused:1xa', guildId: 'g1', channelId: null, ...paused }, NOW)).toBe(false);
    expect(await store.subscriptions.addNotice({ key: 'paused:1_a', guildId: 'g1', channelId: 'c1', ...paused }, NOW)).toBe(true);
  });

  it('postgres: retention deletes old stories with their items and sent deliveries, remembers their identities, keeps what is still to send', async () => {
    const feed = await store.feeds.ensure('https://retention.example/feed', NOW);
    const sub = (await store.subscriptions.upsert({ guildId: 'gr', channelId: 'cr' }, NOW))!;
    const story = async (lastSeen: number): Promise<number> =>
      Number((await raw.query('INSERT INTO stories(title, first_seen_at, last_seen_at) VALUES ($1, $2, $2) RETURNING id', ['s', lastSeen])).rows[0].id);
    const item = async (identity: string, storyId: number | null, fetchedAt: number): Promise<number> =>
      Number((await raw.query('INSERT INTO items(feed_id, identity, story_id, title, fetched_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [feed.id, identity, storyId, identity, fetchedAt])).rows[0].id);
    const delivery = (storyId: number, itemId: number, status: string): Promise<unknown> =>
      raw.query('INSERT INTO deliveries(subscription_id, story_id, item_id, channel_id, status, nonce, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [sub.id, storyId, itemId, 'cr', status, `n${storyId}-${itemId}`, NOW]);
    const old = await story(NOW - 100);
    const oldItem = await item('old-1', old, NOW - 100);
    await item('old-2', old, NOW - 100);
    await delivery(old, oldItem, 'sent');
    const waiting = await story(NOW - 100);
    await delivery(waiting, await item('waiting', waiting, NOW - 100), 'pending');
    const fresh = await story(NOW + 100);
    await item('fresh', fresh, NOW + 100);
    await item('lone-old', null, NOW - 100);
    await item('lone-new', null, NOW + 100);

    expect(await store.retention.pruneBatch(NOW, NOW, 10)).toEqual({ stories: 1, items: 3, deliveries: 1 });
    const forgotten = (await raw.query('SELECT identity, forgotten_at FROM forgotten_items ORDER BY identity')).rows;
    expect(forgotten).toEqual([
      { identity: 'lone-old', forgotten_at: NOW },
      { identity: 'old-1', forgotten_at: NOW },
      { identity: 'old-2', forgotten_at: NOW },
    ]);
    const left = (await raw.query('SELECT identity FROM items WHERE feed_id = $1 ORDER BY identity', [feed.id])).rows.map((r: { identity: string }) => r.identity);
    expect(left).toEqual(['fresh', 'lone-new', 'waiting']);
    expect(await store.retention.pruneBatch(NOW, NOW, 10)).toEqual({ stories: 0, items: 0, deliveries: 0 });
  });

  it('postgres: a transaction lands whole or not at all; nested ones are savepoints; store calls inside it join it', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.setSetting('k', 'inside');
        await store.setSetting('k2', 'through the store');
        expect(await store.getSetting('k')).toBe('inside');
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await store.getSetting('k')).toBeNull();
    expect(await store.getSetting('k2')).toBeNull();
    await store.transaction(async (tx) => {
      await tx.setSetting('k', 'outer');
      await expect(tx.transaction(async (inner) => {
        await inner.setSetting('k', 'inner');
        throw new Error('inner');
      })).rejects.toThrow('inner');
      expect(await tx.getSetting('k')).toBe('outer');
    });
    expect(await store.getSetting('k')).toBe('outer');
  });

  it('postgres: migrations are idempotent: several processes opening at once, and a second open', async () => {
    const others = await Promise.all([openPostgresStore(db.url), openPostgresStore(db.url), openPostgresStore(db.url)]);
    for (const o of others) {
      expect(o.engine).toBe('postgres');
      expect(await o.getSetting('k')).toBe('outer');
      await o.close();
    }
    const versions = (await raw.query('SELECT version FROM schema_version ORDER BY version')).rows.map((r: { version: number }) => r.version);
    expect(versions).toEqual([1]);
    await raw.query('INSERT INTO schema_version(version, name, applied_at) VALUES (99, $1, 0)', ['from the future']);
    await expect(openPostgresStore(db.url)).rejects.toThrow(/newer than this build/);
    await raw.query('DELETE FROM schema_version WHERE version = 99');
  });

  it('postgres: the location hides the password', async () => {
    const { redact } = await import('./connection.js');
    expect(redact('postgres://bot:s3cret@db.example:5432/sahel')).toBe('postgres://bot:***@db.example:5432/sahel');
    expect(store.location).not.toMatch(/s3cret/);
  });
});

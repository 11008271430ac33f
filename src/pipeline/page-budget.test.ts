// Page fetches while polling are capped per cycle and per host, and a first run fetches only the pages of what it
// posts: a real runtime (its poller and pipeline) against feeds and article pages on loopback.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCoreConfig } from '../config.js';
import { silentLogger } from '../log.js';
import { ManualClock } from '../clock.js';
import { createRuntime, type Runtime } from '../app/runtime.js';
import { startFeedServer, rss2, type FeedServer, type FixtureItem } from '../../test/feed-server.js';
import { databaseEnv, freshAddress } from '../../test/store.js';

const T0 = Date.UTC(2024, 5, 10, 12, 0, 0);
const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const PAGE = `<html><body><article><h1>Niger</h1>${'<p>La junte au pouvoir à Niamey a annoncé lundi de nouvelles mesures pour la sécurité des populations du Niger.</p>'.repeat(6)}</article></body></html>`;

let server: FeedServer;
let runtime: Runtime;
let clock: ManualClock;

/** A teaser about the Sahel whose page is on `host` (127.0.0.1 and localhost are two hosts to the budget). */
const teaser = (feed: string, n: number, host: string): FixtureItem => ({
  title: `Niger : la junte de Niamey annonce des mesures (${feed} ${n})`,
  link: server.url(`/page/${feed}/${n}`).replace('127.0.0.1', host),
  guid: `${feed}-${n}`,
  description: 'Lire la suite…',
  pubDate: T0 - n * 60_000,
});

async function start(env: Record<string, string>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-pages-'));
  writeFileSync(join(dir, 'feeds.json'), JSON.stringify({ feeds: [] }));
  const config = loadCoreConfig({ NODE_ENV: 'test', ...databaseEnv((await freshAddress('pages')).address), FEEDS_FILE: join(dir, 'feeds.json'), ALLOW_PRIVATE_NETWORKS: 'true', ...env });
  runtime = await createRuntime(config, silentLogger(), clock);
}

async function follow(path: string) {
  const { store } = runtime;
  const feed = await store.feeds.ensure(server.url(path), clock.now(), 'Teasers');
  await store.feeds.ensureGuildInitialised(GUILD, clock.now());
  await store.feeds.addToGuild(GUILD, feed.id, null, clock.now());
  await store.subscriptions.upsert({ guildId: GUILD, channelId: CHANNEL }, clock.now());
  return feed.id;
}

const pageHits = (feed: string) => server.requests.filter((r) => r.path.startsWith(`/page/${feed}/`));

beforeEach(async () => {
  server = await startFeedServer();
  clock = new ManualClock(T0);
});
afterEach(async () => {
  await runtime?.close();
  await server.close();
});

describe('page fetches while polling', () => {
  it('a first run of 40 teasers fetches no page; with FIRST_RUN_POST_NEWEST=2 only the 2 it posts', async () => {
    await start({ FIRST_RUN_POST_NEWEST: '0' });
    for (let n = 0; n < 40; n++) server.setFeed(`/page/a/${n}`, PAGE, { contentType: 'text/html; charset=utf-8' });
    server.setFeed('/a.xml', rss2(Array.from({ length: 40 }, (_, n) => teaser('a', n, '127.0.0.1'))));
    const a = await follow('/a.xml');
    await runtime.poller.runCycle([(await runtime.store.feeds.byId(a))!]);
    expect(await runtime.store.items.count()).toBe(40);
    expect(pageHits('a')).toHaveLength(0);
    await runtime.close();

    await start({ FIRST_RUN_POST_NEWEST: '2' });
    for (let n = 0; n < 40; n++) server.setFeed(`/page/b/${n}`, PAGE, { contentType: 'text/html; charset=utf-8' });
    server.setFeed('/b.xml', rss2(Array.from({ length: 40 }, (_, n) => teaser('b', n, '127.0.0.1'))));
    const b = await follow('/b.xml');
    await runtime.poller.runCycle([(await runtime.store.feeds.byId(b))!]);
    expect(await runtime.store.deliveries.pendingCount()).toBeGreaterThan(0); // (the two may be one story)
    // The newest two (n = 0 and 1) are the ones posted, and only their pages were read.
    expect(pageHits('b').map((r) => r.path).sort()).toEqual(['/page/b/0', '/page/b/1']);
  }, 60_000);

  it('a cycle fetches at most PAGE_FETCHES_PER_CYCLE pages in all and PAGE_FETCHES_PER_HOST per host; the rest are stored from their feed text', async () => {
    await start({ PAGE_FETCHES_PER_CYCLE: '5', PAGE_FETCHES_PER_HOST: '3' });
    for (const f of ['c', 'd']) for (let n = 0; n < 12; n++) server.setFeed(`/page/${f}/${n}`, PAGE, { contentType: 'text/html; charset=utf-8' });
    server.setFeed('/c.xml', rss2([teaser('c', 100, '127.0.0.1')]));
    server.setFeed('/d.xml', rss2([teaser('d', 100, 'localhost')]));
    const ids = [await follow('/c.xml'), await follow('/d.xml')];
    await runtime.poller.runCycle(await Promise.all(ids.map(async (id) => (await runtime.store.feeds.byId(id))!))); // first runs
    // Ten new teasers in each feed: c's pages on 127.0.0.1, d's on localhost, one budget for the cycle.
    server.setFeed('/c.xml', rss2(Array.from({ length: 10 }, (_, n) => teaser('c', n, '127.0.0.1'))));
    server.setFeed('/d.xml', rss2(Array.from({ length: 10 }, (_, n) => teaser('d', n, 'localhost'))));
    clock.advance(600_000);
    await runtime.poller.runCycle(await Promise.all(ids.map(async (id) => (await runtime.store.feeds.byId(id))!)));
    const c = pageHits('c').length;
    const d = pageHits('d').length;
    expect(c).toBeLessThanOrEqual(3);
    expect(d).toBeLessThanOrEqual(3);
    expect(c + d).toBe(5);
    expect(await runtime.store.items.count()).toBe(22); // every item stored, those without a page from their feed text
    expect(await runtime.store.deliveries.pendingCount()).toBeGreaterThan(0);
    // The next cycle has its own budget.
    server.setFeed('/c.xml', rss2(Array.from({ length: 11 }, (_, n) => teaser('c', n, '127.0.0.1'))));
    clock.advance(600_000);
    await runtime.poller.runCycle(await Promise.all(ids.map(async (id) => (await runtime.store.feeds.byId(id))!)));
    expect(pageHits('c').length).toBe(c + 1);
  }, 60_000);
});

// The pipeline against a real SQLite file and a real feed server on 127.0.0.1.
import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../store/index.js';
import { silentLogger } from '../log.js';
import { pollFeed } from './ingest.js';
import { testPipelineDeps, usePipelineFixture } from '../../test/pipeline-deps.js';
import { createArticleService } from './articles.js';
import { whyEmbed } from '../../commands/sahel/reading.js';
import type { TopicMatch } from '../topics/index.js';
import { PAUSE_AFTER_FAILURES } from '../scheduler/timing.js';
import { rss2, type FixtureItem } from '../../test/feed-server.js';
import { storageFault } from '../../test/storage-fault.js';
import { testEngine } from '../../test/store.js';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const T0 = Date.UTC(2024, 5, 10, 12, 0, 0);

const niger = (n: number, extra: Partial<FixtureItem> = {}): FixtureItem => ({
  title: [
    'Niger junta expels French ambassador as tensions rise in Niamey',
    'Mali: attack on army convoy near Gao kills soldiers, JNIM claims responsibility',
    'Burkina Faso : le capitaine Traoré annonce la prolongation de la transition',
    'Tchad : Mahamat Idriss Déby remporte la présidentielle à N’Djamena',
    'Mauritanie : des migrants secourus au large de Nouadhibou',
  ][n % 5]!,
  link: `https://news.example.org/sahel/${n}`,
  guid: `sahel-${n}`,
  description: [
    'The military government in Niamey ordered the French ambassador to leave Niger within 48 hours, escalating a standoff since the July coup that toppled President Mohamed Bazoum.',
    'Gunmen attacked a Malian army convoy near Gao on Sunday, the army said, in an ambush claimed by the al Qaeda-linked JNIM group in central and northern Mali.',
    'Le chef de la junte au Burkina Faso, le capitaine Ibrahim Traoré, a annoncé à Ouagadougou la prolongation de la transition de cinq ans.',
    'Le président de transition du Tchad, Mahamat Idriss Déby, a été déclaré vainqueur de l’élection présidentielle par l’agence électorale à N’Djamena.',
    'Les garde-côtes mauritaniens ont secouru plus de cent migrants au large de Nouadhibou, en route vers les îles Canaries.',
  ][n % 5]!,
  pubDate: T0 - (10 - n) * 3600_000,
  ...extra,
});

const fx = usePipelineFixture('ingest', T0);

async function subscribedFeed(path: string) {
  const feed = await fx.store.feeds.ensure(fx.server.url(path), fx.clock.now(), 'Example News');
  await fx.store.feeds.ensureGuildInitialised(GUILD, fx.clock.now());
  await fx.store.feeds.addToGuild(GUILD, feed.id, null, fx.clock.now());
  await fx.store.subscriptions.upsert({ guildId: GUILD, channelId: CHANNEL }, fx.clock.now());
  return feed;
}

describe('pollFeed', () => {
  it('first run stores the current items and posts none of them; later items are posted once', async () => {
    fx.server.setFeed('/feed.xml', rss2([niger(0), niger(1)], { title: 'Example News' }));
    const feed = await subscribedFeed('/feed.xml');

    const first = await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!);
    expect(first.status).toBe('first-run');
    expect(first.items).toHaveLength(2);
    expect(await fx.store.deliveries.pendingCount()).toBe(0);
    expect(await fx.store.items.count()).toBe(2);

    fx.clock.advance(600_000);
    fx.server.setFeed('/feed.xml', rss2([niger(0), niger(1), niger(2), niger(3)], { title: 'Example News' }));
    const second = await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!);
    expect(second.status).toBe('new');
    expect(second.items.map((i) => i.title)).toEqual([niger(2).title, niger(3).title]);
    expect(second.items.every((i) => i.relevant)).toBe(true);
    expect(await fx.store.deliveries.pendingCount()).toBe(2);

    // The publisher bumps every pubDate and reorders: nothing is new.
    fx.clock.advance(600_000);
    const bumped = [niger(3), niger(2), niger(1), niger(0)].map((i) => ({ ...i, pubDate: fx.clock.now() }));
    fx.server.setFeed('/feed.xml', rss2(bumped, { title: 'Example News' }));
    const third = await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!);
    expect(third.items).toHaveLength(0);
    expect(await fx.store.deliveries.pendingCount()).toBe(2);
  });

  it('with firstRunPostNewest 2, a first run queues the 2 newest Sahel stories and stores the rest', async () => {
    fx.deps = await testPipelineDeps(fx.store, fx.clock, silentLogger(), { firstRunPostNewest: 2 });
    // Five items, newest last in time but listed in no particular order; the newest is not about the Sahel,
    // so "the newest 2" worth posting are niger(3) and niger(2).
    const sport = {
      title: 'Chad Pennington joins broadcast team for the new NFL season',
      link: 'https://news.example.org/sport/1', guid: 'sport-1',
      description: 'Former New York Jets quarterback Chad Pennington will call games this autumn.', pubDate: T0 - 60_000,
    };
    fx.server.setFeed('/first.xml', rss2([niger(2), sport, niger(0), niger(3), niger(1)], { title: 'Example News' }));
    const feed = await subscribedFeed('/first.xml');

    const out = await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!);
    expect(out.status).toBe('first-run');
    expect(out.items).toHaveLength(5);
    expect(await fx.store.items.count()).toBe(5);
    expect(out.items.filter((i) => i.relevant).map((i) => i.title)).toEqual([niger(0).title, niger(1).title, niger(2).title, niger(3).title]);
    const queued = await fx.store.deliveries.pending(fx.clock.now());
    expect(await Promise.all(queued.map(async (d) => (await fx.store.stories.byId(d.storyId))!.title))).toEqual([niger(2).title, niger(3).title]);
    expect(queued.every((d) => d.channelId === CHANNEL)).toBe(true);
    expect(out.items.map((i) => i.deliveries)).toEqual([0, 0, 1, 1, 0]);

    // Later polls are not first runs: a new item is queued whatever the setting.
    fx.clock.advance(600_000);
    fx.server.setFeed('/first.xml', rss2([niger(2), sport, niger(0), niger(3), niger(1), niger(4)], { title: 'Example News' }));
    const next = await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!);
    expect(next.status).toBe('new');
    expect(next.items.map((i) => i.deliveries)).toEqual([1]);
    expect(await fx.store.deliveries.pendingCount()).toBe(3);
  });

  it('a 304 reuses what is stored and records a healthy poll', async () => {
    fx.server.setFeed('/etag.xml', rss2([niger(0)]));
    const feed = await subscribedFeed('/etag.xml');
    await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!);
    fx.clock.advance(600_000);
    const again = await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!);
    expect(again.status).toBe('not-modified');
    const last = fx.server.requests.at(-1)!;
    expect(last.headers['if-none-match']).toBeTruthy();
    expect((await fx.store.feeds.byId(feed.id))!.lastSuccessAt).toBe(fx.clock.now());
  });

  // A storage fault is injected as a trigger in the SQLite file: these two run on SQLite only.
  it.skipIf(testEngine() === 'postgres')('retries an item that failed to store at the next poll (the body is read again), and posts it once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sahel-retry-'));
    const own = SqliteStore.open(join(dir, 'db.sqlite'));
    const ownDeps = await testPipelineDeps(own, fx.clock, silentLogger());
    // A real storage fault for one item: a trigger on the same SQLite file refuses its row.
    const raw = storageFault(join(dir, 'db.sqlite'));
    try {
      const feed = await own.feeds.ensure(fx.server.url('/retry.xml'), fx.clock.now(), 'Example News');
      await own.feeds.ensureGuildInitialised(GUILD, fx.clock.now());
      await own.feeds.addToGuild(GUILD, feed.id, null, fx.clock.now());
      await own.subscriptions.upsert({ guildId: GUILD, channelId: CHANNEL }, fx.clock.now());
      fx.server.setFeed('/retry.xml', rss2([niger(0), niger(1)]));
      await pollFeed(ownDeps, (await own.feeds.byId(feed.id))!);
      fx.server.setFeed('/retry.xml', rss2([niger(0), niger(1), niger(2), niger(3)]));
      raw.refuse('items', 'identity', '%sahel-3%');
      fx.clock.advance(600_000);
      const failed = await pollFeed(ownDeps, (await own.feeds.byId(feed.id))!);
      expect(failed.items.map((i) => i.title)).toEqual([niger(2).title]);
      raw.lift();
      fx.clock.advance(600_000);
      const retried = await pollFeed(ownDeps, (await own.feeds.byId(feed.id))!);
      expect(retried.status).toBe('new');
      expect(retried.items.map((i) => i.title)).toEqual([niger(3).title]);
      expect(await own.items.count()).toBe(4);
      expect(await own.deliveries.pendingCount()).toBe(2);
      // Stored at last, it is known: the poll after that uses the validators again and stores nothing twice.
      fx.clock.advance(600_000);
      expect((await pollFeed(ownDeps, (await own.feeds.byId(feed.id))!)).status).toBe('not-modified');
      expect(await own.items.count()).toBe(4);
    } finally {
      raw.close();
      await own.close();
    }
  });

  it.skipIf(testEngine() === 'postgres')('a first run whose item failed stays a first run: the retried item is stored, not posted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sahel-retry-first-'));
    const own = SqliteStore.open(join(dir, 'db.sqlite'));
    const ownDeps = await testPipelineDeps(own, fx.clock, silentLogger());
    const raw = storageFault(join(dir, 'db.sqlite'));
    try {
      const feed = await own.feeds.ensure(fx.server.url('/retry-first.xml'), fx.clock.now(), 'Example News');
      await own.feeds.ensureGuildInitialised(GUILD, fx.clock.now());
      await own.feeds.addToGuild(GUILD, feed.id, null, fx.clock.now());
      await own.subscriptions.upsert({ guildId: GUILD, channelId: CHANNEL }, fx.clock.now());
      fx.server.setFeed('/retry-first.xml', rss2([niger(0), niger(1)]));
      raw.refuse('items', 'identity', '%sahel-1%');
      expect((await pollFeed(ownDeps, (await own.feeds.byId(feed.id))!)).status).toBe('first-run');
      raw.lift();
      fx.clock.advance(600_000);
      const retried = await pollFeed(ownDeps, (await own.feeds.byId(feed.id))!);
      expect(retried.status).toBe('first-run');
      expect(retried.items.map((i) => i.title)).toEqual([niger(1).title]);
      expect(await own.deliveries.pendingCount()).toBe(0);
    } finally {
      raw.close();
      await own.close();
    }
  });

  it('keeps stories that are not about the Sahel out of the outbox', async () => {
    fx.server.setFeed('/mixed.xml', rss2([niger(0)]));
    const feed = await subscribedFeed('/mixed.xml');
    await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!);
    fx.clock.advance(600_000);
    fx.server.setFeed('/mixed.xml', rss2([niger(0), {
      title: 'Chad Pennington joins broadcast team for the new NFL season',
      link: 'https://news.example.org/sport/1', guid: 'sport-1',
      description: 'Former New York Jets quarterback Chad Pennington will call games this autumn.', pubDate: T0,
    }]));
    const out = await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!);
    expect(out.items).toHaveLength(1);
    expect(out.items[0]!.relevant).toBe(false);
    expect(await fx.store.deliveries.pendingCount()).toBe(0);
  });

  it('backs off a failing feed, then pauses it after 10 failures and queues one notice per subscribed channel', async () => {
    const feed = await subscribedFeed('/missing.xml');
    let f = (await fx.store.feeds.byId(feed.id))!;
    const first = await pollFeed(fx.deps, f);
    expect(first.status).toBe('failed');
    f = (await fx.store.feeds.byId(feed.id))!;
    expect(f.consecutiveFailures).toBe(1);
    expect(f.nextPollAt! - fx.clock.now()).toBe(5 * 60_000);
    expect(f.lastError).toMatch(/404/);
    for (let i = 2; i <= PAUSE_AFTER_FAILURES; i++) {
      fx.clock.set(f.nextPollAt!);
      await pollFeed(fx.deps, f);
      f = (await fx.store.feeds.byId(feed.id))!;
    }
    expect(f.pausedAt).not.toBeNull();
    expect((await fx.store.feeds.due(fx.clock.now() + 10 * 86_400_000)).find((x) => x.id === feed.id)).toBeUndefined();
    const notices = await fx.store.subscriptions.pendingNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.channelId).toBe(CHANNEL);
    // Data, not Discord text: the chat adapter words it (src/discord/notices.test.ts).
    expect(notices[0]).toMatchObject({ kind: 'feed-paused', params: { feed: 'Example News', failures: PAUSE_AFTER_FAILURES, error: expect.stringMatching(/answered 404/) } });
    expect(notices[0]).not.toHaveProperty('text');
  });

  it('one story across two outlets: the second source joins and flags the post for an edit', async () => {
    fx.server.setFeed('/a.xml', rss2([niger(4)], { title: 'Outlet A' }));
    fx.server.setFeed('/b.xml', rss2([niger(4)], { title: 'Outlet B' }));
    const a = await subscribedFeed('/a.xml');
    const b = await fx.store.feeds.ensure(fx.server.url('/b.xml'), fx.clock.now(), 'Outlet B');
    await fx.store.feeds.addToGuild(GUILD, b.id, null, fx.clock.now());
    await pollFeed(fx.deps, (await fx.store.feeds.byId(a.id))!);
    await pollFeed(fx.deps, (await fx.store.feeds.byId(b.id))!);
    fx.clock.advance(600_000);
    const report = { title: niger(0).title, link: 'https://a.example/niger-ambassador', guid: 'a-amb', description: niger(0).description, pubDate: fx.clock.now() - 60_000 };
    fx.server.setFeed('/a.xml', rss2([niger(4), report], { title: 'Outlet A' }));
    const outA = await pollFeed(fx.deps, (await fx.store.feeds.byId(a.id))!);
    expect(outA.items[0]!.joinedStory).toBe(false);
    const pending = await fx.store.deliveries.pending(fx.clock.now());
    expect(pending).toHaveLength(1);
    await fx.store.deliveries.markSent(pending[0]!.id, '300000000000000001', fx.clock.now());

    fx.server.setFeed('/b.xml', rss2([niger(4), { ...report, link: 'https://b.example/2024/niger-expels-ambassador?utm_source=rss', guid: 'b-amb' }], { title: 'Outlet B' }));
    const outB = await pollFeed(fx.deps, (await fx.store.feeds.byId(b.id))!);
    expect(outB.items[0]!.joinedStory).toBe(true);
    expect(outB.items[0]!.storyId).toBe(outA.items[0]!.storyId);
    expect(await fx.store.deliveries.pendingCount()).toBe(0);
    expect(await fx.store.deliveries.pendingEdits()).toHaveLength(1);
    expect((await fx.store.stories.byId(outA.items[0]!.storyId!))!.sourceCount).toBe(2);
  });
});

describe('pollFeed: what a story shows', () => {
  // The first report of an attack claim in Bamako, short as wire teasers are.
  const claim: FixtureItem = {
    title: 'JNIM claims attack on gendarmerie school and airport in Bamako',
    link: 'https://wire.example/bamako-claim',
    guid: 'bamako-claim',
    description: 'The al Qaeda-linked JNIM group claimed responsibility for the attack on a gendarmerie training school and the military airport in Bamako on Tuesday, in which dozens of trainees were killed, the group said in a statement.',
    pubDate: T0 - 3600_000,
  };
  // Another report that joins the story: longer, of the same event, in other words.
  const longerReport: FixtureItem = {
    title: 'Bamako attack: Mali junta admits losses after JNIM assault on gendarmerie school',
    link: 'https://other.example/bamako-losses',
    guid: 'bamako-losses',
    description: `${'Mali’s military government acknowledged on Wednesday that dozens of gendarmerie trainees were killed when JNIM fighters stormed the gendarmerie training school and the military airport in Bamako on Tuesday. '.repeat(1)}The junta said the situation was under control in the capital. ${'Residents described hours of gunfire near the airport as smoke rose over the city, and flights were suspended until the evening. '.repeat(3)}`,
    pubDate: T0 - 1800_000,
  };

  it('keeps the posted headline and link when a longer, different report joins; a fuller copy of the same text replaces them', async () => {
    fx.server.setFeed('/wire.xml', rss2([], { title: 'Wire' }));
    fx.server.setFeed('/other.xml', rss2([], { title: 'Other' }));
    const wire = await subscribedFeed('/wire.xml');
    const other = await fx.store.feeds.ensure(fx.server.url('/other.xml'), fx.clock.now(), 'Other');
    await fx.store.feeds.addToGuild(GUILD, other.id, null, fx.clock.now());
    await pollFeed(fx.deps, (await fx.store.feeds.byId(wire.id))!);
    await pollFeed(fx.deps, (await fx.store.feeds.byId(other.id))!);

    fx.clock.advance(600_000);
    fx.server.setFeed('/wire.xml', rss2([claim], { title: 'Wire' }));
    const [posted] = (await pollFeed(fx.deps, (await fx.store.feeds.byId(wire.id))!)).items;
    expect(posted!.deliveries).toBe(1);

    fx.clock.advance(600_000);
    fx.server.setFeed('/other.xml', rss2([longerReport], { title: 'Other' }));
    const [joined] = (await pollFeed(fx.deps, (await fx.store.feeds.byId(other.id))!)).items;
    expect(joined!.storyId).toBe(posted!.storyId);
    // Why it joined is kept for /sahel story and /sahel why: another report, with the names both texts give.
    const join = (await fx.store.items.byId(joined!.itemId))!.storyJoin!;
    expect(join.reason).toBe('rewrite');
    expect(join.similarity).toBeGreaterThanOrEqual(0.25);
    expect(join.names).toEqual(expect.arrayContaining(['Bamako', 'Jnim']));
    expect(join.kinds).toContain('attack');
    expect((await fx.store.items.byId(posted!.itemId))!.storyJoin).toBeNull();
    const story = (await fx.store.stories.byId(posted!.storyId!))!;
    expect(story.title).toBe(claim.title);
    expect(story.link).toBe(claim.link);

    // The same wire text, republished whole with more paragraphs: the fuller copy may show.
    fx.clock.advance(600_000);
    const fuller: FixtureItem = {
      ...claim,
      link: 'https://reprint.example/bamako-claim-full',
      guid: 'bamako-claim-full',
      description: `${claim.description} ${'The group said its fighters had planned the operation for months and released photographs of the assault. '.repeat(3)}`,
    };
    fx.server.setFeed('/wire.xml', rss2([claim, fuller], { title: 'Wire' }));
    const [copy] = (await pollFeed(fx.deps, (await fx.store.feeds.byId(wire.id))!)).items;
    expect(copy!.storyId).toBe(posted!.storyId);
    expect((await fx.store.stories.byId(posted!.storyId!))!.link).toBe(fuller.link);
  });
});

describe('pollFeed: a teaser is judged on its article', () => {
  // A feed that gives a headline and one line (2.6 against a threshold of 3); the page names the five countries.
  const teaser: FixtureItem = {
    title: 'Macron convoque cinq présidents africains à Pau pour « des clarifications »',
    guid: 'pau-summit',
    description: 'Après la mort de treize soldats de l’opération Barkhane, le président français attend des « clarifications ».',
    pubDate: T0 - 3600_000,
  };
  const page = (body: string) => `<!doctype html><html><head><title>Sommet de Pau</title></head><body><nav>Accueil · Afrique · Monde</nav><article><h1>${teaser.title}</h1>${body}</article><footer>© Presse</footer></body></html>`;
  const article = [
    'Emmanuel Macron a convoqué les présidents du Mali, du Burkina Faso, du Niger, du Tchad et de la Mauritanie, les cinq pays du G5 Sahel, à un sommet à Pau le mois prochain.',
    'Le président français attend d’Ibrahim Boubacar Keïta, de Roch Marc Christian Kaboré, de Mahamadou Issoufou, d’Idriss Déby et de Mohamed Ould Ghazouani qu’ils clarifient leur position sur la présence de l’opération Barkhane au Sahel.',
    'La mort de treize soldats français au Mali fin novembre a relancé le débat sur l’engagement militaire de la France contre les groupes jihadistes dans la région.',
    'À Bamako et à Ouagadougou, des manifestations ont réclamé le départ des troupes françaises, tandis qu’à Niamey le gouvernement a défendu la coopération militaire.',
  ].map((p) => `<p>${p}</p>`).join('');

  it('fetches the page of a teaser close to the threshold, and decides relevance, countries and themes on the article', async () => {
    const log = silentLogger();
    fx.deps = {
      ...(await testPipelineDeps(fx.store, fx.clock, log)),
      articles: createArticleService({ userAgent: 'SahelWatchTest/1', allowPrivateNetworks: true, fetchPages: true, llm: null, log }),
    };
    fx.server.setFeed('/pau', page(article), { contentType: 'text/html; charset=utf-8' });
    fx.server.setFeed('/teasers.xml', rss2([], { title: 'Presse' }));
    const feed = await subscribedFeed('/teasers.xml');
    await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!);
    fx.clock.advance(600_000);
    fx.server.setFeed('/teasers.xml', rss2([{ ...teaser, link: fx.server.url('/pau') }], { title: 'Presse' }));
    const [item] = (await pollFeed(fx.deps, (await fx.store.feeds.byId(feed.id))!)).items;

    expect(item!.relevant).toBe(true);
    expect(new Set(item!.countries)).toEqual(new Set(['MLI', 'BFA', 'NER', 'TCD', 'MRT']));
    expect(item!.deliveries).toBe(1);
    const stored = (await fx.store.items.byId(item!.itemId))!;
    expect((stored.topicMatch as { decidedOn?: string }).decidedOn).toBe('article');
    expect(stored.articleText).toMatch(/cinq pays du G5 Sahel/);
    expect(fx.server.hits('/pau')).toBe(1);
    // /sahel why says which text decided.
    const why = whyEmbed(stored, stored.topicMatch as TopicMatch, 'en').description;
    expect(why).toContain('judged on the article page (the feed gave only a teaser)');
  });
});

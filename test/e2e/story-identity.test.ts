// End to end: story identity over simulated weeks. The real bot, the fake Discord and two loopback feeds; the
// bot's clock is moved forward between phases (restarted with SAHEL_CLOCK_OFFSET_MS, the store kept). In both
// orders of the two feeds: one post per event, a French report and a follow-up with a new toll edit it ("also
// reported by") without changing its headline, a later call of the same leaders is a new post, the seeds
// republished months later change nothing and post nothing, and a 2004 wire item reaches only the channel that
// takes older stories, labelled as such.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { FakeDiscord, FakeMessage } from '../fake-discord.js';
import { rss2, type FeedServer, type FixtureItem } from '../feed-server.js';
import { eventually, type BotProcess } from '../bot-process.js';
import { startHarness, MANAGE_GUILD, type Harness } from './harness.js';
import { ATTACK_TITLE, LATER_CALL_TITLE, OLD_WIRE_TITLE, seedsPresent, timeline, type Phase } from './story-timeline.js';

const GUILD = '130000000000000001';
const NEWS = '140000000000000001';
const OLDER = '140000000000000002';
const OUTLET = { a: 'Sahel Wire', b: 'Presse Sahel' } as const;

type FeedKey = 'a' | 'b';

interface Run {
  h: Harness;
  discord: FakeDiscord;
  feeds: FeedServer;
  bot: BotProcess | null;
  published: Record<FeedKey, FixtureItem[]>;
}

const embedOf = (m: FakeMessage) => (m.embeds?.[0] ?? {}) as { title?: string; fields?: { name: string; value: string }[] };
const titles = (run: Run, channel: string) => run.discord.channelMessages(channel).map((m) => embedOf(m).title ?? '');
const alsoReported = (m: FakeMessage) => embedOf(m).fields?.find((f) => f.name === 'Also reported by')?.value ?? '';

async function startAt(run: Run, now: number): Promise<void> {
  await run.bot?.kill('SIGTERM');
  const sessions = run.discord.readyCount;
  run.bot = run.h.startBot({ SAHEL_CLOCK_OFFSET_MS: String(now - Date.now()) });
  await run.discord.waitForReady(20_000, sessions);
}

/** Adds a phase's items to one feed (the feed keeps what it had) and waits until the bot has polled them. */
async function publish(run: Run, feed: FeedKey, items: FixtureItem[]): Promise<void> {
  if (items.length === 0) return;
  run.published[feed].push(...items);
  const url = run.feeds.url(`/${feed}.xml`);
  const seen = run.bot!.logs().length;
  run.feeds.setFeed(`/${feed}.xml`, rss2([...run.published[feed]].reverse(), { title: OUTLET[feed], language: feed === 'a' ? 'en' : 'fr' }));
  await eventually(() => run.bot!.logs().slice(seen).some((l) => l.msg === 'feed polled' && l.feed === url && Number(l.fresh) >= items.length), 30_000, `the bot polls ${items.length} new item(s) of feed ${feed}`);
}

/** Waits for a few more poll cycles of both feeds, so that nothing more is on its way. */
async function settle(run: Run): Promise<void> {
  const hits = run.feeds.hits('/a.xml') + run.feeds.hits('/b.xml');
  await eventually(() => run.feeds.hits('/a.xml') + run.feeds.hits('/b.xml') >= hits + 6, 20_000, 'three more polls of each feed');
}

async function playPhase(run: Run, phase: Phase, order: [FeedKey, FeedKey]): Promise<void> {
  await startAt(run, phase.now);
  for (const feed of order) await publish(run, feed, phase[feed]);
  await settle(run);
}

describe.skipIf(!seedsPresent).each([
  { order: ['a', 'b'] as [FeedKey, FeedKey] },
  { order: ['b', 'a'] as [FeedKey, FeedKey] },
])('story identity over simulated weeks, feeds polled in the order $order', ({ order }) => {
  const run = { bot: null, published: { a: [], b: [] } } as unknown as Run;
  const phases = seedsPresent ? timeline() : [];
  const first = (phase: Phase) => phase[order[0]][0] ?? phase[order[1]][0]!;

  beforeAll(async () => {
    run.h = await startHarness({
      name: 'stories-e2e',
      guilds: [{ id: GUILD, name: 'Sahel Desk', channels: [{ id: NEWS, name: 'sahel-news' }, { id: OLDER, name: 'sahel-archive' }] }],
      env: { DISCORD_TOKEN: 'e2e-story-identity-token', FETCH_ARTICLE_PAGES: 'false', FLOOD_CAP: '100' },
      feeds: [{ url: '/a.xml', title: OUTLET.a }, { url: '/b.xml', title: OUTLET.b }],
    });
    ({ discord: run.discord, feeds: run.feeds } = run.h);
    run.feeds.setFeed('/a.xml', rss2([], { title: OUTLET.a, language: 'en' }));
    run.feeds.setFeed('/b.xml', rss2([], { title: OUTLET.b, language: 'fr' }));
    // First run on empty feeds, then two channels subscribe: one with the defaults, one that takes older stories.
    await startAt(run, phases[0]!.now - 3600_000);
    await settle(run);
    for (const [channel, options] of [[NEWS, []], [OLDER, [{ type: 5, name: 'older_stories', value: true }]]] as const) {
      const { id } = await run.discord.slashCommand({ guildId: GUILD, channelId: channel, name: 'sahel', options: [{ type: 1, name: 'subscribe', options: [...options] }], permissions: MANAGE_GUILD });
      expect((await run.discord.waitForInteractionResponse(id)).content).toMatch(/will receive new Sahel stories/);
    }
  }, 60_000);

  afterAll(() => run.h?.close());

  it('posts the call once and edits in the report in the other language without changing the headline', async () => {
    const phase = phases[0]!;
    await playPhase(run, phase, order);
    const expected = first(phase).title!;
    expect(titles(run, NEWS)).toEqual([expected]);
    expect(titles(run, OLDER)).toEqual([expected]);
    const other = order[0] === 'a' ? OUTLET.b : OUTLET.a;
    await eventually(() => alsoReported(run.discord.channelMessages(NEWS)[0]!).includes(other), 20_000, `"also reported by ${other}" edited in`);
    expect(titles(run, NEWS)).toEqual([expected]);
  }, 90_000);

  it('posts a later call between the same leaders as a new story', async () => {
    await playPhase(run, phases[1]!, order);
    expect(titles(run, NEWS)).toHaveLength(2);
    expect(titles(run, NEWS)[1]).toBe(LATER_CALL_TITLE);
  }, 90_000);

  it('posts nothing new for the seeds republished in 2023 and 2025, keeps the call’s headline, and sends the 2004 item only where older stories are wanted', async () => {
    await playPhase(run, phases[2]!, order);
    const callHeadline = first(phases[0]!).title!;
    expect(titles(run, NEWS)).toEqual([callHeadline, LATER_CALL_TITLE]);
    await eventually(() => titles(run, OLDER).length === 3, 20_000, 'the older story reaches the archive channel');
    expect(titles(run, OLDER)).toEqual([callHeadline, LATER_CALL_TITLE, `🕰️ Older story · ${OLD_WIRE_TITLE}`]);
    // The republications joined the call's story, which still shows its first report (not seed 000's page).
    expect(embedOf(run.discord.channelMessages(NEWS)[0]!).title).not.toMatch(/^PUTIN TALKS/);
  }, 90_000);

  it('posts the attack once and edits in the follow-up that raises the toll', async () => {
    const phase = phases[3]!;
    await playPhase(run, phase, order);
    const expected = first(phase).title!;
    expect(titles(run, NEWS)).toHaveLength(3);
    expect(titles(run, NEWS)[2]).toBe(expected);
    const other = order[0] === 'a' ? OUTLET.b : OUTLET.a;
    await eventually(() => alsoReported(run.discord.channelMessages(NEWS)[2]!).includes(other), 20_000, `"also reported by ${other}" on the attack`);
    expect(titles(run, NEWS)[2]).toBe(expected);
    expect([ATTACK_TITLE, phase.b[0]!.title]).toContain(expected);
  }, 90_000);
});

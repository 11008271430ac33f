// Exactly once beyond Discord's nonce window: the bot is killed after Discord created its post but before it
// recorded the message id, and stays down longer than the window (shortened in the fake). After the restart the
// post is found in the channel and adopted, not posted twice, and the "also reported by" edit goes to it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { rss2, type FixtureItem } from '../feed-server.js';
import { eventually, type BotProcess } from '../bot-process.js';
import { sahelHeadline } from './fixtures.js';
import { startHarness, sub, type Harness } from './harness.js';

const GUILD = '190000000000000001';
const CHANNEL = '200000000000000001';
const NONCE_WINDOW_MS = 1_500;

let h: Harness;
let bot: BotProcess | null = null;

const at = (item: FixtureItem, ageMs: number): FixtureItem => ({ ...item, pubDate: Date.now() - ageMs });

beforeAll(async () => {
  h = await startHarness({
    name: 'once',
    nonceWindowMs: NONCE_WINDOW_MS,
    guilds: [{ id: GUILD, name: 'Once', channels: [{ id: CHANNEL, name: 'news' }] }],
    env: { DISCORD_TOKEN: 'exactly-once-token-b71d', FLOOD_CAP: '100' },
    feeds: [{ url: '/first.xml' }, { url: '/second.xml' }],
  });
  h.feeds.setFeed('/first.xml', rss2([at(sahelHeadline(3), 90_000)], { title: 'First Wire', language: 'en' }));
  h.feeds.setFeed('/second.xml', rss2([at(sahelHeadline(4), 90_000)], { title: 'Second Wire', language: 'en' }));
}, 30_000);

afterAll(() => h?.close());

describe('exactly once beyond the nonce window', () => {
  it('a post created before a crash and not recorded is adopted after an outage longer than the window', async () => {
    bot = await h.startPolling({}, (l) => l.msg === 'feed polled' && l.firstRun === true);
    await h.run(sub('subscribe'));

    // Discord creates the post at once but its answer never reaches the bot: killed while waiting for it.
    h.discord.delayResponses('POST', /^\/channels\/\d+\/messages$/, 60_000);
    const story = at(sahelHeadline(7), 30_000);
    h.feeds.setFeed('/first.xml', rss2([story, at(sahelHeadline(3), 90_000)], { title: 'First Wire', language: 'en' }));
    await h.discord.waitForMessages(CHANNEL, 1, 20_000);
    await bot.kill('SIGKILL');
    h.discord.delayResponses('POST', /^\/channels\/\d+\/messages$/, 0);
    // Down for longer than Discord remembers the nonce.
    await new Promise((r) => setTimeout(r, NONCE_WINDOW_MS + 1_000));

    bot = h.startBot();
    await bot.waitForLog((l) => l.msg === 'earlier post found in the channel; adopted instead of posting again', 20_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\nposts: ${h.discord.channelMessages(CHANNEL).length}`);
    });
    // A few more drains: still one post.
    const polls = h.feeds.hits('/first.xml');
    await eventually(() => h.feeds.hits('/first.xml') >= polls + 2, 15_000, 'two more polls');
    expect(h.discord.channelMessages(CHANNEL)).toHaveLength(1);
    const lookups = h.discord.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${CHANNEL}/messages`);
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.every((r) => r.status === 200 && r.query.limit === '100')).toBe(true);

    // Another outlet reports the same story: the edit goes to the one post.
    h.feeds.setFeed('/second.xml', rss2([{ ...story, link: 'https://second-wire.example/same-story', guid: 'second-wire-same' }, at(sahelHeadline(4), 90_000)], { title: 'Second Wire', language: 'en' }));
    const edited = await eventually(() => {
      const [only] = h.discord.channelMessages(CHANNEL);
      return only && only.editCount > 0 && JSON.stringify(only.embeds).includes('Second Wire') ? only : undefined;
    }, 20_000, 'the "also reported by" edit');
    expect(JSON.stringify(edited.embeds[0]!.fields)).toMatch(/Also reported by/);
    expect(h.discord.channelMessages(CHANNEL)).toHaveLength(1);
  }, 90_000);
});

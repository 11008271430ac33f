// End to end: the real bot process, a fake Discord and a feed server, all on 127.0.0.1.
// A channel subscribes by slash command, new items are posted exactly once, and a SIGKILL in the
// middle of a delivery batch loses nothing and doubles nothing.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { rss2, type FixtureItem } from '../feed-server.js';
import { startBot, eventually, type BotProcess } from '../bot-process.js';
import { sahelHeadline } from './fixtures.js';
import { startHarness, MANAGE_GUILD, type Harness } from './harness.js';

const GUILD = '110000000000000001';
const CHANNEL = '120000000000000001';
const OTHER_CHANNEL = '120000000000000002';
const TOKEN = 'e2e-secret-token-7d1f0c9a2b';

let h: Harness;
let bot: BotProcess | null = null;
const items: FixtureItem[] = [];

function publish(count: number): FixtureItem[] {
  const added: FixtureItem[] = [];
  for (let i = 0; i < count; i++) {
    const n = items.length;
    const item = { ...sahelHeadline(n), pubDate: Date.now() - 60_000 + n };
    items.push(item);
    added.push(item);
  }
  h.feeds.setFeed('/sahel.xml', rss2([...items].reverse(), { title: 'Sahel Fixture News', language: 'en' }));
  return added;
}

const postedTitles = () => h.discord.channelMessages(CHANNEL).map((m) => String((m.embeds?.[0] as { title?: string } | undefined)?.title ?? ''));

beforeAll(async () => {
  h = await startHarness({
    name: 'e2e',
    guilds: [{ id: GUILD, name: 'Sahel Analysts', channels: [{ id: CHANNEL, name: 'sahel-news' }, { id: OTHER_CHANNEL, name: 'general' }] }],
    // Exactly-once is under test here, not flood control.
    env: { DISCORD_TOKEN: TOKEN, FLOOD_CAP: '100' },
    feeds: [{ url: '/sahel.xml', title: 'Sahel Fixture News' }],
  });
  publish(3);
});

afterAll(() => h?.close());

describe('the spine, end to end', () => {
  it('refuses to start without a token, in one line and exit code 2', async () => {
    const noToken = startBot({ DISCORD_API_URL: 'http://127.0.0.1:9/api', DATABASE_PATH: join(h.dir, 'none.db'), FEEDS_FILE: join(h.dir, 'feeds.json'), DISCORD_TOKEN: '' });
    const { code } = await noToken.exited;
    expect(code).toBe(2);
    expect(noToken.output().trim().split('\n')).toHaveLength(1);
    expect(noToken.output()).toMatch(/DISCORD_TOKEN is not set/);
    expect(noToken.output()).not.toMatch(/at .*\.ts:\d+/);
  });

  it('subscribes a channel by slash command and posts each new item exactly once', async () => {
    // First run: the feed's current items are stored, not posted.
    bot = await h.startPolling({}, (l) => l.msg === 'feed polled' && l.firstRun === true);
    expect(h.discord.channelMessages(CHANNEL)).toHaveLength(0);

    // A member without Manage Server is refused.
    const denied = await h.discord.slashCommand({ guildId: GUILD, channelId: CHANNEL, name: 'sahel', options: [{ type: 1, name: 'subscribe', options: [] }], permissions: 0n });
    const deniedReply = await h.discord.waitForInteractionResponse(denied.id);
    expect(deniedReply.content).toMatch(/Manage Server/);
    expect(deniedReply.ephemeral).toBe(true);

    const sub = await h.discord.slashCommand({ guildId: GUILD, channelId: CHANNEL, name: 'sahel', options: [{ type: 1, name: 'subscribe', options: [] }], permissions: MANAGE_GUILD });
    const reply = await h.discord.waitForInteractionResponse(sub.id);
    expect(reply.content).toMatch(/will receive new Sahel stories/);

    const fresh = publish(3);
    const messages = await h.discord.waitForMessages(CHANNEL, 3, 20_000);
    expect(messages).toHaveLength(3);
    for (const item of fresh) expect(postedTitles().some((t) => t.includes(item.title!.slice(0, 40)))).toBe(true);
    for (const m of messages) expect(m.allowed_mentions).toEqual({ parse: [] });

    // Several more poll cycles change nothing.
    const polls = h.feeds.hits('/sahel.xml');
    await eventually(() => h.feeds.hits('/sahel.xml') >= polls + 3, 15_000, 'three more polls');
    expect(h.discord.channelMessages(CHANNEL)).toHaveLength(3);

    // /sahel latest answers from the store.
    const latest = await h.discord.slashCommand({ guildId: GUILD, channelId: CHANNEL, name: 'sahel', options: [{ type: 1, name: 'latest', options: [{ type: 4, name: 'count', value: 3 }] }] });
    const latestReply = await h.discord.waitForInteractionResponse(latest.id);
    expect(JSON.stringify(latestReply.embeds)).toContain(fresh[2]!.title!.slice(0, 30));
  });

  it('loses nothing and posts nothing twice when killed with SIGKILL mid-batch', async () => {
    const before = h.discord.channelMessages(CHANNEL).length;
    // Each message is created at once but answered slowly: a kill lands between "sent" and "recorded".
    h.discord.delayResponses('POST', /^\/channels\/\d+\/messages$/, 400);
    const fresh = publish(8);
    await h.discord.waitForMessages(CHANNEL, before + 3, 30_000);
    const killedAt = Date.now();
    const { signal } = await bot!.kill('SIGKILL');
    expect(signal).toBe('SIGKILL');
    h.discord.delayResponses('POST', /^\/channels\/\d+\/messages$/, 0);

    bot = h.startBot();
    await h.discord.waitForMessages(CHANNEL, before + 8, 30_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\nposted: ${JSON.stringify(postedTitles())}\nbot output:\n${bot!.output().slice(-4000)}`);
    });
    // Let a few more cycles and drains run, then count.
    const polls = h.feeds.hits('/sahel.xml');
    await eventually(() => h.feeds.hits('/sahel.xml') >= polls + 3, 15_000, 'three more polls');
    const titles = postedTitles();
    expect(titles).toHaveLength(before + 8);
    expect(new Set(titles).size).toBe(titles.length);
    const missing = fresh.filter((item) => titles.filter((t) => t.includes(item.title!.slice(0, 40))).length !== 1).map((i) => i.title);
    expect(missing, `posted: ${JSON.stringify(titles)}`).toEqual([]);
    console.log(`crash-restart: recovered ${Date.now() - killedAt} ms after the SIGKILL; ${titles.length} posts, ${titles.length - new Set(titles).size} duplicates, 0 lost`);
  }, 90_000);

  it('shuts down cleanly on SIGTERM and never logs the token', async () => {
    const { code, signal } = await bot!.kill('SIGTERM');
    expect(signal === null ? code : 0).toBe(0);
    expect(bot!.output()).toContain('"msg":"stopped"');
    expect(bot!.output()).not.toContain(TOKEN);
    bot = null;
  });
});

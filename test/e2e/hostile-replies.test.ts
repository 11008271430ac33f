// What a member sees when feeds and servers are hostile, end to end through the fake Discord against the real
// bot: item links that try to break out of `[text](url)`, markdown in feed titles, links of 1,987 characters, a
// paused-feed notice carrying a feed's own title and a redirect target the server chose, the admin's own URLs,
// and where a refused name resolves. Every hostile input is generated here.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { InteractionReply } from '../fake-discord.js';
import { rss2, type FixtureItem } from '../feed-server.js';
import { eventually, type BotProcess } from '../bot-process.js';
import { sahelHeadline } from './fixtures.js';
import { startHarness, eventuallyAsync, sub, group, str, int, type Harness, type Opt } from './harness.js';
import { dbRun } from '../db-query.js';

const GUILD = '170000000000000001';
const CHANNEL = '180000000000000001';
const EVIL = 'evil.example';

let h: Harness;
let bot: BotProcess | null = null;

/** `/sahel` by a member with Manage Server. */
const run = (options: Opt[]): Promise<InteractionReply> => h.run(options);

/** Every `[text](target)` Discord would render as a masked link: an unescaped `[`, its `]`, then `(http…`. */
function maskedLinks(markdown: string): { text: string; target: string }[] {
  const out: { text: string; target: string }[] = [];
  const re = /(?<!\\)\[((?:\\.|[^\]\\])*)\]\(\s*<?(https?:\/\/[^)\s>]*)/g;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) out.push({ text: m[1]!, target: m[2]! });
  return out;
}

/** A `**` that Discord would read as bold (not escaped with a backslash). */
const unescapedBold = (s: string) => /(?<!\\)\*\*/.test(s.replace(/\\\\/g, ''));

// Generated hostile items: a link that closes our markdown link and opens one named by the attacker, markdown
// in a title, and two links of 1,987 characters.
const nonce = randomBytes(4).toString('hex');
const breakout = `https://outlet.example/${nonce})[Reuters](https://${EVIL}/login?next=discord`;
const longLink = (n: number) => {
  const head = `https://long-links.example/${n}/`;
  return head + randomBytes(1200).toString('hex').slice(0, 1987 - head.length);
};
const hostileItems: FixtureItem[] = [
  { ...sahelHeadline(0), title: `**Niger** junta orders French ambassador out ${nonce}`, link: breakout, guid: `h-${nonce}-0` },
  { ...sahelHeadline(1), link: longLink(1), guid: `h-${nonce}-1` },
  { ...sahelHeadline(2), link: longLink(2), guid: `h-${nonce}-2` },
  ...[3, 4, 5, 6, 7].map((n) => ({ ...sahelHeadline(n), guid: `h-${nonce}-${n}` })),
].map((item, i) => ({ ...item, pubDate: Date.now() - 60_000 - i * 1000 }));
const FEED_TITLE = `[Reuters](https://${EVIL}/feed-title) @everyone **Breaking**`;

beforeAll(async () => {
  expect(longLink(1)).toHaveLength(1987);
  h = await startHarness({
    name: 'hostile',
    guilds: [{ id: GUILD, name: 'Hostile', channels: [{ id: CHANNEL, name: 'news' }] }],
    env: { DISCORD_TOKEN: 'hostile-replies-token-3e8a', FLOOD_CAP: '100' },
    feeds: [{ url: '/hostile.xml' }],
  });
  h.feeds.setFeed('/hostile.xml', rss2(hostileItems, { title: FEED_TITLE, language: 'en' }));
  bot = await h.startPolling();
}, 60_000);

afterAll(() => h?.close());

describe('replies and notices with hostile feeds', () => {
  it('latest: no link breaks out, feed markdown stays text, and 1,987-character links leave room for every story', async () => {
    const r = await run(sub('latest', [int('count', 8)]));
    const body = r.embeds[0]!.description!;
    expect(body.length).toBeLessThanOrEqual(4096);
    for (const link of maskedLinks(body)) expect(new URL(link.target).hostname).not.toBe(EVIL);
    expect(maskedLinks(body).some((l) => l.target.startsWith('https://outlet.example/'))).toBe(true);
    for (const item of hostileItems) expect(body, item.title).toContain(`#`);
    // Every story is listed, whole: none pushed out or cut by the two long links.
    for (const item of hostileItems.slice(1)) expect(body).toContain(item.title!.slice(0, 30));
    expect(body).toContain(`\\*\\*Niger\\*\\* junta`);
    for (const link of maskedLinks(body)) expect(link.target).not.toMatch(/long-links/);
  });

  it('search: feed markdown is not bold, no link breaks out, no link is cut', async () => {
    const r = await run(sub('search', [str('query', 'Niger')]));
    const body = r.embeds[0]!.description!;
    expect(body.length).toBeLessThanOrEqual(4096);
    const hostile = maskedLinks(body).find((l) => l.text.includes(nonce));
    expect(hostile, body.slice(0, 600)).toBeDefined();
    expect(unescapedBold(hostile!.text)).toBe(false);
    for (const link of maskedLinks(body)) expect(new URL(link.target).hostname).not.toBe(EVIL);
    const all = await run(sub('search', [str('query', 'said')]));
    const allBody = all.embeds[0]!.description!;
    expect(allBody.length).toBeLessThanOrEqual(4096);
    for (const link of maskedLinks(allBody)) expect(link.target).not.toMatch(/long-links/);
  });

  it('story sources and the Sources button show the breakout link encoded, under its own text', async () => {
    const latest = await run(sub('latest', [int('count', 8)]));
    const line = latest.embeds[0]!.description!.split('\n\n').find((l) => l.includes(nonce))!;
    const id = Number(/#(\d+)/.exec(line)![1]);
    const story = await run(sub('story', [int('id', id)]));
    const body = story.embeds[0]!.description!;
    expect(maskedLinks(body).length).toBeGreaterThan(0);
    for (const link of maskedLinks(body)) expect(new URL(link.target).hostname).toBe('outlet.example');
    expect(body).not.toMatch(/(?<!\\)\[Reuters\]/);
  });

  it("feeds add echoes the admin's own URLs whole, without zero-width spaces", async () => {
    h.feeds.setFeed('/untitled.xml', rss2([{ ...sahelHeadline(8), guid: `u-${nonce}` }], { title: '' }));
    h.feeds.setFeed('/home.html', `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/named.xml"></head><body>Home</body></html>`, { contentType: 'text/html; charset=utf-8' });
    h.feeds.setFeed('/named.xml', rss2([{ ...sahelHeadline(9), guid: `n-${nonce}` }], { title: 'Named Outlet' }));
    const untitled = await run(group('feeds', 'add', [str('url', h.feeds.url('/untitled.xml'))]));
    expect(untitled.content).not.toContain('\u200B');
    expect(untitled.content).toContain(`<${h.feeds.url('/untitled.xml')}>`);
    const viaPage = await run(group('feeds', 'add', [str('url', h.feeds.url('/home.html'))]));
    expect(viaPage.content).not.toContain('\u200B');
    expect(viaPage.content).toContain(`<${h.feeds.url('/home.html')}>`);
    expect(viaPage.content).toContain(`<${h.feeds.url('/named.xml')}>`);
  });

  it('the feed-paused notice neutralises the feed title and the redirect target the server chose', async () => {
    expect((await run(sub('subscribe'))).content).toMatch(/will receive/);
    // The feed now redirects to a path that reads as a masked link once written into a message.
    h.feeds.setFeed('/hostile.xml', '', { status: 302, headers: { location: `/[Verify your account](https://${EVIL}/login)` } });
    const hits = h.feeds.hits('/hostile.xml');
    await eventually(() => h.feeds.hits('/hostile.xml') > hits, 20_000, 'a failed poll');
    // Nine failures already happened (an outage of hours is set up here, not waited for): the next one pauses it.
    // The store has no call that sets a failure count: one UPDATE, once the bot has recorded a failure.
    await eventuallyAsync(async () => {
      const set = await dbRun(h.database.address, 'UPDATE feeds SET consecutive_failures = 9, next_poll_at = 0 WHERE url = ? AND consecutive_failures >= 1', [h.feeds.url('/hostile.xml')]);
      return set.changes === 1;
    }, 20_000, 'a recorded failure');
    const notice = await eventually(() => h.discord.channelMessages(CHANNEL).find((m) => /paused/i.test(m.content)), 20_000, 'the paused notice');
    const content = notice.content;
    expect(maskedLinks(content), content).toEqual([]);
    expect(content).not.toMatch(/@everyone/);
    expect(unescapedBold(content)).toBe(false);
    expect(content).not.toMatch(new RegExp(`https?://${EVIL.replace('.', '\\.')}`));
    expect(notice.allowed_mentions).toEqual({ parse: [] });
    // The template's own markup survives.
    expect(content).toContain('`/sahel feeds resume`');
  });

  it('a refused address is logged, not shown: summary and feeds add on localhost', async () => {
    await bot!.kill('SIGTERM');
    const readyBefore = h.discord.readyCount;
    bot = h.startBot({ ALLOW_PRIVATE_NETWORKS: 'false' });
    await h.discord.waitForReady(20_000, readyBefore);
    const summary = await run(sub('summary', [str('url', 'http://localhost/')]));
    expect(summary.content).toMatch(/^❌ /);
    expect(summary.content).toMatch(/refused/);
    expect(summary.content).not.toMatch(/127\.0\.0\.1|::1/);
    const add = await run(group('feeds', 'add', [str('url', 'http://localhost/feed.xml')]));
    expect(add.content).toMatch(/^❌ /);
    expect(add.content).not.toMatch(/127\.0\.0\.1|::1/);
    await bot!.waitForLog((l) => JSON.stringify(l).includes('resolves to 127.0.0.1'), 5_000);
  });
});

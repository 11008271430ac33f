// Tenant isolation, end to end: two servers share the bot and a default feed; server A adds feeds of its own
// (one titled "Reuters" whose items link to a phishing page, one with no title and a token in its URL). Stories
// are clustered across every feed, so A's feeds join the story B was posted, but B's message never changes
// because of them, and nothing B reads (latest, search, story, why, autocomplete, the Sources button) comes
// from them. A subscription belongs to its server: another server can neither take nor remove it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { FakeMessage, InteractionReply } from '../fake-discord.js';
import { rss2, type FixtureItem } from '../feed-server.js';
import { eventually } from '../bot-process.js';
import { sahelHeadline } from './fixtures.js';
import { startHarness, eventuallyAsync, sub, group, str, int, chan as channel, type Harness, type Opt } from './harness.js';
import { dbQuery } from '../db-query.js';
import { openStore, type Store } from '../../src/store/index.js';

const GUILD_A = '210000000000000001';
const CHANNEL_A = '220000000000000001';
const GUILD_B = '210000000000000002';
const CHANNEL_B = '220000000000000002';
const EVIL = 'evil.example';
const nonce = randomBytes(4).toString('hex');
const SECRET = `s3cr3t${randomBytes(6).toString('hex')}`;

let h: Harness;

const inA = (options: Opt[]): Promise<InteractionReply> => h.run(options, { guildId: GUILD_A, channelId: CHANNEL_A });
const inB = (options: Opt[]): Promise<InteractionReply> => h.run(options, { guildId: GUILD_B, channelId: CHANNEL_B });

/** Everything a member sees of a reply, as one string. */
const seen = (r: InteractionReply): string => JSON.stringify({ content: r.content, embeds: r.embeds, choices: r.choices });

const now = Date.now();
// The story both servers are posted, from the default feed: a wire report, short as teasers are.
const claim: FixtureItem = {
  title: `JNIM claims attack on gendarmerie school and airport in Bamako`,
  link: 'https://www.studiotamani.org/bamako-claim',
  guid: `claim-${nonce}`,
  description: 'The al Qaeda-linked JNIM group claimed responsibility for the attack on a gendarmerie training school and the military airport in Bamako on Tuesday, in which dozens of trainees were killed, the group said in a statement.',
  pubDate: now - 60_000,
};
// Server A's feeds republish it whole with more paragraphs (the kind of copy a story may show instead),
// linking to a phishing page.
const fuller = (guid: string, link: string): FixtureItem => ({
  ...claim,
  guid,
  link,
  description: `${claim.description} ${'The group said its fighters had planned the operation for months and released photographs of the assault. '.repeat(3)}`,
  pubDate: now - 30_000,
});
// A story only server A's feed carries.
const privateStory: FixtureItem = { ...sahelHeadline(20), title: `${sahelHeadline(20).title} ${nonce}`, guid: `private-${nonce}`, link: `https://${EVIL}/private-${nonce}`, pubDate: now - 20_000 };
const untitledPath = '/untitled.xml';
const untitledUrl = () => `${h.feeds.url(untitledPath)}?token=${SECRET}&edition=fr`;
/** A feed without any <title>: its name is then its URL, token included, unless the bot takes care. */
const untitled = (items: FixtureItem[]) => rss2(items, { title: 'DROP-ME', language: 'en' }).replace('  <title>DROP-ME</title>\n', '');

/** The bot's database, read through the store (opened once the bot has created it; closed before the harness). */
let store: Store | null = null;
const botStore = async (): Promise<Store> => (store ??= await openStore(h.database.address));

let postedInB: FakeMessage;
let storyId: number;
let privateStoryId: number;
let privateItemId: number;
let addedReply: InteractionReply;

beforeAll(async () => {
  h = await startHarness({
    name: 'isolation',
    guilds: [
      { id: GUILD_A, name: 'Server A', channels: [{ id: CHANNEL_A, name: 'news' }] },
      { id: GUILD_B, name: 'Server B', channels: [{ id: CHANNEL_B, name: 'news' }] },
    ],
    env: { DISCORD_TOKEN: 'isolation-token-5c1e', FLOOD_CAP: '100', FETCH_ARTICLE_PAGES: 'false' },
    feeds: [{ url: '/tamani.xml' }],
  });
  h.feeds.setFeed('/tamani.xml', rss2([{ ...sahelHeadline(3), pubDate: now - 3600_000 }], { title: 'Studio Tamani', language: 'en' }));
  h.feeds.setFeed('/reuters.xml', rss2([{ ...sahelHeadline(4), pubDate: now - 3600_000 }], { title: 'Reuters', language: 'en' }));
  h.feeds.setFeed(untitledPath, untitled([{ ...sahelHeadline(5), pubDate: now - 3600_000 }]));
  await h.startPolling({}, (l) => l.msg === 'feed polled' && l.firstRun === true);
  expect((await inA(sub('subscribe'))).content).toMatch(/will receive/);
  expect((await inB(sub('subscribe'))).content).toMatch(/will receive/);
  // Server A adds its own feeds (their current items are stored, not posted: a first run).
  expect((await inA(group('feeds', 'add', [str('url', h.feeds.url('/reuters.xml'))]))).content).toMatch(/Reuters/);
  addedReply = await inA(group('feeds', 'add', [str('url', untitledUrl())]));
  expect(addedReply.content).toMatch(/^✅/);
  await eventuallyAsync(async () => (await dbQuery<{ n: number }>(h.database.address, 'SELECT count(*) AS n FROM feeds WHERE initialized = TRUE'))[0]!.n >= 3, 20_000, 'A’s feeds polled once');

  // The default feed reports the story: both servers are posted.
  h.feeds.setFeed('/tamani.xml', rss2([claim, { ...sahelHeadline(3), pubDate: now - 3600_000 }], { title: 'Studio Tamani', language: 'en' }));
  await h.discord.waitForMessages(CHANNEL_A, 1, 20_000);
  postedInB = (await h.discord.waitForMessages(CHANNEL_B, 1, 20_000))[0]!;
  storyId = Number(/#(\d+)/.exec(postedInB!.embeds[0]!.footer!.text)![1]);

  // Server A's feeds carry a fuller copy of it, linking elsewhere, and a story of their own.
  h.feeds.setFeed('/reuters.xml', rss2([fuller(`reuters-${nonce}`, `https://${EVIL}/login?next=discord`), { ...sahelHeadline(4), pubDate: now - 3600_000 }], { title: 'Reuters', language: 'en' }));
  h.feeds.setFeed(untitledPath, untitled([fuller(`untitled-${nonce}`, `https://${EVIL}/copy-${nonce}`), privateStory, { ...sahelHeadline(5), pubDate: now - 3600_000 }]));
  // A's message shows them (an edit adding both outlets) and A is posted the private story: they were ingested.
  await eventually(() => {
    const [post] = h.discord.channelMessages(CHANNEL_A);
    return post && post.editCount > 0 && JSON.stringify(post.embeds).includes('Reuters') && JSON.stringify(post.embeds).includes(EVIL);
  }, 30_000, 'A’s message edited with A’s own sources');
  await h.discord.waitForMessages(CHANNEL_A, 2, 20_000);
  ({ storyId: privateStoryId, itemId: privateItemId } = (await dbQuery<{ storyId: number; itemId: number }>(h.database.address, 'SELECT story_id AS "storyId", id AS "itemId" FROM items WHERE title LIKE ? ORDER BY id LIMIT 1', [`%${nonce}%`]))[0]!);
}, 120_000);

afterAll(async () => {
  await store?.close();
  await h?.close();
});

describe('two servers, one story: each sees only its own feeds', () => {
  it("B's posted message never changes because of A's feeds", async () => {
    // A few more drains after A's edit: still untouched.
    const polls = h.feeds.hits('/tamani.xml');
    await eventually(() => h.feeds.hits('/tamani.xml') >= polls + 2, 15_000, 'two more polls');
    const [current] = h.discord.channelMessages(CHANNEL_B);
    expect(h.discord.channelMessages(CHANNEL_B)).toHaveLength(1);
    expect(current!.editCount).toBe(0);
    expect(current!.embeds).toEqual(postedInB.embeds);
    const embed = JSON.stringify(current!.embeds);
    expect(embed).toContain('Studio Tamani');
    expect(embed).not.toContain(EVIL);
    expect(embed).not.toContain('Reuters');
    expect(current!.embeds[0]!.url).toBe(claim.link);
    // A's own message does show A's sources: the story is one story.
    expect(JSON.stringify(h.discord.channelMessages(CHANNEL_A)[0]!.embeds)).toContain('Studio Tamani');
  });

  it("B's latest, search, story, why and autocomplete show nothing of A's feeds", async () => {
    const latest = seen(await inB(sub('latest', [int('count', 10)])));
    expect(latest).toContain(`#${storyId}`);
    expect(latest).not.toContain(EVIL);
    expect(latest).not.toContain(nonce);
    expect(seen(await inA(sub('latest', [int('count', 10)])))).toContain(nonce);

    expect((await inB(sub('search', [str('query', nonce)]))).content).toMatch(/No stored item matches/);
    const search = seen(await inB(sub('search', [str('query', 'gendarmerie Bamako')])));
    expect(search).toContain('studiotamani.org');
    expect(search).not.toContain(EVIL);

    const story = seen(await inB(sub('story', [int('id', storyId)])));
    expect(story).toContain('Studio Tamani');
    for (const leak of [EVIL, 'Reuters', 'untitled.xml', SECRET]) expect(story, leak).not.toContain(leak);
    expect((await inB(sub('story', [int('id', privateStoryId)]))).content).toMatch(/No story/);
    expect((await inB(sub('why', [str('item', String(privateStoryId))]))).content).toMatch(/No story/);
    expect((await inB(sub('why', [str('item', `item:${privateItemId}`)]))).content).toMatch(/No item/);

    const { id } = await h.discord.autocomplete({ guildId: GUILD_B, channelId: CHANNEL_B, name: 'sahel', options: sub('story', [str('id', nonce)]), focused: 'id' });
    expect((await h.discord.waitForInteractionResponse(id)).choices).toEqual([]);

    const sources = await h.discord.buttonClick({ guildId: GUILD_B, channelId: CHANNEL_B, customId: `story:sources:${storyId}`, messageId: postedInB.id });
    const shown = seen(await h.discord.waitForInteractionResponse(sources.id));
    expect(shown).toContain('Studio Tamani');
    for (const leak of [EVIL, 'Reuters', SECRET]) expect(shown, leak).not.toContain(leak);
  });

  it("A's own replies name its untitled feed by host or by its URL without the token", async () => {
    expect(addedReply.content).toContain('untitled.xml');
    expect(addedReply.content).toContain('edition=fr');
    expect(addedReply.content).not.toContain(SECRET);
    const story = seen(await inA(sub('story', [int('id', storyId)])));
    expect(story).toContain('Reuters');
    expect(story).not.toContain(SECRET);
    const list = seen(await inA(group('feeds', 'list')));
    expect(list).toContain('untitled.xml');
    expect(list).toContain('edition=fr');
    expect(list).not.toContain(SECRET);
  });

  it("a subscription belongs to its server: B can neither take A's channel nor remove it", async () => {
    const take = await inB(sub('subscribe', [channel('channel', CHANNEL_A), str('countries', 'Chad')]));
    expect(take.content).toMatch(/^❌ /);
    const remove = await inB(sub('unsubscribe', [channel('channel', CHANNEL_A)]));
    expect(remove.content).toMatch(/^❌ /);
    const rows = (await (await botStore()).subscriptions.all()).filter((s) => s.channelId === CHANNEL_A);
    expect(rows.map((s) => ({ guildId: s.guildId, countries: s.countries }))).toEqual([{ guildId: GUILD_A, countries: [] }]);
    expect((await inA(sub('subscriptions'))).content).toContain(`<#${CHANNEL_A}>`);
  });
});

// Data safety under crashes: the bot is SIGKILLed at 20 random points of its poll-and-delivery cycle
// and restarted each time. Figures printed: lost items, duplicate posts, corrupt databases.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { rss2, type FixtureItem } from '../feed-server.js';
import type { BotProcess } from '../bot-process.js';
import { sahelHeadline } from './fixtures.js';
import { startHarness, sub, type Harness } from './harness.js';

const GUILD = '130000000000000001';
const CHANNEL = '140000000000000001';
const ROUNDS = 20;
// 2 + up to 2 per round stays within the fixtures' distinct events (16 written + 6 kinds).

/** A small seeded PRNG (mulberry32) so a failing run can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let h: Harness;
let bot: BotProcess | null = null;
const items: FixtureItem[] = [];

function publish(count: number): void {
  for (let i = 0; i < count; i++) items.push({ ...sahelHeadline(items.length), pubDate: Date.now() - 30_000 });
  h.feeds.setFeed('/crash.xml', rss2([...items].reverse().slice(0, 60), { title: 'Crash Fixture News', language: 'en' }));
}

const titles = () => h.discord.channelMessages(CHANNEL).map((m) => String((m.embeds?.[0] as { title?: string } | undefined)?.title ?? ''));

function integrity(): string {
  const db = new Database(join(h.dir, 'bot.db'), { readonly: true, fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  h = await startHarness({
    name: 'crash',
    guilds: [{ id: GUILD, name: 'Crash Test', channels: [{ id: CHANNEL, name: 'news' }] }],
    env: { DISCORD_TOKEN: 'crash-test-token-55aa', LOG_LEVEL: 'info', FLOOD_CAP: '100' },
    feeds: [{ url: '/crash.xml', title: 'Crash Fixture News' }],
  });
  publish(2);
});

afterAll(() => h?.close());

describe('crash safety', () => {
  it(`${ROUNDS} SIGKILLs at random points: 0 lost, 0 duplicates, 0 corrupt databases`, async () => {
    const random = prng(20261122);
    bot = await h.startPolling();
    await h.run(sub('subscribe'));

    let corrupt = 0;
    // Slow answers widen the window between "message created" and "message id recorded".
    h.discord.delayResponses('POST', /^\/channels\/\d+\/messages$/, 150);
    const expected: string[] = [];
    const published: FixtureItem[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const before = items.length;
      publish(1 + Math.floor(random() * 2));
      expected.push(...items.slice(before).map((i) => i.title!));
      published.push(...items.slice(before));
      await new Promise((r) => setTimeout(r, 300 + Math.floor(random() * 2200)));
      await bot.kill('SIGKILL');
      if (integrity() !== 'ok') corrupt++;
      bot = h.startBot();
    }
    h.discord.delayResponses('POST', /^\/channels\/\d+\/messages$/, 0);

    const deadline = Date.now() + 60_000;
    // Wait until the outbox is empty (every story posted), then a little longer.
    const pendingLeft = () => {
      const db = new Database(join(h.dir, 'bot.db'), { readonly: true });
      try {
        return Number(db.prepare("SELECT count(*) FROM deliveries WHERE status = 'pending'").pluck().get());
      } finally {
        db.close();
      }
    };
    while (Date.now() < deadline && (titles().length === 0 || pendingLeft() > 0)) await new Promise((r) => setTimeout(r, 250));
    // A few more cycles, to see that nothing else arrives.
    await new Promise((r) => setTimeout(r, 3000));
    await bot.kill('SIGTERM');
    bot = null;
    if (integrity() !== 'ok') corrupt++;

    // Lost: a published item that is not stored, or whose story has no post in the channel
    // (an item joining a story already posted is reported by that post, as designed).
    const messages = h.discord.channelMessages(CHANNEL);
    const postedIds = new Set(messages.map((m) => m.id));
    const storyOf = (m: (typeof messages)[number]) => /story #(\d+)/.exec(String(m.embeds[0]?.footer?.text ?? ''))?.[1];
    const db = new Database(join(h.dir, 'bot.db'), { readonly: true });
    const row = db.prepare(
      `SELECT i.story_id AS story, d.message_id AS message FROM items i
       LEFT JOIN deliveries d ON d.story_id = i.story_id AND d.channel_id = ? AND d.status = 'sent' WHERE i.link = ?`,
    );
    const lostItems = published.filter((item) => {
      const r = row.get(CHANNEL, item.link) as { story: number | null; message: string | null } | undefined;
      return !r || r.story === null || !r.message || !postedIds.has(r.message);
    });
    db.close();
    const lost = lostItems.length;
    const perStory = new Map<string, number>();
    for (const m of messages) perStory.set(storyOf(m) ?? m.id, (perStory.get(storyOf(m) ?? m.id) ?? 0) + 1);
    const duplicates = [...perStory.values()].reduce((n, c) => n + c - 1, 0);
    const posted = titles();
    if (lost) console.log(`lost: ${JSON.stringify(lostItems.map((i) => i.title))}`);
    console.log(`crash test: ${ROUNDS} SIGKILLs, ${expected.length} items published, ${posted.length} posts for ${perStory.size} stories, ${lost} lost, ${duplicates} duplicate posts, ${corrupt} corrupt databases`);
    expect(lost).toBe(0);
    expect(duplicates).toBe(0);
    expect(corrupt).toBe(0);
  }, 240_000);
});

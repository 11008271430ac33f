// Discord misbehaving: the gateway drops, the session is invalidated, REST answers 5xx (after the message was
// created) and 429 (per route and global). The real bot resumes, retries within Discord's rules, and posts
// every story exactly once. Secrets never reach the logs.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { rss2, type FixtureItem } from '../feed-server.js';
import type { BotProcess } from '../bot-process.js';
import { sahelHeadline } from './fixtures.js';
import { startHarness, type Harness } from './harness.js';

const GUILD = '170000000000000001';
const CHANNEL = '180000000000000001';
const TOKEN = 'faults-secret-token-e3b0c44298fc';
const MESSAGES = /^\/channels\/\d+\/messages$/;

let h: Harness;
let bot: BotProcess;
const items: FixtureItem[] = [];

function publish(count: number): void {
  for (let i = 0; i < count; i++) items.push({ ...sahelHeadline(items.length), pubDate: Date.now() - 30_000 });
  h.feeds.setFeed('/faults.xml', rss2([...items].reverse(), { title: 'Faults Fixture News' }));
}

const posted = () => h.discord.channelMessages(CHANNEL).map((m) => String(m.embeds[0]?.title ?? ''));

async function ping(): Promise<string> {
  const { id } = await h.discord.slashCommand({ guildId: GUILD, channelId: CHANNEL, name: 'sahel', options: [{ type: 1, name: 'help', options: [] }] });
  return (await h.discord.waitForInteractionResponse(id, 20_000)).embeds[0]?.title ?? '';
}

beforeAll(async () => {
  h = await startHarness({
    name: 'faults',
    guilds: [{ id: GUILD, name: 'Faults', channels: [{ id: CHANNEL, name: 'news' }] }],
    requireToken: TOKEN,
    env: {
      DISCORD_TOKEN: TOKEN, FLOOD_CAP: '100',
      SUMMARIZER: 'llm', LLM_BASE_URL: 'http://127.0.0.1:9', LLM_MODEL: 'none', LLM_API_KEY: 'sk-faults-llm-key-2f9a81c0',
    },
    feeds: [{ url: '/faults.xml' }],
  });
  publish(1);
  bot = await h.startPolling();
  const { id } = await h.discord.slashCommand({ guildId: GUILD, channelId: CHANNEL, name: 'sahel', options: [{ type: 1, name: 'subscribe', options: [] }] });
  await h.discord.waitForInteractionResponse(id);
}, 60_000);

afterAll(() => h?.close());

describe('Discord faults', () => {
  it('a 502 after the message was created is retried with the same nonce: one message', async () => {
    h.discord.failNext('POST', MESSAGES, 502, 1, { afterHandling: true });
    publish(1);
    await h.discord.waitForMessages(CHANNEL, 1, 20_000);
    await new Promise((r) => setTimeout(r, 2500));
    expect(posted()).toHaveLength(1);
  });

  it('429 per route and global: waits as told, then posts each story once', async () => {
    h.discord.rateLimitNext('POST', MESSAGES, 0.3, { times: 2 });
    h.discord.rateLimitNext('POST', MESSAGES, 0.3, { global: true, times: 1 });
    publish(2);
    await h.discord.waitForMessages(CHANNEL, 3, 20_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(posted()).toHaveLength(3);
    expect(new Set(posted()).size).toBe(3);
    const limited = h.discord.requests.filter((r) => r.status === 429 && MESSAGES.test(r.path));
    expect(limited).toHaveLength(3);
  });

  it('503 several times: the delivery is retried later, not lost', async () => {
    h.discord.failNext('POST', MESSAGES, 503, 4);
    publish(1);
    await h.discord.waitForMessages(CHANNEL, 4, 60_000);
    expect(new Set(posted()).size).toBe(4);
  }, 70_000);

  it('a dropped gateway socket: the bot resumes and keeps answering', async () => {
    const before = h.discord.readyCount;
    h.discord.dropGatewaySocket();
    await h.discord.waitForReady(20_000, before);
    expect(await ping()).toBe('Sahel Watch');
    expect(h.discord.gatewayLog.some((e) => e.direction === 'in' && e.op === 6)).toBe(true); // RESUME
  });

  it('an invalid session: the bot identifies again and keeps answering', async () => {
    const before = h.discord.readyCount;
    h.discord.sendInvalidSession(false);
    await h.discord.waitForReady(20_000, before);
    expect(await ping()).toBe('Sahel Watch');
    publish(1);
    await h.discord.waitForMessages(CHANNEL, 5, 20_000);
    expect(new Set(posted()).size).toBe(5);
  }, 40_000);

  it('never writes the bot token or the LLM key to its output', () => {
    const out = bot.output();
    expect(out.length).toBeGreaterThan(1000);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('sk-faults-llm-key-2f9a81c0');
  });
});

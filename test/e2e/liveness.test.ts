// End to end: hostile input never holds the bot. The real bot polls feeds built to be slow for naive parsers
// (an unclosed comment run, 20,000-deep nesting, a description of 300,000 unclosed tags) and a member asks for
// `/sahel summary` of an 800 KB page of distinct sentences, while another member's `/sahel help` must be
// answered within 3 s — measured from the interaction to its first answer through the fake Discord.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eventually, type BotProcess } from '../bot-process.js';
import { startHarness, type Harness } from './harness.js';
import { hostilePage } from '../hostile-page.js';

const GUILD = '150000000000000001';
const CHANNEL = '160000000000000001';

const HOSTILE_FEEDS: Record<string, string> = {
  '/comments.xml': `<?xml version="1.0"?><rss version="2.0"><channel><title>Comments</title>${'<!--'.repeat(100_000)}</channel></rss>`,
  '/deep.xml': `<rss version="2.0"><channel><title>Deep</title><item><title>Niger: deep</title><description>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</description></item></channel></rss>`,
  '/tags.xml': `<rss version="2.0"><channel><title>Tags</title><item><title>Mali: tags</title><guid>tags-1</guid><description><![CDATA[${'<p'.repeat(300_000)}&amp;]]></description></item></channel></rss>`,
};

let h: Harness;
let bot: BotProcess | null = null;

beforeAll(async () => {
  h = await startHarness({
    name: 'liveness',
    guilds: [{ id: GUILD, name: 'Sahel Desk', channels: [{ id: CHANNEL, name: 'sahel-news' }] }],
    env: { DISCORD_TOKEN: 'e2e-liveness-token' },
    feeds: Object.keys(HOSTILE_FEEDS).map((p) => ({ url: p, title: p })),
  });
  for (const [path, body] of Object.entries(HOSTILE_FEEDS)) h.feeds.setFeed(path, body);
  h.feeds.setFeed('/convois', hostilePage(800_000), { contentType: 'text/html; charset=utf-8' });
  bot = h.startBot();
  await h.discord.waitForReady(20_000);
}, 60_000);

afterAll(() => h?.close());

describe('liveness under hostile input', () => {
  it('answers another member within 3 s while hostile feeds are polled and an 800 KB page is summarised', async () => {
    const help = async () => {
      const started = Date.now();
      const { id } = await h.discord.slashCommand({ guildId: GUILD, channelId: CHANNEL, name: 'sahel', options: [{ type: 1, name: 'help', options: [] }] });
      await h.discord.waitForInteractionResponse(id, 10_000).catch((err: unknown) => {
        throw new Error(`${String(err)}\nbot output:\n${bot!.output().slice(-3000)}`);
      });
      return Date.now() - started;
    };
    const polled = (path: string) => h.feeds.hits(path);
    const summary = await h.discord.slashCommand({ guildId: GUILD, channelId: CHANNEL, name: 'sahel', options: [{ type: 1, name: 'summary', options: [{ type: 3, name: 'url', value: h.feeds.url('/convois') }] }] });
    const waits: number[] = [];
    const until = Date.now() + 6_000;
    while (Date.now() < until) {
      waits.push(await help());
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // A feed that failed backs off for minutes: each was read at least once while members were asking.
    await eventually(() => Object.keys(HOSTILE_FEEDS).every((p) => polled(p) >= 1), 30_000, 'each hostile feed polled');
    waits.push(await help());

    const answer = await h.discord.waitForInteractionResponse(summary.id, 30_000);
    expect(JSON.stringify(answer)).toMatch(/convoi/i);
    console.log(`liveness: /sahel help answered in ${Math.max(...waits)} ms at worst (${waits.length} asks) while hostile feeds were polled and an 800 KB page summarised`);
    expect(Math.max(...waits)).toBeLessThan(3_000);
    // The bot is still whole: it logged no crash and keeps polling.
    expect(bot!.output()).not.toMatch(/uncaught|FATAL/i);
  }, 90_000);
});

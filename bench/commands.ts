// Command latency at 100,000 stored stories, measured as a user feels it: from INTERACTION_CREATE leaving the
// fake gateway to the callback arriving at the fake REST, against the real bot process. Also start-up time
// (spawn → READY) and the bot's resident memory at rest with the archive loaded.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIApplicationCommandInteractionDataOption } from 'discord-api-types/v10';
import { Store } from '../src/store/index.js';
import { matchTopics } from '../src/topics/index.js';
import { startFakeDiscord, type FakeDiscord } from '../test/fake-discord.js';
import { startBot } from '../test/bot-process.js';
import { feedItems } from './news.js';
import { figure, percentile, type BenchFigure } from './figure.js';

const STORIES = Number(process.env.BENCH_STORIES ?? 100_000);
const RUNS = 200;
const GUILD = '910000000000000001';
const CHANNEL = '910000000000000002';

/** Fill a database with `count` relevant stories, one item each, from the bench templates. */
export function seedArchive(path: string, count: number): number {
  const store = Store.open(path);
  const now = Date.now();
  let made = 0;
  try {
    store.transaction(() => {
      const feed = store.feeds.ensure('https://outlet.example/feed', now, 'Bench Outlet');
      for (let f = 0; made < count; f++) {
        for (const it of feedItems(f, 50, now - f * 3_600_000)) {
          if (made >= count) break;
          const match = matchTopics({ title: it.title, text: it.description });
          if (!match.relevant) continue;
          const itemId = store.items.insert({
            feedId: feed.id, identity: it.guid, title: it.title, text: it.description, link: it.link, canonicalUrl: it.link, author: null,
            publishedAt: it.pubDate, fetchedAt: it.pubDate, lang: null, relevant: true, score: match.score, countries: match.countries,
            themes: match.themes, actors: match.actors, topicMatch: match, articleText: null, summary: it.description.slice(0, 300), fingerprint: null,
          });
          const storyId = store.stories.create({
            originalItemId: itemId, bestItemId: itemId, title: it.title, link: it.link, summary: it.description.slice(0, 300), countries: match.countries,
            themes: match.themes, score: match.score, relevant: true, eventDate: null, firstSeenAt: it.pubDate, lastSeenAt: it.pubDate,
          });
          store.items.setStory(itemId, storyId);
          made++;
        }
      }
    });
  } finally {
    store.close();
  }
  return made;
}

type Opt = APIApplicationCommandInteractionDataOption;
const sub = (name: string, options: Opt[] = []): Opt[] => [{ type: 1, name, options } as Opt];

async function latency(discord: FakeDiscord, options: () => Opt[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const { id } = await discord.slashCommand({ guildId: GUILD, channelId: CHANNEL, name: 'sahel', options: options() });
    await discord.waitForInteractionResponse(id, 10_000);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-bench-cmd-'));
  const figures: BenchFigure[] = [];
  const t0 = performance.now();
  const made = seedArchive(join(dir, 'bench.db'), STORIES);
  console.error(`# commands: seeded ${made} stories in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  writeFileSync(join(dir, 'feeds.json'), JSON.stringify({ feeds: [] }));
  const discord = await startFakeDiscord({ guilds: [{ id: GUILD, name: 'Bench', channels: [{ id: CHANNEL, name: 'news' }] }] });
  const spawnedAt = performance.now();
  const bot = startBot({ DISCORD_TOKEN: 'bench-token', DISCORD_API_URL: discord.apiUrl, DATABASE_PATH: join(dir, 'bench.db'), FEEDS_FILE: join(dir, 'feeds.json'), LOG_LEVEL: 'warn', NODE_ENV: 'test' });
  try {
    await discord.waitForReady(30_000);
    const startupMs = performance.now() - spawnedAt;
    await new Promise((r) => setTimeout(r, 500)); // let command registration and the first drain settle
    let n = 0;
    const ids = Array.from({ length: RUNS }, (_, i) => 1 + ((i * 7919) % made));
    const shapes: [string, () => Opt[]][] = [
      ['latest', () => sub('latest', [{ type: 4, name: 'count', value: 10 }])],
      ['search_rare', () => sub('search', [{ type: 3, name: 'query', value: 'Tillabéri inondations' }])],
      ['search_common', () => sub('search', [{ type: 3, name: 'query', value: 'attack' }])],
      ['search_prefix_phrase', () => sub('search', [{ type: 3, name: 'query', value: 'transition prolongée de' }])],
      ['story', () => sub('story', [{ type: 4, name: 'id', value: ids[n++ % RUNS]! }])],
      ['why', () => sub('why', [{ type: 3, name: 'item', value: String(ids[n++ % RUNS]!) }])],
    ];
    for (const [name, options] of shapes) {
      const times = await latency(discord, options);
      figures.push(
        figure(`commands.${name}.p50`, percentile(times, 50), 'ms', null, false),
        figure(`commands.${name}.p95`, percentile(times, 95), 'ms', null, false),
        figure(`commands.${name}.p99`, percentile(times, 99), 'ms', null, false, '≤ 50 ms'),
      );
    }
    const rss = Number((await import('node:fs')).readFileSync(`/proc/${bot.child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
    figures.push(figure('startup.spawn_to_ready', startupMs, 'ms', null, false, '≤ 1,500 ms'));
    figures.push(figure('memory.rest_rss_100k_stories', rss, 'MB', null, false, '≤ 300 MB'));
  } finally {
    await bot.kill('SIGTERM');
    await discord.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

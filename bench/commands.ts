// Command latency at 100,000 stored stories, measured as a user feels it: from INTERACTION_CREATE leaving the
// fake gateway to the callback arriving at the fake REST, against the real bot process. Also start-up time
// (spawn → READY) and the bot's resident memory at rest with the archive loaded.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIApplicationCommandInteractionDataOption } from 'discord-api-types/v10';
import { startFakeDiscord, type FakeDiscord } from '../test/fake-discord.js';
import { startBuiltBot, npmStartCommand, REPO_ROOT } from '../test/bot-process.js';
import { figure, percentile, type BenchFigure } from './figure.js';

const STORIES = Number(process.env.BENCH_STORIES ?? 100_000);
const RUNS = 200;
export const GUILD = '910000000000000001';
export const CHANNEL = '910000000000000002';

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
  const seeded = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'seed-archive.ts'), join(dir, 'bench.db'), String(STORIES)], { cwd: REPO_ROOT, encoding: 'utf8' });
  const made = (JSON.parse(seeded) as { stories: number }).stories;
  console.error(`# commands: seeded ${made} stories in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  writeFileSync(join(dir, 'feeds.json'), JSON.stringify({ feeds: [] }));
  const discord = await startFakeDiscord({ guilds: [{ id: GUILD, name: 'Bench', channels: [{ id: CHANNEL, name: 'news' }] }] });
  const env = { DISCORD_TOKEN: 'bench-token', DISCORD_API_URL: discord.apiUrl, DATABASE_PATH: join(dir, 'bench.db'), FEEDS_FILE: join(dir, 'feeds.json'), LOG_LEVEL: 'warn', NODE_ENV: 'test' };
  // The bot as `npm start` runs it: its build step first (not timed here; up to date, it is npm start's own check),
  // then spawn → READY of `node <flags> dist/src/main.js`.
  const bot = startBuiltBot(env);
  if (bot.buildMs) console.error(`# commands: npm start's build step took ${bot.buildMs.toFixed(0)} ms`);
  try {
    await discord.waitForReady(30_000);
    const startupMs = performance.now() - bot.spawnedAt;
    await new Promise((r) => setTimeout(r, 500)); // let command registration and the first drain settle
    figures.push(...(await commandLatencies(discord, made, 'commands')));
    const rss = Number(readFileSync(`/proc/${bot.child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
    await bot.kill('SIGTERM');
    // The whole `npm start` as a user runs it (npm, the build's up-to-date check, node), build already current.
    const npmStartMs = await npmStartToReady(discord, env);
    figures.push(figure('startup.spawn_to_ready', startupMs, 'ms', null, false, '≤ 1,500 ms'));
    figures.push(figure('startup.npm_start_to_ready', npmStartMs, 'ms', null, false));
    figures.push(figure('memory.rest_rss_100k_stories', rss, 'MB', null, false, '≤ 300 MB'));
    console.error(`# commands: the bot ran as node ${npmStartCommand().nodeArgs.join(' ')}`);
  } finally {
    await bot.kill('SIGTERM');
    await discord.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

/**
 * p50/p95/p99 of each command shape (`<prefix>.<shape>.p99`…) against a bot already READY on `discord`, its
 * archive holding `made` stories; in guild GUILD, channel CHANNEL. Also used by bench/postgres.ts.
 */
export async function commandLatencies(discord: FakeDiscord, made: number, prefix: string): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
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
      figure(`${prefix}.${name}.p50`, percentile(times, 50), 'ms', null, false),
      figure(`${prefix}.${name}.p95`, percentile(times, 95), 'ms', null, false),
      figure(`${prefix}.${name}.p99`, percentile(times, 99), 'ms', null, false, '≤ 50 ms'),
    );
  }
  return figures;
}

/** `npm start` in its own process group, timed to the next READY the fake Discord sees; then the group is stopped. */
async function npmStartToReady(discord: FakeDiscord, env: Record<string, string>): Promise<number> {
  const before = discord.readyCount;
  const t0 = performance.now();
  const npm = spawn('npm', ['start', '--silent'], { cwd: REPO_ROOT, detached: true, stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ALLOW_PRIVATE_NETWORKS: 'true', ...env } });
  const exited = new Promise((r) => npm.once('exit', r));
  try {
    await discord.waitForReady(30_000, before);
    return performance.now() - t0;
  } finally {
    process.kill(-npm.pid!, 'SIGTERM');
    await exited;
  }
}

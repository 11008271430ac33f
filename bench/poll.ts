// Poll cycles over 1,000 feeds × 50 items served from loopback (20 hosts, 127.0.0.2–21, in another process): cold (every item new),
// warm (every feed 304), unchanged bodies without validators (hash short-circuit); a naive baseline in the same
// run (rss-parser parseURL one feed after another, a substring keyword filter, one INSERT per item); memory.
// The cold cycle's peak RSS is the real bot's: the same cycle run by the bot process as `npm start` starts it.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'rss-parser';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { systemClock } from '../src/clock.js';
import { createRuntime } from '../src/app/runtime.js';
import { listTopics } from '../src/topics/index.js';
import { SqliteStore, type Feed, type Store } from '../src/store/index.js';
import { startFakeDiscord } from '../test/fake-discord.js';
import { startBuiltBot, npmStartCommand, eventually, type LogLine } from '../test/bot-process.js';
import { figure, loopProbe, type BenchFigure } from './figure.js';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 1000);
const ITEMS = 50;
const HOSTS = 20;
const WARM_CYCLES = Number(process.env.BENCH_WARM_CYCLES ?? 100);
export const GUILD = '900000000000000001';
export const CHANNEL = '900000000000000002';

export interface FeedServers {
  urls: string[];
  setValidators(on: boolean): Promise<void>;
  close(): Promise<void>;
}

/** The feed hosts run in a child process (bench/feed-hosts.ts), so this process's memory is the pipeline's. */
export async function startServers(feeds: number, base: number): Promise<FeedServers> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'feed-hosts.ts'), String(feeds), String(ITEMS), String(HOSTS), String(base)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const next = () => new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`feed hosts exited with ${code}`)));
  });
  const { urls } = JSON.parse(await next()) as { urls: string[] };
  return {
    urls,
    async setValidators(on) {
      child.stdin!.write(`validators ${on ? 'on' : 'off'}\n`);
      await next();
    },
    async close() {
      child.stdin!.end();
      await new Promise((r) => child.once('exit', r));
    },
  };
}

function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage().rss)) };
}

export async function run(): Promise<BenchFigure[]> {
  const base = Date.UTC(2025, 0, 15, 12);
  const servers = await startServers(FEEDS, base);
  const dir = mkdtempSync(join(tmpdir(), 'sahel-bench-poll-'));
  const figures: BenchFigure[] = [];
  try {
    // ---- ours
    const config = loadConfig({ DISCORD_TOKEN: 'bench', NODE_ENV: 'production', DATABASE_PATH: join(dir, 'bench.db'), FEEDS_FILE: join(import.meta.dirname, '..', 'data', 'feeds.json'), ALLOW_PRIVATE_NETWORKS: 'true' });
    const runtime = await createRuntime(config, silentLogger(), systemClock, { fetchPages: false });
    const { store, poller } = runtime;
    const now = Date.now();
    const feeds = await followFeeds(store, servers.urls, now);

    const cpu0 = process.cpuUsage();
    const mem = rssSampler();
    const loop = loopProbe();
    const t0 = performance.now();
    await poller.runCycle(feeds);
    const coldMs = performance.now() - t0;
    const loopDelay = await loop.stop();
    const cpu = process.cpuUsage(cpu0);
    const inProcessPeak = mem.stop();
    const items = await store.items.count();
    const coldRate = items / (coldMs / 1000);
    const cpuPerItem = (cpu.user + cpu.system) / 1000 / items;
    console.error(`# poll: cold cycle ${FEEDS} feeds, ${items} items in ${coldMs.toFixed(0)} ms; ${await store.stories.count()} stories, ${await store.deliveries.pendingCount()} deliveries queued`);

    const t1 = performance.now();
    await poller.runCycle(await current(store, feeds));
    const warmMs = performance.now() - t1;

    await servers.setValidators(false);
    const t2 = performance.now();
    await poller.runCycle(await current(store, feeds));
    const unchangedMs = performance.now() - t2;
    await servers.setValidators(true);
    await poller.runCycle(await current(store, feeds)); // re-learn the ETags

    // ---- memory over many warm cycles
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    for (let i = 0; i < WARM_CYCLES; i++) await poller.runCycle(await current(store, feeds));
    global.gc?.();
    const rssAfter = process.memoryUsage().rss;
    console.error(`# poll: ${WARM_CYCLES} warm cycles, RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MB`);
    await runtime.close();

    // ---- naive baseline: parseURL one feed after another, substring filter, one INSERT per item
    const baseline = await naiveBaseline(servers.urls, join(dir, 'naive.db'));

    // ---- the same cold cycle in the real bot, started as `npm start` starts it (its build, its node flags)
    const bot = await botColdCycle(servers.urls, dir);
    console.error(`# poll: cold cycle in the bench process peaked at ${(inProcessPeak / 2 ** 20).toFixed(0)} MB RSS (no node flags, tsx)`);

    figures.push(
      figure('poll.cold_items_per_s', coldRate, 'items/s', baseline.itemsPerSecond, true, '≥ 2,000 items/s and ≥ 5× baseline'),
      figure('poll.cold_cpu_ms_per_item', cpuPerItem, 'ms', baseline.cpuMsPerItem, false),
      figure('poll.cold_cycle_wall', coldMs / 1000, 's', baseline.wallMs / 1000, false),
      figure('poll.warm_304_cycle_wall', warmMs / 1000, 's', null, false, '≤ 2 s'),
      figure('poll.unchanged_no_validators_cycle_wall', unchangedMs / 1000, 's', null, false, '≤ 3 s'),
      figure('liveness.loop_delay_p99_cold_cycle', loopDelay.p99, 'ms', null, false, '≤ 100 ms'),
      figure('liveness.loop_delay_max_cold_cycle', loopDelay.max, 'ms', null, false),
      figure('memory.cold_cycle_peak_rss', bot.peakRss / 2 ** 20, 'MB', null, false, '≤ 300 MB'),
      figure('memory.warm_cycles_growth', ((rssAfter - rssBefore) / rssBefore) * 100, '%', null, false, `≤ 5 % over ${WARM_CYCLES} cycles`),
    );
  } finally {
    await servers.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

/** Feeds already known (not a first run) and due, followed by one server with one unfiltered subscription. */
export async function followFeeds(store: Store, urls: string[], now: number): Promise<Feed[]> {
  const feeds: Feed[] = [];
  for (const url of urls) {
    const f = await store.feeds.ensure(url, now);
    await store.feeds.recordSuccess(f.id, { etag: null, lastModified: null, bodyHash: null, nextPollAt: now, now });
    await store.feeds.addToGuild(GUILD, f.id, null, now);
    feeds.push((await store.feeds.byId(f.id))!);
  }
  await store.subscriptions.upsert({ guildId: GUILD, channelId: CHANNEL }, now);
  return feeds;
}

/** The feeds as stored now (validators learnt by the last cycle). */
async function current(store: Store, feeds: Feed[]): Promise<Feed[]> {
  const out: Feed[] = [];
  for (const f of feeds) out.push((await store.feeds.byId(f.id))!);
  return out;
}

/**
 * The bot process itself (compiled, with npm start's node flags) against a fake Discord, its database holding
 * the same feeds, all due and none with validators: after READY it polls them all, without page fetches.
 * Its peak RSS (VmHWM, start-up included) is read from /proc once the last feed has been polled.
 */
async function botColdCycle(urls: string[], dir: string): Promise<{ peakRss: number; items: number; ms: number; cpuMsPerItem: number }> {
  const dbPath = join(dir, 'bot.db');
  const store = SqliteStore.open(dbPath);
  await followFeeds(store, urls, Date.now());
  await store.close();
  writeFileSync(join(dir, 'no-default-feeds.json'), JSON.stringify({ feeds: [] }));

  const discord = await startFakeDiscord({ guilds: [{ id: GUILD, name: 'Bench', channels: [{ id: CHANNEL, name: 'news' }] }] });
  const bot = startBuiltBot({
    DISCORD_TOKEN: 'bench-token', DISCORD_API_URL: discord.apiUrl, DATABASE_PATH: dbPath, FEEDS_FILE: join(dir, 'no-default-feeds.json'),
    LOG_LEVEL: 'info', NODE_ENV: 'test', SCHEDULER_CRON: '0 0 1 1 *', POLL_INTERVAL_MINUTES: '60', FETCH_ARTICLE_PAGES: 'false',
  });
  const pid = bot.child.pid!;
  // utime + stime in clock ticks (100 a second on Linux)
  const cpuMs = () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ').slice(11, 13).reduce((a, b) => a + Number(b), 0) * 10;
  try {
    await discord.waitForReady(60_000);
    const t0 = performance.now();
    const cpu0 = cpuMs();
    const done = (l: LogLine) => l.msg === 'feed polled' || l.msg.startsWith('feed poll failed') || l.msg === 'feed paused after repeated failures';
    await eventually(() => bot.logs().filter(done).length >= urls.length, 300_000, 'the bot polling every feed');
    const ms = performance.now() - t0;
    const cpu = cpuMs() - cpu0;
    const peakRss = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    const items = bot.logs().reduce((n, l) => n + (l.msg === 'feed polled' ? Number(l.fresh ?? 0) : 0), 0);
    console.error(`# poll: the bot (node ${npmStartCommand().nodeArgs.join(' ')}): cold cycle ${items} items in ${ms.toFixed(0)} ms (${(items / (ms / 1000)).toFixed(0)} items/s, ${(cpu / items).toFixed(3)} ms CPU an item), peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`);
    return { peakRss, items, ms, cpuMsPerItem: cpu / items };
  } finally {
    await bot.kill('SIGTERM');
    await discord.close();
  }
}

async function naiveBaseline(urls: string[], dbPath: string): Promise<{ itemsPerSecond: number; cpuMsPerItem: number; wallMs: number }> {
  const keywords = listTopics().countries.filter((c) => c.core).flatMap((c) => [c.en.toLowerCase(), c.fr.toLowerCase()]);
  const db = new Database(dbPath);
  db.exec('CREATE TABLE items (guid TEXT PRIMARY KEY, title TEXT, link TEXT, relevant INTEGER)');
  const insert = db.prepare('INSERT OR IGNORE INTO items VALUES (?, ?, ?, ?)');
  const parser = new Parser();
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const url of urls) {
    const feed = await parser.parseURL(url);
    for (const item of feed.items) {
      const text = `${item.title ?? ''} ${item.contentSnippet ?? ''}`.toLowerCase();
      insert.run(item.guid ?? item.link, item.title ?? '', item.link ?? '', keywords.some((k) => text.includes(k)) ? 1 : 0);
      n++;
    }
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  db.close();
  return { itemsPerSecond: n / (wallMs / 1000), cpuMsPerItem: (cpu.user + cpu.system) / 1000 / n, wallMs };
}

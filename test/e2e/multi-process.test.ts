// Several processes on one PostgreSQL database: A (all roles, shard 0 of 2), B (all roles, shard 1 of 2; the standby
// story writer and sender) and C (a poller alone). Items arrive while the story writer, the sender or a poller is
// SIGKILLed at random points and restarted, ten times. Every story must be posted exactly once to each subscribed
// channel, and another process (the standby, or the victim restarted) must take a dead holder's role within 10 s. Figures printed: kills, lost, duplicates,
// failover per round, max and median.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startFakeDiscord, guildIdOnShard, type FakeDiscord } from '../fake-discord.js';
import { startFeedServer, rss2, type FeedServer, type FixtureItem } from '../feed-server.js';
import { startFaultServer, type FaultServer } from '../fault-server.js';
import { startBot, eventually, type BotProcess, type LogLine } from '../bot-process.js';
import { freshDatabase, pgTestUrl, type FreshDatabase } from '../postgres/database.js';
import { sahelHeadline } from './fixtures.js';
import { MANAGE_GUILD, sub } from './harness.js';

const ROUNDS = 10;
const SEED = Number(process.env.MULTI_PROCESS_SEED ?? 20261206);
const ROLE_LEASE_SECONDS = 2;
const FAILOVER_LIMIT_MS = 10_000;
const WIRES = ['/wire-a.xml', '/wire-b.xml'] as const;
/** Feeds that fail in their own ways alongside: one byte a second, 500s, garbage, a reset mid-body. */
const FAULTS = ['slowLoris', 'status500', 'invalidXml', 'truncated'] as const;

/** A small seeded PRNG (mulberry32) so a failing run can be replayed (MULTI_PROCESS_SEED). */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Name = 'A' | 'B' | 'C';
type RoleName = 'stories' | 'sender';

const GUILDS = [
  { id: guildIdOnShard(0, 2), channel: '310000000000000001', name: 'Shard Zero' },
  { id: guildIdOnShard(1, 2), channel: '310000000000000002', name: 'Shard One' },
];

let db: FreshDatabase;
let sql: pg.Client;
let discord: FakeDiscord;
let feeds: FeedServer;
let faults: FaultServer;
let dir: string;
const procs = new Map<Name, BotProcess>();
/** Every process ever started under a name, for the logs of a failure. */
const everStarted: { name: Name; bot: BotProcess }[] = [];
const wireItems: FixtureItem[][] = [[], []];
const published: FixtureItem[] = [];

function env(name: Name): Record<string, string> {
  const common = {
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_TOKEN: 'multi-process-token-7c31',
    DATABASE_URL: db.url,
    FEEDS_FILE: join(dir, 'feeds.json'),
    LOG_LEVEL: 'info',
    FLOOD_CAP: '100',
    FIRST_RUN_POST_NEWEST: '20',
    ROLE_LEASE_SECONDS: String(ROLE_LEASE_SECONDS),
    FEED_LEASE_SECONDS: '10',
  };
  if (name === 'A') return { ...common, SHARD_IDS: '0', SHARD_COUNT: '2' };
  if (name === 'B') return { ...common, SHARD_IDS: '1', SHARD_COUNT: '2' };
  return { ...common, SAHEL_ROLES: 'poller' };
}

function start(name: Name): BotProcess {
  const bot = startBot(env(name));
  procs.set(name, bot);
  everStarted.push({ name, bot });
  return bot;
}

/** The process is up: A and B connected to Discord (their leases tried before), C started and a cycle under way. */
async function ready(name: Name, bot: BotProcess): Promise<void> {
  const up = name === 'C'
    ? bot.waitForLog((l) => l.msg === 'starting', 30_000).then(() => sleep(1_000))
    : bot.waitForLog((l) => l.msg === 'connected to Discord', 30_000);
  const died = bot.exited.then(({ code, signal }) => {
    throw new Error(`process ${name} exited (${code ?? signal}) before it was up:\n${bot.output().slice(-3000)}`);
  });
  await Promise.race([up, died]);
}

/** A new item on one of the two wires (each a separate event, dated a little in the past). */
function publish(random: () => number): void {
  const n = published.length;
  const item: FixtureItem = { ...sahelHeadline(n), pubDate: Date.now() - 30_000 };
  published.push(item);
  const w = Math.floor(random() * WIRES.length);
  wireItems[w]!.push(item);
  feeds.setFeed(WIRES[w]!, rss2([...wireItems[w]!].reverse().slice(0, 40), { title: `Wire ${w === 0 ? 'A' : 'B'}`, language: 'en' }));
}

async function holders(): Promise<Record<RoleName, string | null>> {
  const { rows } = await sql.query<{ name: string; owner: string }>('SELECT name, owner FROM leases WHERE expires_at > $1', [Date.now()]);
  const of = (role: RoleName) => rows.find((r) => r.name === role)?.owner ?? null;
  return { stories: of('stories'), sender: of('sender') };
}

/** Which of our processes an owner string (host:pid:random) is. */
function nameOf(owner: string | null): Name | null {
  if (!owner) return null;
  const pid = Number(owner.split(':')[1]);
  for (const [name, bot] of procs) if (bot.child.pid === pid) return name;
  return null;
}

const time = (l: LogLine) => Number(l.time);

async function subscribe(guild: (typeof GUILDS)[number]): Promise<void> {
  const { id } = await discord.slashCommand({ guildId: guild.id, channelId: guild.channel, name: 'sahel', options: sub('subscribe'), permissions: MANAGE_GUILD });
  const reply = await discord.waitForInteractionResponse(id, 20_000);
  expect(reply.content).toContain(`<#${guild.channel}> will receive`);
}

beforeAll(async () => {
  if (!pgTestUrl()) return;
  dir = mkdtempSync(join(tmpdir(), 'sahel-multi-'));
  db = await freshDatabase('multi_process');
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  feeds = await startFeedServer();
  faults = await startFaultServer();
  discord = await startFakeDiscord({ guilds: GUILDS.map((g) => ({ id: g.id, name: g.name, channels: [{ id: g.channel, name: 'news' }] })) });
  for (const w of WIRES) feeds.setFeed(w, rss2([], { title: `Wire ${w}`, language: 'en' }));
  writeFileSync(join(dir, 'feeds.json'), JSON.stringify({
    feeds: [
      ...WIRES.map((w) => ({ url: feeds.url(w), title: `Wire ${w}` })),
      ...FAULTS.map((fault) => ({ url: faults.url(fault), title: `Faulty ${fault}` })),
    ],
  }));
}, 30_000);

afterAll(async () => {
  for (const bot of procs.values()) await bot.kill('SIGKILL');
  await sql?.end().catch(() => undefined);
  await discord?.close();
  await feeds?.close();
  await faults?.close();
  await db?.drop();
});

describe.skipIf(!pgTestUrl())('postgres: several processes on one database', () => {
  it(`${ROUNDS} SIGKILLs of the story writer, the sender or a poller: 0 lost, 0 duplicates, failover within 10 s`, async () => {
    console.log(`multi-process: seed ${SEED} (MULTI_PROCESS_SEED to replay)`);
    const random = prng(SEED);

    // A first, so that it holds both roles; then B (standby, shard 1) and C (poller).
    const a = start('A');
    await ready('A', a);
    const b = start('B');
    const c = start('C');
    await Promise.all([ready('B', b), ready('C', c)]);
    await discord.waitForShards([0, 1], 20_000);

    // Each guild subscribes by a slash command, answered by the process that owns its shard.
    for (const g of GUILDS) await subscribe(g);

    // Slow posting widens the window between "message created" and "message id recorded".
    discord.delayResponses('POST', /^\/channels\/\d+\/messages$/, 150);

    for (let i = 0; i < 4; i++) publish(random);
    await Promise.all(GUILDS.map((g) => discord.waitForMessages(g.channel, 1, 30_000)));

    const failovers: { round: number; role: RoleName; killed: Name; by: string; ms: number }[] = [];
    const kinds: ('stories' | 'sender' | 'poller')[] = ['stories', 'sender', 'poller'];
    for (let round = 0; round < ROUNDS; round++) {
      const kind = kinds[Math.floor(random() * kinds.length)]!;
      for (let i = 0, n = 1 + Math.floor(random() * 2); i < n; i++) publish(random);
      // A random point: right away, after a random pause, or while a post is in flight.
      const point = Math.floor(random() * 3);
      const pause = Math.floor(random() * 2000);
      if (point === 1) await sleep(pause);
      else if (point === 2) {
        const since = Date.now();
        await discord.waitForRequest((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && r.at >= since, 5_000).catch(() => undefined);
      }

      const held = await holders();
      const victim: Name = kind === 'poller' ? 'C' : (nameOf(held[kind]) ?? (random() < 0.5 ? 'A' : 'B'));
      const roles = (['stories', 'sender'] as const).filter((r) => nameOf(held[r]) === victim);
      const bot = procs.get(victim)!;
      const killedAt = Date.now();
      await bot.kill('SIGKILL');
      console.log(`multi-process: round ${round + 1}: ${kind} → SIGKILL ${victim} (holds ${roles.join(', ') || 'no role'}; point ${['at once', `after ${pause} ms`, 'mid-post'][point]})`);

      // Another process takes each role the victim held: the standby (the other of A and B), or the victim's own
      // restart if it comes up first. Failover: from the SIGKILL to that process's 'role taken' line.
      const taken = roles.map(async (role) => {
        const found = await eventually(() => {
          for (const { name, bot: other } of everStarted) {
            if (other === bot) continue;
            const line = other.logs().find((l) => l.msg === 'role taken' && l.role === role && time(l) >= killedAt);
            if (line) return { name, line };
          }
          return undefined;
        }, 20_000, `another process takes the ${role} role (round ${round + 1})`).catch(async (err: unknown) => {
          const leases = await sql.query('SELECT * FROM leases');
          console.log(`multi-process: DIAG killed at ${killedAt}, now ${Date.now()}, leases ${JSON.stringify(leases.rows)}`);
          for (const [n, p] of procs) console.log(`multi-process: DIAG ${n} (pid ${p.child.pid}):\n${p.output().slice(-4000)}`);
          throw err;
        });
        failovers.push({ round: round + 1, role, killed: victim, by: found.name === victim ? `${victim} (restarted)` : found.name, ms: time(found.line) - killedAt });
      });

      for (let i = 0, n = Math.floor(random() * 2); i < n; i++) publish(random);
      await sleep(300 + Math.floor(random() * 700));
      const restarted = start(victim);
      await Promise.all([...taken, ready(victim, restarted)]);
    }
    discord.delayResponses('POST', /^\/channels\/\d+\/messages$/, 0);

    // Wait until every published item's story is posted to both channels, then a little longer.
    const unposted = async (channel: string): Promise<FixtureItem[]> => {
      const ids = new Set(discord.channelMessages(channel).map((m) => m.id));
      const { rows } = await sql.query<{ link: string; message: string | null }>(
        `SELECT i.link, d.message_id AS message FROM items i
         LEFT JOIN deliveries d ON d.story_id = i.story_id AND d.channel_id = $1 AND d.status = 'sent'
         WHERE i.link = ANY($2::text[])`,
        [channel, published.map((p) => p.link!)],
      );
      const ok = new Set(rows.filter((r) => r.message && ids.has(r.message)).map((r) => r.link));
      return published.filter((p) => !ok.has(p.link!));
    };
    const deadline = Date.now() + 45_000;
    for (;;) {
      const missing = (await Promise.all(GUILDS.map((g) => unposted(g.channel)))).flat();
      if (missing.length === 0 || Date.now() > deadline) break;
      await sleep(250);
    }
    await sleep(3_000);
    for (const bot of procs.values()) await bot.kill('SIGTERM');

    let lost = 0;
    let duplicates = 0;
    let posts = 0;
    for (const g of GUILDS) {
      const missing = await unposted(g.channel);
      if (missing.length) console.log(`multi-process: lost in ${g.name}: ${JSON.stringify(missing.map((i) => i.title))}`);
      lost += missing.length;
      const messages = discord.channelMessages(g.channel);
      posts += messages.length;
      const perStory = new Map<string, number>();
      for (const m of messages) {
        const key = /story #(\d+)/.exec(String(m.embeds[0]?.footer?.text ?? ''))?.[1] ?? `message ${m.id}`;
        perStory.set(key, (perStory.get(key) ?? 0) + 1);
      }
      const dup = [...perStory].filter(([, n]) => n > 1);
      if (dup.length) console.log(`multi-process: duplicates in ${g.name}: ${JSON.stringify(dup)}`);
      duplicates += dup.reduce((s, [, n]) => s + n - 1, 0);
    }

    const ms = failovers.map((f) => f.ms).sort((x, y) => x - y);
    const max = ms.length ? ms[ms.length - 1]! : 0;
    const median = ms.length ? (ms.length % 2 ? ms[(ms.length - 1) / 2]! : Math.round((ms[ms.length / 2 - 1]! + ms[ms.length / 2]!) / 2)) : 0;
    for (const f of failovers) console.log(`multi-process: round ${f.round}: ${f.role} failover ${f.killed} → ${f.by} in ${f.ms} ms`);
    console.log(`multi-process: ${ROUNDS} kills, ${published.length} items, ${posts} posts in ${GUILDS.length} channels, ${lost} lost, ${duplicates} duplicates, ${failovers.length} failovers, failover max ${max} ms, median ${median} ms (seed ${SEED}, ROLE_LEASE_SECONDS=${ROLE_LEASE_SECONDS})`);
    expect(lost).toBe(0);
    expect(duplicates).toBe(0);
    expect(failovers.length).toBeGreaterThan(0);
    // The faulty feeds were in the mix: polled, failing, throughout.
    for (const fault of FAULTS) expect(faults.hits(new URL(faults.url(fault)).pathname), fault).toBeGreaterThan(0);
    for (const f of failovers) expect(f.ms, `round ${f.round} ${f.role} failover`).toBeLessThanOrEqual(FAILOVER_LIMIT_MS);
  }, 200_000);
});

// The bot on PostgreSQL (DATABASE_URL), real bot processes against a throwaway server (test/postgres/server.ts):
// 1. the cold cycle of bench/poll.ts's feed farm (1,000 feeds × 50 items from loopback) by one process with every
//    role, then by the same plus a second process with SAHEL_ROLES=poller; for reference one process on SQLite.
//    The processes are up and the feeds known but not due; then every feed is made due at once (t0), and the cycle
//    ends when every feed has been polled once (the processes' 'feed polled' lines) and no item awaits its story
//    (read from the database). Polling ticks every second (SCHEDULER_CRON), no page fetches.
// 2. command latency at 100,000 stories, as bench/commands.ts measures it on SQLite (seeded there, then copied
//    with migrateSqliteToPostgres, as `npm run migrate-store` would).
// 3. failover of the story writer: two processes with every role (shard 0 and shard 1 of 2, both connected to the
//    fake Discord), default ROLE_LEASE_SECONDS; the holder of the 'stories' lease is SIGKILLed, and the time until
//    the other logs 'role taken' for it is measured; the killed one is restarted as the next standby. Three rounds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../src/store/index.js';
import { migrateSqliteToPostgres } from '../src/store/migrate.js';
import { startFakeDiscord, guildIdOnShard, type FakeDiscord } from '../test/fake-discord.js';
import { startBuiltBot, eventually, REPO_ROOT, type BotProcess, type LogLine } from '../test/bot-process.js';
import { startPgServer, type PgServer } from '../test/postgres/server.js';
import { startServers, followFeeds, GUILD, CHANNEL, type FeedServers } from './poll.js';
import { commandLatencies, GUILD as CMD_GUILD, CHANNEL as CMD_CHANNEL } from './commands.js';
import { figure, type BenchFigure } from './figure.js';

const FEEDS = Number(process.env.BENCH_PG_FEEDS ?? 200);
const STORIES = Number(process.env.BENCH_STORIES ?? 100_000);
const FAILOVER_ROUNDS = 3;
/** Far enough ahead that no feed is due before the bench makes them all due at once. */
const NOT_YET = Date.UTC(2100, 0, 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dbCount = 0;
async function freshDatabase(server: PgServer, label: string): Promise<string> {
  const name = `bench_${label}_${++dbCount}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(server.url);
  u.pathname = `/${name}`;
  return u.toString();
}

const polledOnce = (l: LogLine) => l.msg === 'feed polled' || l.msg.startsWith('feed poll failed') || l.msg === 'feed paused after repeated failures';

function botEnv(discord: FakeDiscord, dir: string, db: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DISCORD_TOKEN: 'bench-token', DISCORD_API_URL: discord.apiUrl, FEEDS_FILE: join(dir, 'no-default-feeds.json'), LOG_LEVEL: 'info', NODE_ENV: 'test',
    SCHEDULER_CRON: '* * * * * *', POLL_INTERVAL_MINUTES: '60', FETCH_ARTICLE_PAGES: 'false', ...db, ...extra,
  };
}

/** Resolves once the process is up (connected to Discord, or started for one that does not connect), or throws if it died. */
async function up(bot: BotProcess, connects: boolean, name: string): Promise<void> {
  const ready = connects ? bot.waitForLog((l) => l.msg === 'connected to Discord', 60_000) : bot.waitForLog((l) => l.msg === 'starting', 60_000);
  const died = bot.exited.then(({ code, signal }) => {
    throw new Error(`${name} exited (${code ?? signal}) before it was up:\n${bot.output().slice(-3000)}`);
  });
  await Promise.race([ready, died]);
}

interface Cycle {
  seconds: number;
  items: number;
  stories: number;
  perProcess: number[];
}

/**
 * One cold cycle: the feed farm followed in a fresh database (not due), `extraPollers` processes with
 * SAHEL_ROLES=poller besides one with every role, all up; then every feed due at t0; until every feed is polled
 * and nothing awaits its story.
 */
async function coldCycle(servers: FeedServers, dir: string, engine: { pg: PgServer } | 'sqlite', extraPollers: number): Promise<Cycle> {
  const url = engine === 'sqlite' ? null : await freshDatabase(engine.pg, `cycle${extraPollers + 1}`);
  const dbPath = join(dir, `cycle-${dbCount}-${extraPollers}.db`);
  const store = await openStore(url ?? dbPath);
  await followFeeds(store, servers.urls, Date.now());
  await store.close();
  // Read and steer the database from here: PostgreSQL through pg, SQLite through its own connection (WAL).
  let query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  let end: () => Promise<void>;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    query = async (sql, params = []) => (await client.query(sql, params)).rows as Record<string, unknown>[];
    end = () => client.end();
  } else {
    const db = new Database(dbPath);
    db.pragma('busy_timeout = 5000');
    query = (sql, params = []) => {
      const stmt = db.prepare(sql.replace(/\$\d+/g, '?'));
      return Promise.resolve(stmt.reader ? (stmt.all(...params) as Record<string, unknown>[]) : (stmt.run(...params), []));
    };
    end = () => Promise.resolve(void db.close());
  }
  await query('UPDATE feeds SET next_poll_at = $1', [NOT_YET]);

  const discord = await startFakeDiscord({ guilds: [{ id: GUILD, name: 'Bench', channels: [{ id: CHANNEL, name: 'news' }] }] });
  const db: Record<string, string> = url ? { DATABASE_URL: url } : { DATABASE_PATH: dbPath };
  const bots = [startBuiltBot(botEnv(discord, dir, db))];
  for (let i = 0; i < extraPollers; i++) bots.push(startBuiltBot(botEnv(discord, dir, db, { SAHEL_ROLES: 'poller' })));
  try {
    await Promise.all(bots.map((b, i) => up(b, i === 0, `process ${i}`)));
    if (url) await eventually(() => bots[0]!.logs().some((l) => l.msg === 'role taken' && l.role === 'stories'), 30_000, 'the first process writing stories');
    await sleep(1_500); // every process past its first (empty) cycle
    const t0 = Date.now();
    await query('UPDATE feeds SET next_poll_at = $1', [t0]);
    let awaiting = -1;
    for (;;) {
      const polled = bots.reduce((n, b) => n + b.logs().filter(polledOnce).length, 0);
      if (polled >= FEEDS) {
        awaiting = Number((await query('SELECT count(*) AS n FROM items WHERE awaiting_story > 0'))[0]!.n);
        if (awaiting === 0) break;
      }
      for (const [i, b] of bots.entries()) if (b.child.exitCode !== null || b.child.signalCode !== null) throw new Error(`process ${i} died during the cycle:\n${b.output().slice(-3000)}`);
      if (Date.now() - t0 > 300_000) {
        const trouble = bots.flatMap((b, i) => b.logs().filter((l) => l.level >= 40).slice(-5).map((l) => `process ${i}: ${JSON.stringify(l).slice(0, 600)}`));
        throw new Error(`cold cycle not done within 300 s (${polled} feeds polled, ${awaiting} items awaiting)\n${trouble.join('\n')}`);
      }
      await sleep(50);
    }
    const seconds = (Date.now() - t0) / 1000;
    const items = Number((await query('SELECT count(*) AS n FROM items'))[0]!.n);
    const stories = Number((await query('SELECT count(*) AS n FROM stories'))[0]!.n);
    const perProcess = bots.map((b) => b.logs().filter(polledOnce).length);
    console.error(`# postgres: cold cycle on ${url ? 'PostgreSQL' : 'SQLite'}, ${bots.length} process${bots.length > 1 ? 'es' : ''} (feeds polled ${perProcess.join(' + ')}): ${items} items, ${stories} stories in ${seconds.toFixed(2)} s`);
    return { seconds, items, stories, perProcess };
  } finally {
    await Promise.all(bots.map((b) => b.kill('SIGTERM')));
    await discord.close();
    await end();
  }
}

/** Commands p99 at STORIES stories on PostgreSQL: seeded on SQLite by bench/seed-archive.ts, copied by migrate-store's function. */
async function commandsOnPostgres(server: PgServer, dir: string): Promise<BenchFigure[]> {
  const t0 = performance.now();
  const sqlite = join(dir, 'archive.db');
  const seeded = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'seed-archive.ts'), sqlite, String(STORIES)], { cwd: REPO_ROOT, encoding: 'utf8' });
  const made = (JSON.parse(seeded) as { stories: number }).stories;
  const t1 = performance.now();
  const url = await freshDatabase(server, 'archive');
  const report = await migrateSqliteToPostgres({ from: sqlite, to: url });
  // A database just filled has no planner statistics yet; autovacuum would analyse it within a minute.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('ANALYZE');
  await client.end();
  console.error(`# postgres: seeded ${made} stories on SQLite in ${((t1 - t0) / 1000).toFixed(1)} s, copied ${report.rows} rows to PostgreSQL in ${(report.ms / 1000).toFixed(1)} s`);

  const discord = await startFakeDiscord({ guilds: [{ id: CMD_GUILD, name: 'Bench', channels: [{ id: CMD_CHANNEL, name: 'news' }] }] });
  const bot = startBuiltBot({ DISCORD_TOKEN: 'bench-token', DISCORD_API_URL: discord.apiUrl, DATABASE_URL: url, FEEDS_FILE: join(dir, 'no-default-feeds.json'), LOG_LEVEL: 'warn', NODE_ENV: 'test' });
  try {
    await discord.waitForReady(60_000);
    await sleep(500); // let command registration and the first drain settle
    return await commandLatencies(discord, made, 'commands.pg');
  } finally {
    await bot.kill('SIGTERM');
    await discord.close();
  }
}

/** Story-writer failover between two processes with every role (shards 0 and 1 of 2): the max over the rounds, in s. */
async function failover(server: PgServer, dir: string): Promise<number[]> {
  const url = await freshDatabase(server, 'failover');
  const shards = [0, 1];
  const discord = await startFakeDiscord({ guilds: shards.map((s) => ({ id: guildIdOnShard(s, 2), name: `Shard ${s}`, channels: [{ id: String(320000000000000001n + BigInt(s)), name: 'news' }] })) });
  const env = (shard: number) => botEnv(discord, dir, { DATABASE_URL: url }, { SHARD_IDS: String(shard), SHARD_COUNT: '2', SCHEDULER_CRON: '* * * * *' });
  const bots: BotProcess[] = shards.map((s) => startBuiltBot(env(s)));
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  const holder = async () => ((await sql.query<{ owner: string }>("SELECT owner FROM leases WHERE name = 'stories' AND expires_at > $1", [Date.now()])).rows[0]?.owner ?? null);
  const times: number[] = [];
  try {
    await Promise.all(bots.map((b, i) => up(b, true, `shard ${i}`)));
    for (let round = 0; round < FAILOVER_ROUNDS; round++) {
      let owner: string | null = null;
      for (let t = Date.now(); !(owner = await holder()) && Date.now() - t < 30_000;) await sleep(100);
      if (!owner) throw new Error('no process holds the stories lease');
      const pid = Number((owner as string).split(':')[1]);
      const k = bots.findIndex((b) => b.child.pid === pid);
      if (k < 0) throw new Error(`the stories lease is held by ${owner}, none of ours`);
      const standby = bots[1 - k]!;
      const before = standby.logs().length;
      const t0 = performance.now();
      await bots[k]!.kill('SIGKILL');
      const taken = await standby.waitForLog((l) => l.msg === 'role taken' && l.role === 'stories' && standby.logs().indexOf(l) >= before, 60_000);
      const ms = performance.now() - t0;
      times.push(ms / 1000);
      console.error(`# postgres: failover round ${round + 1}: shard ${k}'s process killed, shard ${1 - k}'s took the story writer in ${(ms / 1000).toFixed(2)} s (${String(taken.owner)})`);
      // The killed one comes back as the next round's standby.
      bots[k] = startBuiltBot(env(k));
      await up(bots[k], true, `shard ${k} (restarted)`);
    }
    return times;
  } finally {
    await Promise.all(bots.map((b) => b.kill('SIGTERM')));
    await sql.end();
    await discord.close();
  }
}

export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-bench-pg-'));
  writeFileSync(join(dir, 'no-default-feeds.json'), JSON.stringify({ feeds: [] }));
  const server = await startPgServer();
  const servers = await startServers(FEEDS, Date.UTC(2025, 0, 15, 12));
  let closed: Promise<void> | null = null;
  const closeServers = () => (closed ??= servers.close());
  const figures: BenchFigure[] = [];
  try {
    const one = await coldCycle(servers, dir, { pg: server }, 0);
    const two = await coldCycle(servers, dir, { pg: server }, 1);
    const sqlite = process.env.BENCH_PG_SQLITE === '0' ? null : await coldCycle(servers, dir, 'sqlite', 0);
    await closeServers();
    figures.push(
      figure('pg.cold_cycle_one_poller', one.seconds, 's', null, false, `${FEEDS} feeds × 50 items, 1 process (every role)`),
      figure('pg.cold_cycle_two_pollers', two.seconds, 's', one.seconds, false, `+ 1 process SAHEL_ROLES=poller; feeds ${two.perProcess.join('/')}`),
      figure('pg.two_pollers_speedup', one.seconds / two.seconds, '×', null, true, '≥ 1.6×'),
    );
    if (sqlite) figures.push(figure('sqlite.cold_cycle_one_process', sqlite.seconds, 's', null, false, 'the same cycle, SQLite, 1 process'));

    const commands = await commandsOnPostgres(server, dir);
    figures.push(...commands);

    const failovers = await failover(server, dir);
    figures.push(figure('pg.failover', Math.max(...failovers), 's', null, false, `≤ 10 s; story writer, 2 processes with every role (shards 0/1 of 2), max of ${FAILOVER_ROUNDS}`));
  } finally {
    await closeServers();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

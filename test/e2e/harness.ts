// The one set-up of the end-to-end tests: a temp dir, a loopback feed server, a fake Discord with the given
// servers and channels, feeds.json, the bot's environment, the bot itself, and the slash-command builders.
// Each e2e file starts one harness in beforeAll and closes it in afterAll.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIApplicationCommandInteractionDataOption } from 'discord-api-types/v10';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type FakeGuildSpec, type InteractionReply } from '../fake-discord.js';
import { startFeedServer, type FeedServer } from '../feed-server.js';
import { startBot, type BotProcess, type LogLine } from '../bot-process.js';
import { databaseEnv, freshAddress, testEngine, type TestEngine } from '../store.js';

/** Discord's Manage Server permission bit. */
export const MANAGE_GUILD = 1n << 5n;

export type Opt = APIApplicationCommandInteractionDataOption;
export const sub = (name: string, options: Opt[] = []): Opt[] => [{ type: 1, name, options } as Opt];
export const group = (name: string, subName: string, options: Opt[] = []): Opt[] => [{ type: 2, name, options: [{ type: 1, name: subName, options }] } as Opt];
export const str = (name: string, value: string): Opt => ({ type: 3, name, value });
export const int = (name: string, value: number): Opt => ({ type: 4, name, value });
export const bool = (name: string, value: boolean): Opt => ({ type: 5, name, value });
export const chan = (name: string, value: string): Opt => ({ type: 7, name, value });
export const role = (name: string, value: string): Opt => ({ type: 8, name, value });

/** A feeds.json entry: a path on the feed server (or a full URL) and an optional title. */
export interface FeedEntry {
  url: string;
  title?: string;
}

export interface HarnessOptions extends Omit<FakeDiscordOptions, 'guilds'> {
  /** Names the temp dir (sahel-<name>-…). */
  name: string;
  guilds: FakeGuildSpec[];
  /** The bot's settings besides the Discord URL, the database and the feeds file; DISCORD_TOKEN included. */
  env: Record<string, string>;
  /** The feeds.json entries (paths are resolved on the feed server); written again by writeFeeds. */
  feeds?: FeedEntry[];
  /** How long run() waits for the reply. */
  replyTimeoutMs?: number;
}

export interface Member {
  guildId?: string;
  channelId?: string;
  /** Default: Manage Server. */
  permissions?: bigint;
  locale?: string;
}

export interface Harness {
  dir: string;
  /** The bot's database: a SQLite file path in `dir`, or a PostgreSQL URL (project "postgres"); see test/db-query.ts. */
  database: { address: string; engine: TestEngine };
  discord: FakeDiscord;
  feeds: FeedServer;
  /** The last bot started by startBot (null before). */
  bot: BotProcess | null;
  /** The environment the bot runs with: the harness's own, then `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
  writeFeeds(entries: FeedEntry[]): void;
  startBot(extra?: Record<string, string>): BotProcess;
  /** startBot, then waits for its gateway session and its first poll (`polled`: by default any 'feed polled' line). */
  startPolling(extra?: Record<string, string>, polled?: (l: LogLine) => boolean): Promise<BotProcess>;
  /** `/sahel` with these options, by a member of the first server in its first channel unless told; its reply. */
  run(options: Opt[], member?: Member): Promise<InteractionReply>;
  close(): Promise<void>;
}

/** Like eventually (bot-process.ts), for a condition that is read asynchronously (from the database). */
export async function eventuallyAsync<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const { name, guilds, env, feeds: entries, replyTimeoutMs = 15_000, ...discordOptions } = opts;
  const dir = mkdtempSync(join(tmpdir(), `sahel-${name}-`));
  // The bot's database on the run's engine: a SQLite file in `dir`, or a new PostgreSQL database (project "postgres").
  const database = testEngine() === 'sqlite' ? { address: join(dir, 'bot.db'), drop: async () => undefined } : await freshAddress(name);
  const feeds = await startFeedServer();
  const discord = await startFakeDiscord({ ...discordOptions, guilds });
  const h: Harness = {
    dir,
    database: { address: database.address, engine: testEngine() },
    discord,
    feeds,
    bot: null,
    env: (extra = {}) => ({
      DISCORD_API_URL: discord.apiUrl,
      ...databaseEnv(database.address),
      FEEDS_FILE: join(dir, 'feeds.json'),
      ...env,
      ...extra,
    }),
    writeFeeds(list) {
      const resolved = list.map((f) => ({ ...f, url: f.url.startsWith('/') ? feeds.url(f.url) : f.url }));
      writeFileSync(join(dir, 'feeds.json'), JSON.stringify({ feeds: resolved }));
    },
    startBot(extra) {
      h.bot = startBot(h.env(extra));
      return h.bot;
    },
    async startPolling(extra, polled = (l) => l.msg === 'feed polled') {
      const sessions = discord.readyCount;
      const bot = h.startBot(extra);
      await discord.waitForReady(20_000, sessions);
      await bot.waitForLog(polled, 20_000);
      return bot;
    },
    async run(options, member = {}) {
      const guild = guilds[0]!;
      const { id } = await discord.slashCommand({
        guildId: member.guildId ?? guild.id,
        channelId: member.channelId ?? guild.channels[0]!.id,
        name: 'sahel',
        options,
        permissions: member.permissions ?? MANAGE_GUILD,
        ...(member.locale ? { locale: member.locale } : {}),
      });
      return discord.waitForInteractionResponse(id, replyTimeoutMs);
    },
    async close() {
      await h.bot?.kill('SIGKILL');
      await discord.close();
      await feeds.close();
      await database.drop();
    },
  };
  if (entries) h.writeFeeds(entries);
  return h;
}

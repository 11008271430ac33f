// The whole environment, parsed and validated once. `.env.example` documents every key. Two parts: the core
// (feeds, stories, storage, summaries: what `npm run poll`, `npm run summarize` and the backup need) and the
// Discord part (token, API, server), which only the bot and the command deployer load.
import { z } from 'zod';
import { LANGUAGES, type Lang } from './lang/languages.js';

const DISCORD_DEFAULT_API = 'https://discord.com/api';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const discordSchema = z.object({
  DISCORD_TOKEN: z.string().min(1, 'DISCORD_TOKEN is empty'),
  DISCORD_API_URL: z.url().optional(),
  DISCORD_GUILD_ID: z.string().regex(/^\d{17,20}$/, 'DISCORD_GUILD_ID must be a server id (17–20 digits)').optional(),
  DEPLOY_COMMANDS_ON_START: bool.default(true),
  // discord.js sharding: this process runs these shard ids of SHARD_COUNT (all of them when unset).
  SHARD_COUNT: z.coerce.number().int().min(1).max(10_000).optional(),
  SHARD_IDS: z.string().regex(/^\d+(\s*,\s*\d+)*$/, 'SHARD_IDS must be shard numbers separated by commas (e.g. 0,1)').optional(),
});

const coreSchema = z.object({
  DATABASE_PATH: z.string().min(1).default('./data/sahel-watch.db'),
  // PostgreSQL instead of the SQLite file: postgres://user:password@host:5432/db (needed to run several processes).
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//i, 'DATABASE_URL must be a postgres:// URL').optional(),
  // What this process does: any of poller, stories, sender, gateway, or all (the default).
  SAHEL_ROLES: z.string().min(1).default('all'),
  // A poller's lease on the feeds it polls; a dead poller's feeds are polled by another once it expired.
  FEED_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
  // The story writer's and sender's lease: a standby takes over at most this long after its holder died.
  ROLE_LEASE_SECONDS: z.coerce.number().int().min(2).max(600).default(6),
  FEEDS_FILE: z.string().min(1).default('./data/feeds.json'),
  POLL_INTERVAL_MINUTES: z.coerce.number().positive().default(10),
  SCHEDULER_CRON: z.string().min(1).default('* * * * *'),
  HOST_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  POLL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  FIRST_RUN_POST_NEWEST: z.coerce.number().int().min(0).max(20).default(0),
  MAX_ITEMS_PER_POLL: z.coerce.number().int().min(1).max(10_000).default(200),
  CONTACT_URL: z.string().min(1).default('https://github.com/sahel-watch/sahel-watch'),
  ALLOW_PRIVATE_NETWORKS: bool.default(false),
  FETCH_ARTICLE_PAGES: bool.default(true),
  REHASH_DAYS: z.coerce.number().positive().default(7),
  SUMMARIZER: z.enum(['extractive', 'llm']).default('extractive'),
  SUMMARY_LANGUAGE: z.enum(['source', ...LANGUAGES]).default('source'),
  LLM_BASE_URL: z.url().optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().optional(),
  FLOOD_CAP: z.coerce.number().int().min(1).max(100).default(10),
  FLOOD_WINDOW_MINUTES: z.coerce.number().positive().max(1440).default(10),
  DIGEST_CRON: z.string().min(1).default('* * * * *'),
  MAX_FEEDS_PER_SERVER: z.coerce.number().int().min(1).max(1000).default(50),
  SUMMARY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  PAGE_FETCHES_PER_CYCLE: z.coerce.number().int().min(0).max(10_000).default(100),
  PAGE_FETCHES_PER_HOST: z.coerce.number().int().min(0).max(1000).default(10),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('production'),
});

/** What the chat adapter needs: only the bot and the command deployer load it. */
export interface DiscordConfig {
  discordToken: string;
  /** REST base without /v10 (discord.js appends it). */
  discordApiUrl: string;
  guildId: string | null;
  deployCommandsOnStart: boolean;
  /** Sharding: the shard ids this process runs of shardCount; null: discord.js runs them all. */
  shards: { ids: number[]; count: number } | null;
}

/** What one process does. Every role by default; with PostgreSQL, several processes share them. */
export type Role = 'poller' | 'stories' | 'sender' | 'gateway';
export const ROLES: readonly Role[] = ['poller', 'stories', 'sender', 'gateway'];

/** Everything but Discord: polling, storage, summaries, delivery policy. No token needed. */
export interface CoreConfig {
  databasePath: string;
  /** The store's address: DATABASE_URL (PostgreSQL) when set, else the SQLite file DATABASE_PATH. */
  database: string;
  roles: ReadonlySet<Role>;
  feedLeaseMs: number;
  roleLeaseMs: number;
  feedsFile: string;
  pollIntervalMs: number;
  schedulerCron: string;
  hostConcurrency: number;
  pollConcurrency: number;
  firstRunPostNewest: number;
  /** Entries taken from a feed per poll: its newest this many; the rest are counted and logged. */
  maxItemsPerPoll: number;
  userAgent: string;
  allowPrivateNetworks: boolean;
  /** Fetch the page of a teaser-only item while polling, to summarise the article rather than the teaser. */
  fetchArticlePages: boolean;
  rehashDays: number;
  summarizer: 'extractive' | 'llm';
  summaryLanguage: 'source' | Lang;
  llm: { baseUrl: string; apiKey: string | undefined; model: string } | null;
  flood: { cap: number; windowMs: number };
  digestCron: string;
  /** Feeds a server may add beyond the defaults (MAX_FEEDS_PER_SERVER). */
  maxFeedsPerServer: number;
  /** /sahel summary runs at once in all (one per member at a time). */
  summaryConcurrency: number;
  /** Article pages fetched while polling, per poll cycle in all and per host; the rest use the feed text. */
  pageFetches: { perCycle: number; perHost: number };
  /** Items and stories last seen longer ago than this are deleted by a daily job. */
  retentionMs: number;
  logLevel: string;
  testMode: boolean;
}

/** The bot's whole configuration. */
export type Config = CoreConfig & DiscordConfig;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const MIN_POLL_INTERVAL_MINUTES = 2;

export function isTestMode(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV === 'test' || env.VITEST !== undefined;
}

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/** Parse and validate; throws ConfigError with one line a person can act on. */
function parse<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const input = { ...env };
  for (const [k, v] of Object.entries(input)) if (v === '') delete input[k];
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.') || 'config'}: ${issue.message} (see .env.example)`);
  }
  return parsed.data;
}

/** The bot's configuration: the core and the Discord part. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return { ...loadCoreConfig(env), ...loadDiscordConfig(env) };
}

/** The Discord part: the token is required here, and only here. */
export function loadDiscordConfig(env: NodeJS.ProcessEnv = process.env): DiscordConfig {
  if (!env.DISCORD_TOKEN) {
    throw new ConfigError('DISCORD_TOKEN is not set: copy .env.example to .env and paste your bot token (Discord Developer Portal → your application → Bot → Reset Token).');
  }
  const e = parse(discordSchema, env);
  const discordApiUrl = (e.DISCORD_API_URL ?? DISCORD_DEFAULT_API).replace(/\/+$/, '').replace(/\/v\d+$/, '');
  if (isTestMode(env) && !isLoopbackUrl(discordApiUrl)) {
    throw new ConfigError(`refusing DISCORD_API_URL ${discordApiUrl} under test: tests may only talk to a loopback Discord (127.0.0.1/localhost)`);
  }
  let shards: DiscordConfig['shards'] = null;
  if (e.SHARD_IDS !== undefined || e.SHARD_COUNT !== undefined) {
    const count = e.SHARD_COUNT ?? 1;
    const ids = e.SHARD_IDS ? e.SHARD_IDS.split(',').map((x) => Number(x.trim())) : [...Array(count).keys()];
    const bad = ids.find((id) => id >= count);
    if (bad !== undefined) throw new ConfigError(`SHARD_IDS: shard ${bad} does not exist with SHARD_COUNT ${count} (ids go from 0 to ${count - 1})`);
    shards = { ids: [...new Set(ids)], count };
  }
  return { discordToken: e.DISCORD_TOKEN, discordApiUrl, guildId: e.DISCORD_GUILD_ID ?? null, deployCommandsOnStart: e.DEPLOY_COMMANDS_ON_START, shards };
}

/** The core part: what polling, summarising and storage need; no Discord key is read. */
export function loadCoreConfig(env: NodeJS.ProcessEnv = process.env): CoreConfig {
  const e = parse(coreSchema, env);
  const testMode = isTestMode(env);
  if (!testMode && e.POLL_INTERVAL_MINUTES < MIN_POLL_INTERVAL_MINUTES) {
    throw new ConfigError(`POLL_INTERVAL_MINUTES must be at least ${MIN_POLL_INTERVAL_MINUTES} (got ${e.POLL_INTERVAL_MINUTES})`);
  }
  let llm: CoreConfig['llm'] = null;
  if (e.SUMMARIZER === 'llm') {
    if (!e.LLM_BASE_URL || !e.LLM_MODEL) throw new ConfigError('SUMMARIZER=llm needs LLM_BASE_URL and LLM_MODEL (any OpenAI-compatible server)');
    llm = { baseUrl: e.LLM_BASE_URL.replace(/\/+$/, ''), apiKey: e.LLM_API_KEY, model: e.LLM_MODEL };
  }
  const roles = parseRoles(e.SAHEL_ROLES);
  if (!e.DATABASE_URL && roles.size < ROLES.length) {
    throw new ConfigError(`SAHEL_ROLES=${e.SAHEL_ROLES} needs DATABASE_URL: roles are shared between processes over PostgreSQL; with the SQLite file one process runs them all`);
  }
  return {
    databasePath: e.DATABASE_PATH,
    database: e.DATABASE_URL ?? e.DATABASE_PATH,
    roles,
    feedLeaseMs: e.FEED_LEASE_SECONDS * 1000,
    roleLeaseMs: e.ROLE_LEASE_SECONDS * 1000,
    feedsFile: e.FEEDS_FILE,
    pollIntervalMs: Math.round(e.POLL_INTERVAL_MINUTES * 60_000),
    schedulerCron: e.SCHEDULER_CRON,
    hostConcurrency: e.HOST_CONCURRENCY,
    pollConcurrency: e.POLL_CONCURRENCY,
    firstRunPostNewest: e.FIRST_RUN_POST_NEWEST,
    maxItemsPerPoll: e.MAX_ITEMS_PER_POLL,
    userAgent: `SahelWatch/0.1 (+${e.CONTACT_URL})`,
    allowPrivateNetworks: e.ALLOW_PRIVATE_NETWORKS,
    fetchArticlePages: e.FETCH_ARTICLE_PAGES,
    rehashDays: e.REHASH_DAYS,
    summarizer: e.SUMMARIZER,
    summaryLanguage: e.SUMMARY_LANGUAGE,
    llm,
    flood: { cap: e.FLOOD_CAP, windowMs: Math.round(e.FLOOD_WINDOW_MINUTES * 60_000) },
    digestCron: e.DIGEST_CRON,
    maxFeedsPerServer: e.MAX_FEEDS_PER_SERVER,
    summaryConcurrency: e.SUMMARY_CONCURRENCY,
    pageFetches: { perCycle: e.PAGE_FETCHES_PER_CYCLE, perHost: e.PAGE_FETCHES_PER_HOST },
    retentionMs: e.RETENTION_DAYS * 86_400_000,
    logLevel: e.LOG_LEVEL,
    testMode,
  };
}

function parseRoles(text: string): Set<Role> {
  const words = text.split(',').map((w) => w.trim().toLowerCase()).filter(Boolean);
  if (words.includes('all')) return new Set(ROLES);
  const roles = new Set<Role>();
  for (const w of words) {
    if (!(ROLES as readonly string[]).includes(w)) throw new ConfigError(`SAHEL_ROLES: unknown role "${w}" (use ${ROLES.join(', ')} or all)`);
    roles.add(w as Role);
  }
  if (roles.size === 0) throw new ConfigError(`SAHEL_ROLES is empty (use ${ROLES.join(', ')} or all)`);
  return roles;
}

/** The PostgreSQL password in DATABASE_URL, if any. */
function databasePassword(config: CoreConfig): string | undefined {
  try {
    return /^postgres/i.test(config.database) ? decodeURIComponent(new URL(config.database).password) || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** Values that must never reach a log line or a reply. */
export function secretsOf(config: CoreConfig & Partial<DiscordConfig>): string[] {
  return [config.discordToken, config.llm?.apiKey, databasePassword(config), /^postgres/i.test(config.database) ? config.database : undefined]
    .filter((s): s is string => !!s && s.length >= 6);
}

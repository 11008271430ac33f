import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadConfig, loadCoreConfig, loadDiscordConfig, secretsOf, ConfigError, isLoopbackUrl } from './config.js';

const base = { DISCORD_TOKEN: 'x'.repeat(30), DISCORD_API_URL: 'http://127.0.0.1:5000/api' };

describe('loadConfig', () => {
  it('explains a missing token in one actionable line', () => {
    expect(() => loadConfig({ NODE_ENV: 'test' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test' })).toThrow(/DISCORD_TOKEN is not set.*\.env/);
  });

  it('applies documented defaults', () => {
    const c = loadConfig({ ...base, NODE_ENV: 'test' });
    expect(c.databasePath).toBe('./data/sahel-watch.db');
    expect(c.pollIntervalMs).toBe(10 * 60_000);
    expect(c.hostConcurrency).toBe(2);
    expect(c.allowPrivateNetworks).toBe(false);
    expect(c.fetchArticlePages).toBe(true);
    expect(c.maxItemsPerPoll).toBe(200);
    expect(c.userAgent).toMatch(/^SahelWatch\/.+\(\+https?:\/\//);
  });

  it('strips /v10 and trailing slashes from the API URL (discord.js appends the version)', () => {
    expect(loadConfig({ ...base, DISCORD_API_URL: 'http://127.0.0.1:5000/api/v10/', NODE_ENV: 'test' }).discordApiUrl).toBe('http://127.0.0.1:5000/api');
  });

  it('refuses a non-loopback Discord URL under test, including the default', () => {
    expect(() => loadConfig({ ...base, DISCORD_API_URL: 'https://discord.com/api', NODE_ENV: 'test' })).toThrow(/refusing DISCORD_API_URL/);
    expect(() => loadConfig({ DISCORD_TOKEN: base.DISCORD_TOKEN, NODE_ENV: 'test' })).toThrow(/refusing DISCORD_API_URL/);
    expect(() => loadConfig({ ...base, DISCORD_API_URL: 'http://10.0.0.5/api', VITEST: 'true' })).toThrow(/loopback/);
  });

  it('allows the real Discord outside tests and enforces the 2-minute minimum interval there', () => {
    expect(loadConfig({ DISCORD_TOKEN: base.DISCORD_TOKEN, NODE_ENV: 'production' }).discordApiUrl).toBe('https://discord.com/api');
    expect(() => loadConfig({ DISCORD_TOKEN: base.DISCORD_TOKEN, NODE_ENV: 'production', POLL_INTERVAL_MINUTES: '1' })).toThrow(/at least 2/);
  });

  it('takes MAX_ITEMS_PER_POLL from 1 to 10,000', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'test', MAX_ITEMS_PER_POLL: '30' }).maxItemsPerPoll).toBe(30);
    expect(() => loadConfig({ ...base, NODE_ENV: 'test', MAX_ITEMS_PER_POLL: '0' })).toThrow(/MAX_ITEMS_PER_POLL/);
  });

  it('turns article page fetches off with FETCH_ARTICLE_PAGES=false', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'test', FETCH_ARTICLE_PAGES: 'false' }).fetchArticlePages).toBe(false);
  });

  it('rejects malformed values naming the variable', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'test', HOST_CONCURRENCY: 'many' })).toThrow(/HOST_CONCURRENCY/);
    expect(() => loadConfig({ ...base, NODE_ENV: 'test', SUMMARIZER: 'llm' })).toThrow(/LLM_BASE_URL/);
  });
});

describe('isLoopbackUrl', () => {
  it('knows loopback from the rest', () => {
    expect(isLoopbackUrl('http://127.0.0.1:1/api')).toBe(true);
    expect(isLoopbackUrl('http://localhost:1/api')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:1/api')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.1.evil.example/api')).toBe(false);
    expect(isLoopbackUrl('https://discord.com/api')).toBe(false);
  });
});

describe('the core and the Discord part of the configuration', () => {
  it('the core needs no token and reads no Discord key', () => {
    const core = loadCoreConfig({ NODE_ENV: 'test', DISCORD_API_URL: 'https://discord.com/api' });
    expect(core.databasePath).toBe('./data/sahel-watch.db');
    expect(Object.keys(core).filter((k) => /discord|guild|deployCommands/i.test(k))).toEqual([]);
    expect(secretsOf(core)).toEqual([]);
  });

  it('the Discord part requires the token and keeps the loopback rule under test', () => {
    expect(() => loadDiscordConfig({ NODE_ENV: 'test' })).toThrow(/DISCORD_TOKEN is not set/);
    expect(loadDiscordConfig({ ...base, NODE_ENV: 'test' })).toEqual({ discordToken: base.DISCORD_TOKEN, discordApiUrl: 'http://127.0.0.1:5000/api', guildId: null, deployCommandsOnStart: true, shards: null });
    expect(() => loadDiscordConfig({ DISCORD_TOKEN: base.DISCORD_TOKEN, NODE_ENV: 'test' })).toThrow(/refusing DISCORD_API_URL/);
  });

  it('roles, PostgreSQL and shards: all roles on SQLite; chosen roles need DATABASE_URL; its password is a secret', () => {
    const pgUrl = 'postgres://sahel:s3cret-pass@127.0.0.1:5432/sahel';
    const core = loadCoreConfig({ NODE_ENV: 'test' });
    expect([...core.roles].sort()).toEqual(['gateway', 'poller', 'sender', 'stories']);
    expect(core.database).toBe('./data/sahel-watch.db');
    expect(() => loadCoreConfig({ NODE_ENV: 'test', SAHEL_ROLES: 'poller' })).toThrow(/SAHEL_ROLES=poller needs DATABASE_URL/);
    expect(() => loadCoreConfig({ NODE_ENV: 'test', DATABASE_URL: pgUrl, SAHEL_ROLES: 'poller,cook' })).toThrow(/unknown role "cook"/);
    expect(() => loadCoreConfig({ NODE_ENV: 'test', DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must be a postgres/);
    const poller = loadCoreConfig({ NODE_ENV: 'test', DATABASE_URL: pgUrl, SAHEL_ROLES: 'poller, stories' });
    expect([[...poller.roles].sort(), poller.database]).toEqual([['poller', 'stories'], pgUrl]);
    expect(secretsOf(poller)).toEqual(expect.arrayContaining(['s3cret-pass', pgUrl]));
    expect(loadDiscordConfig({ ...base, NODE_ENV: 'test', SHARD_IDS: '1', SHARD_COUNT: '2' }).shards).toEqual({ ids: [1], count: 2 });
    expect(loadDiscordConfig({ ...base, NODE_ENV: 'test', SHARD_COUNT: '3' }).shards).toEqual({ ids: [0, 1, 2], count: 3 });
    expect(() => loadDiscordConfig({ ...base, NODE_ENV: 'test', SHARD_IDS: '2', SHARD_COUNT: '2' })).toThrow(/shard 2 does not exist with SHARD_COUNT 2/);
  });

  it('npm run poll, npm run summarize and the backup load only the core', () => {
    for (const cli of ['poll', 'summarize', 'backup']) {
      const source = readFileSync(new URL(`./cli/${cli}.ts`, import.meta.url), 'utf8');
      expect([cli, /loadCoreConfig\(/.test(source), /\bloadConfig\(|loadDiscordConfig\(|DISCORD_TOKEN/.test(source)]).toEqual([cli, true, false]);
    }
  });
});

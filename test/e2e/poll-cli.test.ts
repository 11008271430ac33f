// `npm run poll -- --once --feed URL`: one real poll cycle without Discord, against a feed on 127.0.0.1, on the
// run's engine (a SQLite file, or a PostgreSQL database in the project "postgres").
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFeedServer, rss2, type FeedServer, type FixtureItem } from '../feed-server.js';
import { REPO_ROOT } from '../bot-process.js';
import { sahelHeadline } from './fixtures.js';
import Database from 'better-sqlite3';
import { openDatabase, closeDatabase } from '../../src/store/db.js';
import { databaseEnv, freshAddress, testEngine } from '../store.js';

const run = promisify(execFile);
let feeds: FeedServer;
let dir: string;
/** The CLI's database: a SQLite file, or a new PostgreSQL database. */
let database: { address: string; drop(): Promise<void> };

beforeAll(async () => {
  feeds = await startFeedServer();
  dir = mkdtempSync(join(tmpdir(), 'sahel-poll-cli-'));
  writeFileSync(join(dir, 'feeds.json'), JSON.stringify({ feeds: [] }));
  database = await freshAddress('poll-cli');
});
afterAll(async () => {
  await feeds?.close();
  await database?.drop();
});

async function poll(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/poll.ts', ...args], {
      cwd: REPO_ROOT,
      // Under test the config refuses any Discord URL that is not loopback, even for a CLI that never calls it.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', DISCORD_API_URL: 'http://127.0.0.1:9/api', ALLOW_PRIVATE_NETWORKS: 'true', ...databaseEnv(database.address), FEEDS_FILE: join(dir, 'feeds.json') },
      timeout: 60_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('npm run poll -- --once', () => {
  it('prints what would be posted: nothing on a first run, the new Sahel story afterwards, never the off-topic item', async () => {
    const offTopic: FixtureItem = { title: 'Chad Pennington joins broadcast team for the new NFL season', link: 'https://sport.example/1', guid: 'sport-1', description: 'The former New York Jets quarterback will call games this autumn.', pubDate: Date.now() - 120_000 };
    const items = [sahelHeadline(0), offTopic].map((i) => ({ ...i, pubDate: i.pubDate ?? Date.now() - 60_000 }));
    feeds.setFeed('/cli.xml', rss2(items, { title: 'CLI Fixture News' }));

    const first = await poll('--once', '--feed', feeds.url('/cli.xml'), '--no-pages');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^first-run\s+http:\/\/127\.0\.0\.1:\d+\/cli\.xml \(2 new\)$/m);
    expect(first.stdout).toContain(`▸ ${sahelHeadline(0).title} [new story #`);
    expect(first.stdout).toMatch(/NER/);
    expect(first.stdout).toMatch(/would post: no \(first run of this feed/);
    expect(first.stdout).not.toContain('Chad Pennington');
    expect(first.stdout).toMatch(/1 feed polled, 2 new items, 1 about the Sahel/);

    feeds.setFeed('/cli.xml', rss2([{ ...sahelHeadline(7), pubDate: Date.now() - 30_000 }, ...items], { title: 'CLI Fixture News' }));
    const second = await poll('--once', '--feed', feeds.url('/cli.xml'), '--no-pages');
    expect(second.stdout).toMatch(/^new\s+http:\/\/127\.0\.0\.1:\d+\/cli\.xml \(1 new\)$/m);
    expect(second.stdout).toContain(`▸ ${sahelHeadline(7).title}`);
    expect(second.stdout).toMatch(/would post: yes, to every subscription whose filters match \(none follows this feed yet\)/);
    expect(second.stdout).not.toContain(sahelHeadline(0).title);

    // A report published a month ago: stored, but an older story that default subscriptions do not get.
    const old = { ...sahelHeadline(9), pubDate: Date.now() - 30 * 86_400_000 };
    feeds.setFeed('/cli.xml', rss2([old, { ...sahelHeadline(7), pubDate: Date.now() - 30_000 }, ...items], { title: 'CLI Fixture News' }));
    const third = await poll('--once', '--feed', feeds.url('/cli.xml'), '--no-pages');
    expect(third.stdout).toContain(`▸ ${old.title}`);
    expect(third.stdout).toMatch(/would post: no \(an older story: only subscriptions with older_stories get it\)/);
  }, 120_000);

  // The clean-shutdown mark is the SQLite file's header (application_id); PostgreSQL has no such mark.
  it.runIf(testEngine() === 'sqlite')('against the live database of a running bot, closes without marking it cleanly shut down: a later crash of the bot still gets the full check', async () => {
    const CLEAN = 0x53574f4b; // what closeDatabase writes into the header's application_id
    const path = database.address;
    const header = () => {
      const raw = new Database(path);
      try {
        return raw.pragma('application_id', { simple: true });
      } finally {
        raw.close();
      }
    };
    const live = openDatabase(path); // the running bot
    expect((await poll('--once', '--no-pages')).code).toBe(0);
    expect(header()).toBe(0);
    live.close(); // the bot crashes: no clean close, so its next start runs quick_check
    expect(header()).toBe(0);
    // The bot's next start drops the crashed connection's row; its clean close, alone with the file, marks it.
    closeDatabase(openDatabase(path));
    expect(header()).toBe(CLEAN);
    // Alone with the file, the CLI is its holder and marks it too.
    expect((await poll('--once', '--no-pages')).code).toBe(0);
    expect(header()).toBe(CLEAN);
  }, 120_000);

  it('refuses to run without --once, with a usage line and exit code 2', async () => {
    const r = await poll();
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('usage: npm run poll -- --once [--feed URL] [--no-pages]');
  }, 60_000);
});

// `npm run poll -- --once [--feed URL]`: one poll cycle without Discord; prints what would be posted.
import 'dotenv/config';
import { loadConfig, ConfigError } from '../config.js';
import { createLogger } from '../log.js';
import { systemClock } from '../clock.js';
import { createRuntime } from '../app/runtime.js';
import { pollFeed, type PollOutcome } from '../pipeline/ingest.js';

function usage(): never {
  console.error('usage: npm run poll -- --once [--feed URL] [--no-pages]');
  process.exit(2);
}

const args = process.argv.slice(2);
if (!args.includes('--once')) usage();
const feedAt = args.indexOf('--feed');
const onlyFeed = feedAt >= 0 ? args[feedAt + 1] : undefined;
if (feedAt >= 0 && !onlyFeed) usage();

try {
  const config = loadConfig(process.env, { requireToken: false });
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn', [], process.stderr);
  const runtime = createRuntime(config, log, systemClock, args.includes('--no-pages') ? { fetchPages: false } : {});
  try {
    let feeds = runtime.store.feeds.active();
    if (onlyFeed) {
      feeds = [runtime.store.feeds.ensure(onlyFeed, Date.now())];
    }
    const outcomes: PollOutcome[] = [];
    for (const feed of feeds) outcomes.push(await pollFeed(runtime.pipeline, feed));
    print(outcomes);
  } finally {
    await runtime.close();
  }
} catch (err) {
  console.error(`poll: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}

function print(outcomes: PollOutcome[]): void {
  let relevant = 0;
  let total = 0;
  for (const o of outcomes) {
    const line = `${o.status.padEnd(12)} ${o.url}${o.error ? ` — ${o.error}` : ''}${o.items.length ? ` (${o.items.length} new)` : ''}`;
    console.log(line);
    for (const i of o.items) {
      total++;
      if (!i.relevant) continue;
      relevant++;
      const story = i.storyId === null ? '' : i.joinedStory ? ` [joins story #${i.storyId}${i.rehash ? ', older story' : ''}]` : ` [new story #${i.storyId}]`;
      console.log(`  ▸ ${i.title}${story}`);
      console.log(`    ${[i.countries.join(' '), i.themes.join(' ')].filter(Boolean).join(' · ')}${i.link ? ` · ${i.link}` : ''}`);
      if (i.summary) console.log(`    ${i.summary.replace(/\s+/g, ' ').slice(0, 400)}`);
      console.log(`    would post: ${o.status === 'first-run' ? 'no (first run of this feed: items are stored, not posted)' : i.joinedStory ? 'no (edits the existing post: also reported by)' : 'yes, to every subscription whose filters match'}`);
    }
  }
  console.log(`\n${outcomes.length} feeds polled, ${total} new items, ${relevant} about the Sahel`);
}

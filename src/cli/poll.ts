// `npm run poll -- --once [--feed URL]`: one poll cycle without Discord; prints what would be posted.
import 'dotenv/config';
import { loadCoreConfig, ConfigError } from '../config.js';
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
  const config = loadCoreConfig(process.env);
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn', [], process.stderr);
  const runtime = await createRuntime(config, log, systemClock, args.includes('--no-pages') ? { fetchPages: false } : {});
  try {
    let feeds = await runtime.store.feeds.active();
    if (onlyFeed) {
      feeds = [await runtime.store.feeds.ensure(onlyFeed, Date.now())];
    }
    const outcomes: PollOutcome[] = [];
    for (const feed of feeds) outcomes.push(await pollFeed(runtime.pipeline, feed));
    const subscribers = new Map<number, number>();
    for (const o of outcomes) subscribers.set(o.feedId, (await runtime.store.subscriptions.forFeed(o.feedId)).length);
    print(outcomes, (feedId) => subscribers.get(feedId) ?? 0);
  } finally {
    await runtime.close();
  }
} catch (err) {
  console.error(`poll: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}

/** What happened to one item, as a subscriber would see it: what was queued, and why nothing was otherwise. */
function verdict(o: PollOutcome, i: PollOutcome['items'][number], subscriptions: number): string {
  const queued = `yes, queued for ${plural(i.deliveries, 'subscription')}${i.rehash ? ' as an older story (labelled)' : ''}`;
  if (i.deliveries > 0) return o.status === 'first-run' ? `${queued} (one of the newest FIRST_RUN_POST_NEWEST on a first run)` : queued;
  if (o.status === 'first-run') return 'no (first run of this feed: items are stored, not posted)';
  if (i.relevant && i.storyId === null) return 'stored awaiting its story: the running bot (the story writer) files and queues it within seconds';
  if (i.joinedStory) return `no new post (joins story #${i.storyId}: its posts are edited, "also reported by")`;
  if (i.rehash) return 'no (an older story: only subscriptions with older_stories get it)';
  if (subscriptions === 0) return 'yes, to every subscription whose filters match (none follows this feed yet)';
  return `no (none of the ${plural(subscriptions, 'subscription')} following this feed matches its countries, themes or score)`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function print(outcomes: PollOutcome[], subscriptionsOf: (feedId: number) => number): void {
  let relevant = 0;
  let total = 0;
  for (const o of outcomes) {
    const line = `${o.status.padEnd(12)} ${o.url}${o.error ? ` — ${o.error}` : ''}${o.items.length ? ` (${o.items.length} new)` : ''}`;
    console.log(line);
    for (const i of o.items) {
      total++;
      if (!i.relevant) continue;
      relevant++;
      const story = i.storyId === null ? ' [awaiting the story writer]' : i.joinedStory ? ` [joins story #${i.storyId}${i.rehash ? ', older story' : ''}]` : ` [new story #${i.storyId}]`;
      console.log(`  ▸ ${i.title}${story}`);
      console.log(`    ${[i.countries.join(' '), i.themes.join(' ')].filter(Boolean).join(' · ')}${i.link ? ` · ${i.link}` : ''}`);
      if (i.summary) console.log(`    ${i.summary.replace(/\s+/g, ' ').slice(0, 400)}`);
      console.log(`    would post: ${verdict(o, i, subscriptionsOf(o.feedId))}`);
    }
  }
  console.log(`\n${plural(outcomes.length, 'feed')} polled, ${plural(total, 'new item')}, ${relevant} about the Sahel`);
}

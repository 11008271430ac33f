import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { NewItem, NoticeBody, Store } from '../store/index.js';
import type { Lang } from '../i18n.js';
import { ManualClock } from '../clock.js';
import { silentLogger } from '../log.js';
import { Dispatcher, ChannelUnavailableError, type ChatSink } from './dispatcher.js';
import type { StoryPost } from './post.js';
import { openTestStore } from '../../test/store.js';

const GUILD = '900000000000000001';
const CHANNEL = '900000000000000002';
const OTHER = '900000000000000003';
const NOW = Date.UTC(2024, 5, 10, 12, 0);

let store: Store;
let clock: ManualClock;

/** A sink that records what it is asked to post, and can refuse every story (or only those for `refuseWith.channel`). */
function recordingSink(opts: { refuse?: 'gone' | 'forbidden'; refuseWith?: { channel: string; error: (channelId: string) => unknown } } = {}) {
  const notices: { notice: NoticeBody; lang: Lang }[] = [];
  const noticeTargets: (string | null)[] = [];
  const overflows: StoryPost[][] = [];
  const attempts: string[] = [];
  let n = 0;
  const sink: ChatSink = {
    sendStory: async (channelId) => {
      attempts.push(channelId);
      if (opts.refuse) throw new ChannelUnavailableError(channelId, opts.refuse, 'Missing Access');
      if (opts.refuseWith?.channel === channelId) throw opts.refuseWith.error(channelId);
      return `m${++n}`;
    },
    findStory: async () => null,
    editStory: async () => undefined,
    sendOverflow: async (_channel, posts) => {
      overflows.push(posts);
      return `m${++n}`;
    },
    sendDigest: async () => `m${++n}`,
    notify: async (_guild, channel, notice, lang) => {
      notices.push({ notice, lang });
      noticeTargets.push(channel);
    },
  };
  return { sink, notices, noticeTargets, overflows, attempts };
}

/** One story about Mali, queued for a subscription; returns the delivery's id. */
async function queueStory(subscriptionId: number, channelId: string, key: string): Promise<number> {
  const feedId = (await store.feeds.ensure('https://x.example/feed', NOW)).id;
  const item: NewItem = {
    feedId, identity: key, title: `Bamako: story ${key}`, text: 'Mali.', link: `https://x.example/${key}`, canonicalUrl: null, author: null,
    publishedAt: NOW, fetchedAt: NOW, lang: 'en', relevant: true, score: 5, countries: ['MLI'], themes: [], actors: [], topicMatch: null,
    articleText: null, summary: null, fingerprint: null,
  };
  const itemId = await store.items.insert(item);
  const storyId = await store.stories.create({ originalItemId: itemId, bestItemId: itemId, title: item.title, link: item.link, summary: null, countries: ['MLI'], themes: [], score: 5, relevant: true, eventDate: null, firstSeenAt: NOW, lastSeenAt: NOW });
  await store.items.setStory(itemId, storyId);
  await store.deliveries.enqueue({ subscriptionId, storyId, itemId, channelId }, NOW);
  return (await store.deliveries.pendingForChannel(channelId, NOW)).at(-1)!.id;
}

/** n stories about Mali, each queued for the channel's subscription. */
async function queueStories(n: number): Promise<void> {
  const sub = (await store.subscriptions.upsert({ guildId: GUILD, channelId: CHANNEL, createdBy: null }, NOW))!;
  for (let i = 1; i <= n; i++) await queueStory(sub.id, CHANNEL, `i${i}`);
}

beforeEach(async () => {
  store = await openTestStore('dispatch');
  clock = new ManualClock(NOW);
});
afterEach(() => store.close());

describe('what the dispatcher tells a server follows its language setting', () => {
  // The words are the chat adapter's (src/discord/notices.test.ts): the core hands over data and the language.
  it('warns an English server that a channel can no longer be posted to, as data', async () => {
    await queueStories(1);
    const { sink, notices } = recordingSink({ refuse: 'forbidden' });
    await new Dispatcher(store, sink, clock, silentLogger()).drain();
    expect(notices).toEqual([{ notice: { kind: 'channel-unavailable', params: { channelId: CHANNEL, reason: 'forbidden' } }, lang: 'en' }]);
  });

  it('asks for a French server’s notice in French', async () => {
    await store.subscriptions.setLanguage(GUILD, 'fr');
    await queueStories(1);
    const { sink, notices } = recordingSink({ refuse: 'gone' });
    await new Dispatcher(store, sink, clock, silentLogger()).drain();
    expect(notices).toEqual([{ notice: { kind: 'channel-unavailable', params: { channelId: CHANNEL, reason: 'gone' } }, lang: 'fr' }]);
  });

  it('folds the flood overflow into a message in the server language', async () => {
    await store.subscriptions.setLanguage(GUILD, 'fr');
    await queueStories(5);
    const { sink, overflows } = recordingSink();
    const report = await new Dispatcher(store, sink, clock, silentLogger(), { cap: 2, windowMs: 60_000 }).drain();
    expect(report.sent).toBe(5);
    expect(overflows).toHaveLength(1);
    expect(overflows[0]!.map((p) => p.language)).toEqual(['fr', 'fr', 'fr']);
  });
});

describe('a channel that is gone or forbids the bot', () => {
  // What the chat adapter reports for Discord's answers (its classification of REST errors is tested in
  // src/discord/sink.test.ts).
  const cases = [
    { status: 404, code: 10003, kind: 'gone', message: 'Unknown Channel', reason: /no longer exists \(Unknown Channel\)/, said: 'the channel no longer exists' },
    { status: 403, code: 50001, kind: 'forbidden', message: 'Missing Access', reason: /does not let the bot post \(Missing Access\)/, said: 'the bot may not post there' },
    { status: 403, code: 50013, kind: 'forbidden', message: 'Missing Permissions', reason: /does not let the bot post \(Missing Permissions\)/, said: 'the bot may not post there' },
  ] as const;

  it.each(cases)('$status/$code: breaks the subscription once, skips its queue, keeps the other channel’s', async ({ kind, message, reason }) => {
    const broken = (await store.subscriptions.upsert({ guildId: GUILD, channelId: CHANNEL, createdBy: null }, NOW))!;
    const other = (await store.subscriptions.upsert({ guildId: GUILD, channelId: OTHER, createdBy: null }, NOW))!;
    // Interleaved, so the other channel's deliveries come both before and after the failure.
    const ids: { channel: string; id: number }[] = [];
    for (let i = 1; i <= 3; i++) {
      ids.push({ channel: CHANNEL, id: await queueStory(broken.id, CHANNEL, `c${i}`) });
      ids.push({ channel: OTHER, id: await queueStory(other.id, OTHER, `o${i}`) });
    }
    const error = (channelId: string) => new ChannelUnavailableError(channelId, kind, message);
    const { sink, notices, noticeTargets, attempts } = recordingSink({ refuseWith: { channel: CHANNEL, error } });
    const dispatcher = new Dispatcher(store, sink, clock, silentLogger());

    const first = await dispatcher.drain();
    expect(first).toMatchObject({ sent: 3, failed: 1, retried: 0, notices: 1 });
    // One try at the broken channel; every story of the other channel posted.
    expect(attempts.filter((c) => c === CHANNEL)).toHaveLength(1);
    expect(attempts.filter((c) => c === OTHER)).toHaveLength(3);

    const sub = (await store.subscriptions.byId(broken.id))!;
    expect(sub.status).toBe('broken');
    expect(sub.statusReason).toContain(CHANNEL);
    expect(sub.statusReason).toMatch(reason);
    expect((await store.subscriptions.byId(other.id))!.status).toBe('active');

    const rows = await Promise.all(ids.map(async ({ channel, id }) => ({ channel, d: (await store.deliveries.byId(id))! })));
    const mine = rows.filter((r) => r.channel === CHANNEL).map((r) => r.d);
    expect(mine.map((d) => d.status)).toEqual(['failed', 'skipped', 'skipped']);
    for (const d of mine) expect(d.lastError).toBe(sub.statusReason);
    expect(rows.filter((r) => r.channel === OTHER).map((r) => r.d.status)).toEqual(['sent', 'sent', 'sent']);
    expect(await store.deliveries.pendingCount()).toBe(0);

    // Told once, to the server (no channel: the broken one cannot take it), naming the channel.
    expect(notices).toEqual([{ notice: { kind: 'channel-unavailable', params: { channelId: CHANNEL, reason: kind } }, lang: 'en' }]);
    expect(noticeTargets).toEqual([null]);
    expect(await store.subscriptions.pendingNotices()).toEqual([]);

    const second = await dispatcher.drain();
    expect(second).toEqual({ sent: 0, retried: 0, failed: 0, edited: 0, notices: 0 });
    expect(attempts).toHaveLength(4);
    expect(notices).toHaveLength(1);

    // A delivery queued for the broken subscription afterwards (a poll racing the failure) is dropped
    // too, without telling the server a second time.
    const late = await queueStory(broken.id, CHANNEL, 'late');
    const third = await dispatcher.drain();
    expect(third.notices).toBe(0);
    expect((await store.deliveries.byId(late))!.status).not.toBe('pending');
    expect((await store.deliveries.byId(late))!.status).not.toBe('sent');
    expect(notices).toHaveLength(1);
  });
});

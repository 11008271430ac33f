import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store, type NewItem } from '../store/index.js';
import { ManualClock } from '../clock.js';
import { silentLogger } from '../log.js';
import { Dispatcher, ChannelUnavailableError, type ChatSink } from './dispatcher.js';
import type { StoryPost } from './post.js';
import { renderOverflow } from '../discord/embeds.js';

const GUILD = '900000000000000001';
const CHANNEL = '900000000000000002';
const NOW = Date.UTC(2024, 5, 10, 12, 0);

let store: Store;
let clock: ManualClock;

/** A sink that records what it is asked to post, and can refuse every story. */
function recordingSink(opts: { refuse?: 'gone' | 'forbidden' } = {}) {
  const notices: string[] = [];
  const overflows: StoryPost[][] = [];
  let n = 0;
  const sink: ChatSink = {
    sendStory: async (channelId) => {
      if (opts.refuse) throw new ChannelUnavailableError(channelId, opts.refuse, 'Missing Access');
      return `m${++n}`;
    },
    editStory: async () => undefined,
    sendOverflow: async (_channel, posts) => {
      overflows.push(posts);
      return `m${++n}`;
    },
    sendDigest: async () => `m${++n}`,
    notify: async (_guild, _channel, text) => {
      notices.push(text);
    },
  };
  return { sink, notices, overflows };
}

/** n stories about Mali, each queued for the channel's subscription. */
function queueStories(n: number): void {
  const feedId = store.feeds.ensure('https://x.example/feed', NOW).id;
  const sub = store.subscriptions.upsert({ guildId: GUILD, channelId: CHANNEL, createdBy: null }, NOW);
  for (let i = 1; i <= n; i++) {
    const item: NewItem = {
      feedId, identity: `i${i}`, title: `Bamako: story ${i}`, text: 'Mali.', link: `https://x.example/${i}`, canonicalUrl: null, author: null,
      publishedAt: NOW, fetchedAt: NOW, lang: 'en', relevant: true, score: 5, countries: ['MLI'], themes: [], actors: [], topicMatch: null,
      articleText: null, summary: null, fingerprint: null,
    };
    const itemId = store.items.insert(item);
    const storyId = store.stories.create({ originalItemId: itemId, bestItemId: itemId, title: item.title, link: item.link, summary: null, countries: ['MLI'], themes: [], score: 5, relevant: true, eventDate: null, firstSeenAt: NOW, lastSeenAt: NOW });
    store.items.setStory(itemId, storyId);
    store.deliveries.enqueue({ subscriptionId: sub.id, storyId, itemId, channelId: CHANNEL }, NOW);
  }
}

beforeEach(() => {
  store = Store.open(join(mkdtempSync(join(tmpdir(), 'sahel-dispatch-')), 'db.sqlite'));
  clock = new ManualClock(NOW);
});
afterEach(() => store.close());

describe('what the dispatcher tells a server follows its language setting', () => {
  it('warns an English server that a channel can no longer be posted to', async () => {
    queueStories(1);
    const { sink, notices } = recordingSink({ refuse: 'forbidden' });
    await new Dispatcher(store, sink, clock, silentLogger()).drain();
    expect(notices).toEqual([
      `⚠️ Sahel Watch stopped posting to <#${CHANNEL}>: the bot may not post there. Give the bot View Channel, Send Messages and Embed Links there, then run \`/sahel subscribe\` in that channel again.`,
    ]);
  });

  it('warns a French server in French', async () => {
    store.subscriptions.setLanguage(GUILD, 'fr');
    queueStories(1);
    const { sink, notices } = recordingSink({ refuse: 'gone' });
    await new Dispatcher(store, sink, clock, silentLogger()).drain();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toBe(
      `⚠️ Sahel Watch a cessé de publier dans <#${CHANNEL}> : le salon n’existe plus. Donnez au bot les permissions « Voir les salons », « Envoyer des messages » et « Intégrer des liens » dans ce salon, puis relancez \`/sahel abonner\` dans ce salon.`,
    );
  });

  it('folds the flood overflow into a message in the server language', async () => {
    store.subscriptions.setLanguage(GUILD, 'fr');
    queueStories(5);
    const { sink, overflows } = recordingSink();
    const report = await new Dispatcher(store, sink, clock, silentLogger(), { cap: 2, windowMs: 60_000 }).drain();
    expect(report.sent).toBe(5);
    expect(overflows).toHaveLength(1);
    expect(overflows[0]!.map((p) => p.language)).toEqual(['fr', 'fr', 'fr']);
    expect(renderOverflow(overflows[0]!).embeds[0]!.title).toBe('3 autres histoires (limite de publications atteinte)');
  });
});

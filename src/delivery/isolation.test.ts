// Digests are rendered per server: the real pipeline files a story from a shared feed and a fuller copy of it
// from a feed only server A follows; server B's digest (and its preview) shows B's source alone.
import { describe, it, expect } from 'vitest';
import { silentLogger } from '../log.js';
import { pollFeed } from '../pipeline/ingest.js';
import { testPipelineDeps, usePipelineFixture } from '../../test/pipeline-deps.js';
import { rss2, type FixtureItem } from '../../test/feed-server.js';
import { Dispatcher, type ChatSink } from './dispatcher.js';
import type { StoryPost } from './post.js';
import { SahelService } from '../app/service.js';

const GUILD_A = '110000000000000001';
const CHANNEL_A = '120000000000000001';
const GUILD_B = '110000000000000002';
const CHANNEL_B = '120000000000000002';
const T0 = Date.UTC(2024, 5, 10, 12, 0, 0);

const claim: FixtureItem = {
  title: 'JNIM claims attack on gendarmerie school and airport in Bamako',
  link: 'https://www.studiotamani.org/bamako-claim',
  guid: 'bamako-claim',
  description: 'The al Qaeda-linked JNIM group claimed responsibility for the attack on a gendarmerie training school and the military airport in Bamako on Tuesday, in which dozens of trainees were killed, the group said in a statement.',
  pubDate: T0 - 1800_000,
};
const fullerCopy: FixtureItem = {
  ...claim,
  link: 'https://evil.example/login?next=discord',
  guid: 'bamako-claim-full',
  description: `${claim.description} ${'The group said its fighters had planned the operation for months and released photographs of the assault. '.repeat(3)}`,
  pubDate: T0 - 900_000,
};

const fx = usePipelineFixture('isolation', T0);

/** A shared default feed reports the story; a feed only A follows joins it with a fuller copy linking elsewhere. */
async function storyInBothServers(): Promise<SahelService> {
  const deps = await testPipelineDeps(fx.store, fx.clock, silentLogger());
  fx.server.setFeed('/tamani.xml', rss2([], { title: 'Studio Tamani' }));
  fx.server.setFeed('/private.xml', rss2([], { title: 'Reuters' }));
  await fx.store.feeds.upsertDefaults([{ url: fx.server.url('/tamani.xml'), title: 'Studio Tamani' }], T0);
  const service = new SahelService(fx.store, fx.clock, { userAgent: 'test', allowPrivateNetworks: true });
  const digest = { mode: 'digest' as const, digestPeriod: 'daily' as const, digestTime: '08:00', digestTimezone: 'UTC' };
  await service.subscribe({ guildId: GUILD_A, channelId: CHANNEL_A, ...digest });
  await service.subscribe({ guildId: GUILD_B, channelId: CHANNEL_B, ...digest });
  const shared = (await fx.store.feeds.byUrl(fx.server.url('/tamani.xml')))!;
  const own = await fx.store.feeds.ensure(fx.server.url('/private.xml'), T0, 'Reuters');
  await fx.store.feeds.addToGuild(GUILD_A, own.id, null, T0);
  await pollFeed(deps, (await fx.store.feeds.byId(shared.id))!);
  await pollFeed(deps, (await fx.store.feeds.byId(own.id))!);

  fx.clock.advance(60_000);
  fx.server.setFeed('/tamani.xml', rss2([claim], { title: 'Studio Tamani' }));
  fx.server.setFeed('/private.xml', rss2([fullerCopy], { title: 'Reuters' }));
  const [posted] = (await pollFeed(deps, (await fx.store.feeds.byId(shared.id))!)).items;
  const [joined] = (await pollFeed(deps, (await fx.store.feeds.byId(own.id))!)).items;
  expect(joined!.storyId).toBe(posted!.storyId);
  return service;
}

/** B's digest: one story from B's source, nothing from A's feed. */
function expectOnlyBsSource(posts: StoryPost[]): void {
  expect(posts).toHaveLength(1);
  expect(posts[0]).toMatchObject({ title: claim.title, link: claim.link, outlet: 'Studio Tamani', alsoReportedBy: [] });
  expect(JSON.stringify(posts)).not.toMatch(/Reuters|evil\.example/);
}

describe('digests across servers', () => {
  it("B's digest shows B's source only; A's shows A's fuller copy with both outlets", async () => {
    await storyInBothServers();
    const sent = new Map<string, StoryPost[]>();
    const sink: ChatSink = {
      sendStory: async () => 'm',
      findStory: async () => null,
      editStory: async () => undefined,
      sendOverflow: async () => 'm',
      sendDigest: async (channelId, posts) => (sent.set(channelId, posts), `d-${channelId}`),
      notify: async () => undefined,
    };
    fx.clock.set(Date.UTC(2024, 5, 11, 8, 1));
    expect(await new Dispatcher(fx.store, sink, fx.clock, silentLogger()).runDigests()).toBe(2);

    expectOnlyBsSource(sent.get(CHANNEL_B)!);
    const [inA] = sent.get(CHANNEL_A)!;
    expect(inA).toMatchObject({ link: fullerCopy.link, outlet: 'Reuters', alsoReportedBy: [{ outlet: 'Studio Tamani', link: claim.link }] });
  });

  it("B's digest preview, looked up by B's server and channel, shows the same", async () => {
    const service = await storyInBothServers();
    expectOnlyBsSource((await service.previewDigest(GUILD_B, CHANNEL_B)).posts);
    await expect(service.previewDigest(GUILD_A, CHANNEL_B)).rejects.toThrow(/has no subscription/);
  });
});

// Every /sahel command end to end through the fake Discord: INTERACTION_CREATE in, REST callback out,
// against the real bot process. Covers option validation, permissions, French, autocomplete, buttons after
// a restart, a digest firing on a shifted clock, and the flood cap.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { InteractionReply } from '../fake-discord.js';
import { rss2, type FixtureItem } from '../feed-server.js';
import { eventually, type BotProcess } from '../bot-process.js';
import { sahelHeadline } from './fixtures.js';
import { startHarness, sub, group, str, int, chan, role, type Harness, type Member, type Opt } from './harness.js';

const GUILD = '150000000000000001';
const REALTIME = '160000000000000001';
const DIGEST = '160000000000000002';
const FLOOD = '160000000000000003';
const ROLES = '160000000000000004';
const QUIET_ROLE = '165000000000000001';
const LOUD_ROLE = '165000000000000002';

let h: Harness;
let bot: BotProcess | null = null;
const items: FixtureItem[] = [];

function publish(list: FixtureItem[]): void {
  items.push(...list.map((i) => ({ ...i, pubDate: Date.now() - 30_000 })));
  h.feeds.setFeed('/cmd.xml', rss2([...items].reverse(), { title: 'Command Fixture News', language: 'en' }));
}

/** `/sahel` by a member with Manage Server in the realtime channel unless told. */
const run = (options: Opt[], member?: Member): Promise<InteractionReply> => h.run(options, member);

const text = (r: InteractionReply) => `${r.content}\n${JSON.stringify(r.embeds)}`;
const titles = (channel: string) => h.discord.channelMessages(channel).map((m) => String(m.embeds[0]?.title ?? ''));

beforeAll(async () => {
  h = await startHarness({
    name: 'cmd',
    guilds: [{
      id: GUILD,
      name: 'Veille Sahel',
      channels: [{ id: REALTIME, name: 'niger' }, { id: DIGEST, name: 'digest' }, { id: FLOOD, name: 'all-news' }, { id: ROLES, name: 'alerts' }],
      roles: [{ id: QUIET_ROLE, name: 'quiet' }, { id: LOUD_ROLE, name: 'alerts', mentionable: true }],
    }],
    env: { DISCORD_TOKEN: 'commands-test-token-91c2', FLOOD_CAP: '3', DIGEST_CRON: '*/1 * * * * *' },
    feeds: [{ url: '/cmd.xml', title: 'Command Fixture News' }],
    replyTimeoutMs: 10_000,
  });
  publish([sahelHeadline(0), sahelHeadline(1)]);
  h.feeds.setFeed('/page.html', `<!doctype html><html><head><title>Outlet</title><link rel="alternate" type="application/rss+xml" href="/second.xml"></head><body><p>Home</p></body></html>`, { contentType: 'text/html; charset=utf-8' });
  h.feeds.setFeed('/second.xml', rss2([{ ...sahelHeadline(9), guid: 'second-1', link: 'https://second.example/1' }], { title: 'Second Outlet' }));
  bot = await h.startPolling();
}, 60_000);

afterAll(() => h?.close());

describe('/sahel commands through the fake Discord', () => {
  it('registers one /sahel command with French localisations', async () => {
    await eventually(() => h.discord.commands.global.length > 0, 10_000, 'commands registered');
    const cmd = h.discord.commands.global.find((c) => c.name === 'sahel')!;
    expect(cmd.description_localizations?.fr).toMatch(/Sahel/);
    const latest = cmd.options!.find((o) => o.name === 'latest')!;
    expect(latest.name_localizations?.fr).toBe('dernieres');
  });

  it('help follows the member locale', async () => {
    expect(text(await run(sub('help')))).toMatch(/follows news about Mali/);
    const fr = await run(sub('help'), { locale: 'fr' });
    expect(text(fr)).toMatch(/suit l’actualité du Mali/);
    expect(fr.ephemeral).toBe(true);
  });

  it('topics lists countries with flags and themes', async () => {
    const r = await run(sub('topics'));
    expect(text(r)).toMatch(/🇲🇱/);
    expect(text(r)).toMatch(/Niger/);
  });

  it('autocomplete suggests countries, time zones and stories', async () => {
    const { id } = await h.discord.autocomplete({ guildId: GUILD, channelId: REALTIME, name: 'sahel', options: sub('subscribe', [str('countries', 'nig')]), focused: 'countries' });
    const r = await h.discord.waitForInteractionResponse(id);
    expect(r.choices!.map((c) => c.value)).toContain('NER');
    const tz = await h.discord.autocomplete({ guildId: GUILD, channelId: REALTIME, name: 'sahel', options: sub('subscribe', [str('timezone', 'niam')]), focused: 'timezone' });
    expect((await h.discord.waitForInteractionResponse(tz.id)).choices!.map((c) => c.value)).toContain('Africa/Niamey');
  });

  it('validates options with one clear line', async () => {
    const country = await run(sub('subscribe', [str('countries', 'Atlantis')]));
    expect(country.content).toMatch(/Unknown country "Atlantis"/);
    expect(country.ephemeral).toBe(true);
    const zone = await run(sub('subscribe', [str('mode', 'daily'), str('timezone', 'Mars/Olympus')]));
    expect(zone.content).toMatch(/Unknown time zone/);
    const url = await run(sub('summary', [str('url', 'ftp://example.org/file')]));
    expect(url.content).toMatch(/Only http and https/);
    expect(url.ephemeral).toBe(true);
    const since = await run(sub('search', [str('query', 'Niger'), str('since', 'yesterday-ish')]));
    expect(since.content).toMatch(/since takes a duration/);
    const story = await run(sub('story', [int('id', 999999)]));
    expect(story.content).toMatch(/No story #999999/);
    const frCountry = await run(sub('subscribe', [str('countries', 'Atlantis')]), { locale: 'fr' });
    expect(frCountry.content).toBe('❌ Pays inconnu : « Atlantis ». Voir /sahel sujets pour la liste.');
    expect(frCountry.ephemeral).toBe(true);
    expect((await run(sub('story', [int('id', 999999)]), { locale: 'fr' })).content).toMatch(/^❌ Aucune histoire #999999\./);
  });

  it('refuses changes from members without Manage Server', async () => {
    for (const options of [sub('subscribe'), sub('unsubscribe'), group('feeds', 'add', [str('url', 'https://example.org/feed')]), group('settings', 'language', [str('language', 'fr')])]) {
      const r = await run(options, { permissions: 0n });
      expect(r.content).toMatch(/Manage Server/);
      expect(r.ephemeral).toBe(true);
    }
    const fr = await run(sub('subscribe'), { permissions: 0n, locale: 'fr' });
    expect(fr.content).toMatch(/Gérer le serveur/);
  });

  it('subscribes three channels: filtered realtime, digest, and unfiltered', async () => {
    expect((await run(sub('subscribe', [chan('channel', REALTIME), str('countries', 'Niger')]))).content).toMatch(/Niger/);
    const digestAt = new Date(Date.now() + 60 * 60_000);
    const hhmm = `${String(digestAt.getUTCHours()).padStart(2, '0')}:${String(digestAt.getUTCMinutes()).padStart(2, '0')}`;
    expect((await run(sub('subscribe', [chan('channel', DIGEST), str('mode', 'daily'), str('digest_time', hhmm), str('timezone', 'UTC')]))).content).toMatch(/daily digest/);
    expect((await run(sub('subscribe', [chan('channel', FLOOD)]))).content).toMatch(/every Sahel country/);
    const list = await run(sub('subscriptions'));
    for (const c of [REALTIME, DIGEST, FLOOD]) expect(list.content).toContain(`<#${c}>`);
  });

  it('checks a role ping at subscribe time: a role the bot may not mention is refused with how to fix it', async () => {
    const quiet = await run(sub('subscribe', [chan('channel', ROLES), role('role', QUIET_ROLE)]));
    expect(quiet.ephemeral).toBe(true);
    expect(quiet.content).toMatch(new RegExp(`^❌ I can't ping <@&${QUIET_ROLE}> in <#${ROLES}>: the role is not mentionable`));
    expect(quiet.content).toMatch(/Allow anyone to @mention this role/);
    expect(quiet.content).toMatch(/Mention @everyone, @here and All Roles/);
    const fr = await run(sub('subscribe', [chan('channel', ROLES), role('role', QUIET_ROLE)]), { locale: 'fr' });
    expect(fr.content).toMatch(/^❌ Je ne peux pas mentionner .* ce rôle n’est pas mentionnable/);
    expect(fr.content).toMatch(/Permettre à tout le monde de @mentionner ce rôle/);
    expect((await run(sub('subscriptions'))).content).not.toContain(`<#${ROLES}>`);
    const loud = await run(sub('subscribe', [chan('channel', ROLES), role('role', LOUD_ROLE)]));
    expect(loud.content).toMatch(new RegExp(`pinging <@&${LOUD_ROLE}>`));
    expect((await run(sub('unsubscribe', [chan('channel', ROLES)]))).content).toMatch(/no longer receive/);
  });

  it('routes new stories by filter, folds the overflow past the flood cap, and holds digest stories', async () => {
    // Six distinct stories: two about Niger (0 and 5 in the fixture list), the rest elsewhere.
    publish([2, 3, 4, 5, 7, 8].map(sahelHeadline));
    await h.discord.waitForMessages(FLOOD, 4, 20_000);
    await eventually(() => h.discord.channelMessages(REALTIME).length >= 1, 10_000, 'a Niger post');
    await new Promise((r) => setTimeout(r, 2500));
    const flood = h.discord.channelMessages(FLOOD);
    expect(flood).toHaveLength(4);
    expect(String(flood[3]!.embeds[0]!.title)).toMatch(/3 more stories/);
    expect(titles(REALTIME).every((t) => /Niger|Niamey|Bazoum/i.test(t))).toBe(true);
    expect(h.discord.channelMessages(DIGEST)).toHaveLength(0);
    const preview = await run(group('digest', 'preview', [chan('channel', DIGEST)]));
    expect(preview.content).toMatch(/would contain 6 stories/);
    const frPreview = await run(group('digest', 'preview', [chan('channel', DIGEST)]), { locale: 'fr' });
    expect(frPreview.content).toMatch(new RegExp(`^Prochain résumé de <#${DIGEST}>, prévu <t:\\d+:F> \\(<t:\\d+:R>\\), contiendrait 6 histoires :$`));
  });

  it('latest, search (including hostile query syntax), story and why answer from the store', async () => {
    const latest = await run(sub('latest', [int('count', 3)]));
    expect(latest.embeds[0]!.description).toMatch(/#\d+/);
    const search = await run(sub('search', [str('query', 'Niamey')]));
    expect(text(search)).toMatch(/\*\*Niamey\*\*/);
    for (const q of ['"unbalanced AND (OR', 'NEAR(a b', '*', 'title:niger']) {
      const r = await run(sub('search', [str('query', q)]));
      expect(r.content + JSON.stringify(r.embeds)).not.toMatch(/went wrong/);
    }
    const storyId = Number(/#(\d+)/.exec(String(h.discord.channelMessages(REALTIME)[0]!.embeds[0]!.footer?.text))![1]);
    const story = await run(sub('story', [int('id', storyId)]));
    expect(story.embeds[0]!.description).toMatch(/Command Fixture News/);
    const why = await run(sub('why', [str('item', String(storyId))]));
    expect(text(why)).toMatch(/About the Sahel/);
    expect(text(why)).toMatch(/Niger|Niamey/);
  });

  it('feeds list, add (from a page that names its feed), remove; status', async () => {
    const added = await run(group('feeds', 'add', [str('url', h.feeds.url('/page.html'))]));
    expect(added.content).toMatch(/Now following \*\*Second Outlet\*\*.*found from the page/);
    const list = await run(group('feeds', 'list'));
    expect(text(list)).toMatch(/Second Outlet/);
    const removed = await run(group('feeds', 'remove', [str('feed', h.feeds.url('/second.xml'))]));
    expect(removed.content).toMatch(/No longer following/);
    const status = await run(sub('status'));
    expect(text(status)).toMatch(/Feeds:\*\* \d+/);
    expect(text(status)).toMatch(/\*\*Event loop:\*\* delay p99 [\d.]+ ms, max [\d.]+ ms over the last 10 min/);
    const frStatus = text(await run(sub('status'), { locale: 'fr' }));
    expect(frStatus).toMatch(/État de Sahel Watch/);
    expect(frStatus).toMatch(/Flux :\*\* \d+ \(\d+ en bonne santé, \d+ en échec, \d+ en pause\)/);
    expect((await run(group('feeds', 'remove', [str('feed', h.feeds.url('/second.xml'))]), { locale: 'fr' })).content).toMatch(/^❌ Ce serveur ne suit pas .*second\.xml\. Voir \/sahel flux liste\.$/);
  });

  it('feeds status: all healthy, one feed in detail, and a failing feed with its error and next poll', async () => {
    expect((await run(group('feeds', 'status'))).content).toMatch(/^✅ All \d+ feeds answered at their last poll\.$/);
    const detail = await run(group('feeds', 'status', [str('feed', h.feeds.url('/cmd.xml'))]));
    expect(detail.ephemeral).toBe(true);
    const fields = Object.fromEntries((detail.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(detail.embeds[0]?.title).toMatch(/^Feed \d+ · Command Fixture News$/);
    expect(fields.State).toBe('✅ healthy');
    expect(fields['Last success']).toMatch(/^<t:\d+:R>$/);
    expect(fields['Conditional GET']).toMatch(/ETag/);

    h.feeds.setFeed('/flaky.xml', rss2([{ ...sahelHeadline(10), guid: 'flaky-1', link: 'https://flaky.example/1' }], { title: 'Flaky Outlet' }));
    expect((await run(group('feeds', 'add', [str('url', h.feeds.url('/flaky.xml'))]))).content).toMatch(/Now following \*\*Flaky Outlet\*\*/);
    h.feeds.removeFeed('/flaky.xml');
    // The bot polls every ~1 s under test; the first poll after the route is gone fails with 404.
    const hits = h.feeds.hits('/flaky.xml');
    await eventually(() => h.feeds.hits('/flaky.xml') > hits, 20_000, 'a poll of the removed feed');
    let failing = await run(group('feeds', 'status', [str('feed', h.feeds.url('/flaky.xml'))]));
    for (let tries = 0; tries < 40 && !JSON.stringify(failing.embeds).includes('failing'); tries++) {
      await new Promise((r) => setTimeout(r, 250));
      failing = await run(group('feeds', 'status', [str('feed', h.feeds.url('/flaky.xml'))]));
    }
    const failed = Object.fromEntries((failing.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(failed.State).toMatch(/^⚠️ failing \(\d+ in a row\)$/);
    expect(failed['Last error']).toMatch(/answered 404/);
    expect(failed['Next poll']).toMatch(/^<t:\d+:R>$/);
    const summary = await run(group('feeds', 'status'));
    expect(summary.embeds[0]?.title).toMatch(/^1 of \d+ feeds need attention$/);
    expect(text(summary)).toMatch(/Flaky Outlet/);
    const fr = await run(group('feeds', 'status'), { locale: 'fr' });
    expect(fr.embeds[0]?.title).toMatch(/^1 flux sur \d+ à surveiller$/);
    await run(group('feeds', 'remove', [str('feed', h.feeds.url('/flaky.xml'))]));
  });

  it('why autocompletes story numbers as text', async () => {
    const { id } = await h.discord.autocomplete({ guildId: GUILD, channelId: REALTIME, name: 'sahel', options: sub('why', [str('item', '')]), focused: 'item' });
    const choices = (await h.discord.waitForInteractionResponse(id)).choices!;
    expect(choices.length).toBeGreaterThan(0);
    for (const c of choices) {
      expect(typeof c.value).toBe('string');
      expect(c.name).toMatch(new RegExp(`^#${String(c.value)} · `));
    }
  });

  it('buttons keep working after a restart, and the digest fires at its local time on a shifted clock', async () => {
    const post = h.discord.channelMessages(REALTIME)[0]!;
    const sourcesButton = JSON.stringify(post.components).match(/story:sources:\d+/)![0];
    await bot!.kill('SIGTERM');
    const readyBefore = h.discord.readyCount;
    bot = h.startBot({ SAHEL_CLOCK_OFFSET_MS: String(2 * 60 * 60_000) });
    await h.discord.waitForReady(20_000, readyBefore);
    const click = await h.discord.buttonClick({ guildId: GUILD, channelId: REALTIME, customId: sourcesButton, messageId: post.id });
    const reply = await h.discord.waitForInteractionResponse(click.id);
    expect(reply.ephemeral).toBe(true);
    expect(JSON.stringify(reply.embeds)).toMatch(/Command Fixture News/);
    const [digest] = await h.discord.waitForMessages(DIGEST, 1, 15_000);
    expect(String(digest!.embeds[0]!.title)).toMatch(/Daily Sahel digest — 6 stories/);
    await new Promise((r) => setTimeout(r, 2500));
    expect(h.discord.channelMessages(DIGEST)).toHaveLength(1);
  });

  it('posts follow the server language setting', async () => {
    expect((await run(group('settings', 'language', [str('language', 'fr')]))).content).toMatch(/en français/);
    const before = h.discord.channelMessages(FLOOD).length;
    publish([sahelHeadline(10)]);
    await h.discord.waitForMessages(FLOOD, before + 1, 20_000);
    const fields = h.discord.channelMessages(FLOOD).at(-1)!.embeds[0]!.fields ?? [];
    expect(fields.map((f) => f.name)).toContain('Pays');
    expect(String(h.discord.channelMessages(FLOOD).at(-1)!.embeds[0]!.footer?.text)).toMatch(/^Sahel Watch · histoire #\d+$/);
  });

  it('summary fetches an article page, extracts and summarises it (deferred), and explains failures in one line', async () => {
    const paragraphs = [
      'Russian President Vladimir Putin spoke to Mali’s military leader Assimi Goita about the coup in Niger on Tuesday, a call likely to worry Western governments that fear growing Russian influence in the Sahel.',
      'Putin stressed the importance of a peaceful resolution of the situation for a more stable Sahel, Goita said on social media.',
      'The Kremlin said the call was initiated by Mali and that the parties focused on settling the situation in Niger through peaceful political and diplomatic means.',
      'Western powers and democratic African governments have called for the coup leaders to reinstate ousted President Mohamed Bazoum, who has been detained since July 26.',
      'West African army chiefs will meet on Thursday and Friday in Ghana to prepare for a possible military intervention.',
    ];
    h.feeds.setFeed('/article.html', `<!doctype html><html lang="en"><head><title>Putin talks to Mali's leader about Niger coup</title></head><body>
      <nav><a href="/">Home</a> <a href="/africa">Africa</a> <a href="/world">World</a></nav>
      <div class="share">Share via Facebook · Copy link</div>
      <article><h1>Putin talks to Mali's leader about Niger coup, stresses peace</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article>
      <aside><h3>LATEST NEWS</h3><ul><li><a href="/a">Football scores</a></li><li><a href="/b">Weather in Accra</a></li></ul></aside>
      <footer>Subscribe to our newsletter · Call +233 20 000 0000</footer></body></html>`, { contentType: 'text/html; charset=utf-8' });
    const r = await run(sub('summary', [str('url', h.feeds.url('/article.html'))]));
    expect(r.type).toBe(5); // deferred, then edited
    const body = text(r);
    expect(body).toMatch(/Putin/);
    expect(body).toMatch(/Goita|Niger/);
    expect(body).not.toMatch(/LATEST NEWS|newsletter|Copy link/);
    const missing = await run(sub('summary', [str('url', h.feeds.url('/nowhere.html'))]));
    expect(missing.content).toMatch(/404/);
    expect(missing.content.split('\n')).toHaveLength(1);
    // The public "thinking…" is removed; only the member sees the error.
    expect(missing.ephemeral).toBe(true);
    expect(h.discord.originalResponse(missing.interactionId)).toBeUndefined();
    const notArticle = await run(sub('summary', [str('url', h.feeds.url('/cmd.xml'))]));
    expect(notArticle.content).toMatch(/^❌ /);
  });

  it('unsubscribe stops a channel', async () => {
    expect((await run(sub('unsubscribe', [chan('channel', FLOOD)]))).content).toMatch(/no longer receive/);
    expect((await run(sub('unsubscribe', [chan('channel', FLOOD)]))).content).toMatch(/has no subscription/);
  });
});

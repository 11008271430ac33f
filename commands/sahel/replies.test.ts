// /sahel replies follow the member's locale: each test sends an interaction through the real router
// (src/discord/bot.ts) and the real handlers, against a real store, and reads what the member would see.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { PermissionFlagsBits, PermissionsBitField, type Interaction } from 'discord.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NewItem, Store } from '../../src/store/index.js';
import { createArticleService } from '../../src/pipeline/articles.js';
import { LoopDelayMonitor } from '../../src/loop-delay.js';
import { startFeedServer, rss2, sahelItem } from '../../test/feed-server.js';
import { SahelService, MAX_URL_LENGTH } from '../../src/app/service.js';
import { ManualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';
import { handleInteraction } from '../../src/discord/bot.js';
import type { SlashCommand } from '../../src/discord/command.js';
import * as sahel from '../sahel.js';
import { openTestStore, testEngine } from '../../test/store.js';

const GUILD = '910000000000000001';
const CHANNEL = '910000000000000002';
const OTHER = '910000000000000003';
const NOW = Date.UTC(2024, 5, 10, 6, 0);
const NEEDED = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

interface Reply {
  content?: string;
  embeds?: { title?: string; description?: string; footer?: { text: string } }[];
}

interface Spec {
  sub: string;
  group?: string;
  options?: Record<string, string | number | boolean>;
  locale?: string;
  appPermissions?: bigint;
  /** The member running the command (default 930000000000000001). */
  user?: string;
}

let store: Store;
let service: SahelService;

/** What a member sees after running the subcommand: the last reply, edit or follow-up. */
interface Seen {
  /** Its content and embed texts, as one string. */
  text: string;
  /** Only the member sees it. */
  ephemeral: boolean;
  /** A message everyone in the channel sees is left (a public reply, or a public "thinking…" not deleted). */
  publicLeft: boolean;
}

const EPHEMERAL = 64;
const isEphemeral = (flags: number | undefined) => ((flags ?? 0) & EPHEMERAL) !== 0;

async function answer(spec: Spec): Promise<Seen> {
  const replies: { body: Reply; ephemeral: boolean }[] = [];
  // The deferred "thinking…" message, changed from inside the callbacks below.
  const deferral: { shown: 'none' | 'public' | 'ephemeral' | 'deleted' } = { shown: 'none' };
  const o = spec.options ?? {};
  const get = (name: string, required = false) => {
    if (o[name] === undefined && required) throw new Error(`test: option ${name} is required`);
    return o[name] ?? null;
  };
  const interaction = {
    id: '920000000000000001',
    type: 2,
    commandName: 'sahel',
    locale: spec.locale ?? 'en-US',
    guildId: GUILD,
    channelId: CHANNEL,
    channel: { id: CHANNEL },
    guild: null,
    user: { id: spec.user ?? '930000000000000001' },
    deferred: false,
    replied: false,
    ephemeral: null as boolean | null,
    memberPermissions: new PermissionsBitField(PermissionFlagsBits.ManageGuild),
    appPermissions: new PermissionsBitField(spec.appPermissions ?? NEEDED),
    inGuild: () => true,
    isAutocomplete: () => false,
    isChatInputCommand: () => true,
    isMessageComponent: () => false,
    isRepliable: () => true,
    options: {
      getSubcommandGroup: () => spec.group ?? null,
      getSubcommand: () => spec.sub,
      getString: get,
      getInteger: get,
      getNumber: get,
      getBoolean: get,
      getChannel: (name: string) => (o[name] ? { id: String(o[name]) } : null),
      getRole: () => null,
    },
    reply: async (body: Reply & { flags?: number }) => {
      replies.push({ body, ephemeral: isEphemeral(body.flags) });
      interaction.replied = true;
      interaction.ephemeral = isEphemeral(body.flags);
    },
    deferReply: async (opts: { flags?: number } = {}) => {
      interaction.deferred = true;
      interaction.ephemeral = isEphemeral(opts.flags);
      deferral.shown = interaction.ephemeral ? 'ephemeral' : 'public';
    },
    editReply: async (body: Reply) => {
      replies.push({ body, ephemeral: interaction.ephemeral === true });
    },
    deleteReply: async () => {
      deferral.shown = 'deleted';
    },
    followUp: async (body: Reply & { flags?: number }) => {
      replies.push({ body, ephemeral: isEphemeral(body.flags) });
    },
  };
  const commands = new Map<string, SlashCommand>([['sahel', sahel as SlashCommand]]);
  await handleInteraction({ commands, service, log: silentLogger() }, interaction as unknown as Interaction);
  const last = replies.at(-1);
  if (!last) throw new Error('test: no reply');
  const { body } = last;
  return {
    text: [body.content ?? '', ...(body.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? ''])].filter(Boolean).join('\n'),
    ephemeral: last.ephemeral,
    publicLeft: deferral.shown === 'public' || replies.some((r) => !r.ephemeral),
  };
}

/** What a member sees, as one string. */
async function run(spec: Spec): Promise<string> {
  return (await answer(spec)).text;
}

const fr = (sub: string, options: Spec['options'] = {}, extra: Partial<Spec> = {}) => run({ sub, options, locale: 'fr', ...extra });
const en = (sub: string, options: Spec['options'] = {}, extra: Partial<Spec> = {}) => run({ sub, options, locale: 'en-GB', ...extra });

beforeEach(async () => {
  store = await openTestStore('replies');
  service = new SahelService(store, new ManualClock(NOW), { userAgent: 'test', allowPrivateNetworks: false });
});
afterEach(() => store.close());

describe('/sahel subscribe, unsubscribe, subscriptions in French', () => {
  it('confirms a subscription with its filters in French, and in English for an English member', async () => {
    const options = { countries: 'Niger', mode: 'daily', timezone: 'Africa/Niamey' };
    expect(await fr('subscribe', options)).toBe(
      `✅ <#${CHANNEL}> recevra les nouvelles histoires du Sahel (sur 🇳🇪 Niger, en résumé quotidien à 08:00 Africa/Niamey) depuis 0 flux. Elles sont rassemblées et publiées ensemble à cette heure-là ; rien de déjà publié n’est republié.\nAucune histoire enregistrée ne correspond encore à ces filtres : rien à prévisualiser.`,
    );
    expect(await en('subscribe', options)).toBe(
      `✅ <#${CHANNEL}> will receive new Sahel stories (about 🇳🇪 Niger, as a daily digest at 08:00 Africa/Niamey) from 0 feeds. New stories are gathered and posted together at that time; nothing already published is re-posted.\nNo stored story matches these filters yet, so there is nothing to preview.`,
    );
  });

  it('dates a story in /sahel latest by its publication, not by when the bot first saw it', async () => {
    const feed = await store.feeds.ensure('https://cridem.example/feed', NOW, 'Cridem');
    await store.feeds.ensureGuildInitialised(GUILD, NOW);
    await store.feeds.addToGuild(GUILD, feed.id, null, NOW);
    const published = NOW - 9 * 86_400_000;
    const storyId = await store.stories.create({ originalItemId: null, bestItemId: null, title: 'Mauritanie : la société civile dénonce des arrestations', link: 'https://cridem.example/a', summary: null, countries: ['MRT'], themes: [], score: 6, relevant: true, eventDate: null, firstSeenAt: NOW, lastSeenAt: NOW });
    const itemId = await store.items.insert({
      feedId: feed.id, identity: 'a', storyId, title: 'Mauritanie : la société civile dénonce des arrestations', text: 'À Nouakchott, des militants ont été arrêtés.', link: 'https://cridem.example/a', canonicalUrl: null,
      author: null, publishedAt: published, fetchedAt: NOW, lang: 'fr', relevant: true, score: 6, countries: ['MRT'], themes: [], actors: [], topicMatch: null, articleText: null, summary: null, fingerprint: null,
    });
    await store.stories.setFirstItem(storyId, itemId);
    const seen = await en('latest');
    expect(seen).toContain(`<t:${Math.floor(published / 1000)}:R>`);
    expect(seen).not.toContain(`<t:${Math.floor(NOW / 1000)}:R>`);
  });

  it('shows the latest matching story as the channel will show it, marked as a preview, and when feeds are next checked', async () => {
    const feed = await store.feeds.ensure('https://wire.example/feed', NOW, 'Sahel Wire');
    await store.feeds.ensureGuildInitialised(GUILD, NOW);
    await store.feeds.addToGuild(GUILD, feed.id, null, NOW);
    await store.feeds.recordSuccess(feed.id, { etag: null, lastModified: null, bodyHash: null, nextPollAt: NOW + 5 * 60_000, now: NOW });
    const storyId = await store.stories.create({ originalItemId: null, bestItemId: null, title: 'Niger junta frees detained ministers', link: 'https://wire.example/ministers', summary: 'The military government in Niamey freed three former ministers.', countries: ['NER'], themes: ['coup'], score: 8, relevant: true, eventDate: null, firstSeenAt: NOW, lastSeenAt: NOW });
    const itemId = await store.items.insert({
      feedId: feed.id, identity: 'ministers', storyId, title: 'Niger junta frees detained ministers', text: 'The military government in Niamey freed three former ministers.', link: 'https://wire.example/ministers', canonicalUrl: null,
      author: null, publishedAt: NOW - 3600_000, fetchedAt: NOW, lang: 'en', relevant: true, score: 8, countries: ['NER'], themes: ['coup'], actors: [], topicMatch: null, articleText: null, summary: 'The military government in Niamey freed three former ministers.', fingerprint: null,
    });
    await store.stories.setFirstItem(storyId, itemId);

    const seen = await en('subscribe', { countries: 'Niger' });
    expect(seen).toContain(`from 1 feed. New stories appear as they are published`);
    expect(seen).toContain(`The next feed check is due <t:${Math.floor((NOW + 5 * 60_000) / 1000)}:R>.`);
    expect(seen).toContain(`👀 **Preview, not posted:** the latest matching story, as <#${CHANNEL}> will show stories like it.`);
    expect(seen).toContain('Niger junta frees detained ministers');
    expect(seen).toContain(`Sahel Watch · story #${storyId}`);
    // Nothing was queued or sent for the channel: a preview is a reply, not a post.
    expect(await store.deliveries.pendingCount()).toBe(0);
  });

  it('explains invalid options in French', async () => {
    expect(await fr('subscribe', { mode: 'daily', timezone: 'Mars/Olympus' })).toBe('❌ Fuseau horaire inconnu : « Mars/Olympus ». Utilisez un nom comme Africa/Bamako, Africa/Niamey ou Europe/Paris.');
    expect(await fr('subscribe', { mode: 'daily', digest_time: '25:99' })).toBe('❌ heure_resume attend une heure sur 24 h comme 08:00 ou 18:30 (reçu : « 25:99 »).');
    // Thrown deep in option parsing (a UserError), told in the member's language by the router.
    expect(await fr('subscribe', { countries: 'Atlantis' })).toBe('❌ Pays inconnu : « Atlantis ». Voir /sahel sujets pour la liste.');
    expect(await en('subscribe', { countries: 'Atlantis' })).toBe('❌ Unknown country "Atlantis". See /sahel topics for the list.');
    expect(await fr('subscribe', { themes: 'cuisine' })).toMatch(/^❌ Thème inconnu : « cuisine »/);
  });

  it('names the permissions the bot lacks as Discord shows them in French', async () => {
    const appPermissions = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
    expect(await fr('subscribe', {}, { appPermissions })).toBe(`❌ Je ne peux pas publier dans <#${CHANNEL}> : accordez-moi « Intégrer des liens » dans ce salon, puis réessayez.`);
    expect(await en('subscribe', {}, { appPermissions })).toBe(`❌ I can't post in <#${CHANNEL}>: give me Embed Links there, then try again.`);
  });

  it('lists, then removes, subscriptions in French', async () => {
    expect(await fr('subscriptions')).toBe('Aucun salon de ce serveur n’est encore abonné. Un gestionnaire du serveur peut lancer `/sahel abonner` dans un salon.');
    expect(await fr('unsubscribe')).toBe(`❌ <#${CHANNEL}> n’a pas d’abonnement.`);
    await fr('subscribe', { min_score: 3, older_stories: true });
    expect(await fr('subscriptions')).toBe(`• <#${CHANNEL}> (sur tous les pays du Sahel, score ≥ 3, histoires anciennes comprises (signalées))`);
    expect(await fr('unsubscribe')).toBe(`🔕 <#${CHANNEL}> ne recevra plus les histoires du Sahel.`);
  });

  it('previews a digest in French', async () => {
    expect(await fr('preview', { channel: OTHER }, { group: 'digest' })).toBe(`❌ <#${OTHER}> n’a pas d’abonnement.`);
    await fr('subscribe');
    expect(await fr('preview', {}, { group: 'digest' })).toBe(`❌ <#${CHANNEL}> reçoit les histoires au fil de l’eau, pas en résumé. Abonnez-le d’abord avec un mode résumé.`);
    await fr('subscribe', { mode: 'weekly', digest_time: '09:00', timezone: 'UTC' });
    const monday = Math.floor(Date.UTC(2024, 5, 10, 9, 0) / 1000);
    expect(await fr('preview', {}, { group: 'digest' })).toBe(
      `Le prochain résumé de <#${CHANNEL}> est prévu <t:${monday}:F> (<t:${monday}:R>) ; aucune histoire n’a encore été retenue pour lui.`,
    );
    expect(await en('preview', {}, { group: 'digest' })).toBe(`The next digest for <#${CHANNEL}> is due <t:${monday}:F> (<t:${monday}:R>); no story has been collected for it yet.`);
  });
});

describe('/sahel feeds in French', () => {
  it('lists, removes and resumes feeds in French', async () => {
    expect(await fr('list', {}, { group: 'feeds' })).toBe('Ce serveur ne suit aucun flux. Un gestionnaire du serveur peut en ajouter un avec `/sahel flux ajouter`.');
    const feed = await store.feeds.ensure('https://rfi.example/afrique.xml', NOW, 'RFI Afrique');
    await store.feeds.addToGuild(GUILD, feed.id, null, NOW);
    expect(await fr('list', {}, { group: 'feeds' })).toBe(`Flux (1)\n🕓 \`${feed.id}\` RFI Afrique`);
    expect(await fr('resume', { feed: String(feed.id) }, { group: 'feeds' })).toBe('▶️ **RFI Afrique** a repris ; il sera relevé au prochain passage.');
    expect(await fr('remove', { feed: 'https://nowhere.example/feed' }, { group: 'feeds' })).toBe('❌ Ce serveur ne suit pas https://nowhere.example/feed. Voir /sahel flux liste.');
    expect(await fr('remove', { feed: 'https://rfi.example/afrique.xml' }, { group: 'feeds' })).toBe('🗑️ Ce serveur ne suit plus **RFI Afrique**.');
    expect(await fr('add', { url: 'ftp://rfi.example/feed' }, { group: 'feeds' })).toBe('❌ Seules les URL http et https sont acceptées (reçu : ftp).');
  });
});

describe('/sahel reading commands and status in French', () => {
  it('says when nothing is found, in French', async () => {
    expect(await fr('latest')).toBe('Aucune histoire du Sahel enregistrée pour ce choix. Les flux sont relevés toutes les quelques minutes ; réessayez plus tard.');
    expect(await fr('latest', { count: 11 })).toBe('❌ nombre doit être compris entre 1 et 10.');
    expect(await fr('search', { query: 'Tombouctou' })).toBe('Aucun article enregistré ne correspond à « Tombouctou ».');
    expect(await fr('search', { query: 'Niger', since: 'hier' })).toBe('❌ depuis attend une durée comme 24h, 7d, 2w ou une date comme 2024-06-01.');
    expect(await fr('story', { id: 999 })).toBe('❌ Aucune histoire #999. Les numéros d’histoire figurent sous chaque publication et dans /sahel dernieres.');
    expect(await fr('why', { item: 'item:77' })).toBe('❌ Aucun article #77. Les numéros d’histoire figurent sous chaque publication et dans /sahel dernieres.');
    expect(await fr('why', { item: 'quarante-deux' })).toBe('❌ Donnez un numéro d’histoire comme 42 (sous chaque publication), ou item:123 pour un seul article.');
    expect(await fr('summary', { url: 'https://example.org/article' })).toBe('❌ Les résumés de pages web ne sont pas disponibles sur ce bot.');
    // The same situations in English are unchanged.
    expect(await en('story', { id: 999 })).toBe('❌ No story #999. Story numbers are shown under each post and in /sahel latest.');
    expect(await en('search', { query: 'Tombouctou' })).toBe('No stored item matches “Tombouctou”.');
  });

  it('reports status in French', async () => {
    const status = await fr('status');
    expect(status).toBe([
      'État de Sahel Watch',
      '**Flux :** 0 (0 en bonne santé, 0 en échec, 0 en pause)',
      '**Relevés :** aucun cycle de relevé terminé depuis le démarrage du bot',
      '**Enregistré :** 0 articles dans 0 histoires',
      '**Publications :** 0 envoyées, 0 en attente',
      '**Abonnements ici :** 0',
      // Over PostgreSQL, whether a process holds each single role: none does in this test (no bot runs).
      ...(testEngine() === 'postgres' ? ['**Processus :** PostgreSQL ; rédacteur des sujets absent (aucun processus ne le tient : les nouvelles attendent), expéditeur absent (aucun processus ne le tient : les nouvelles attendent)'] : []),
    ].join('\n'));
    if (testEngine() === 'postgres') {
      await store.leases.acquire('stories', 'writer-process', Date.now(), 60_000);
      expect(await en('status')).toMatch(/\*\*Processes:\*\* PostgreSQL; story writer active, sender missing \(no process holds it: news waits\)/);
    }
    expect(await en('status')).toMatch(/^Sahel Watch status\n\*\*Feeds:\*\* 0 \(0 healthy, 0 failing, 0 paused\)\n\*\*Polling:\*\* no poll cycle/);
  });

  it('reports the last full poll interval, not the last tick, and when feeds are next checked', async () => {
    const feed = await store.feeds.ensure('https://wire.example/feed', NOW, 'Sahel Wire');
    await store.feeds.ensureGuildInitialised(GUILD, NOW);
    await store.feeds.addToGuild(GUILD, feed.id, null, NOW);
    await store.feeds.recordSuccess(feed.id, { etag: null, lastModified: null, bodyHash: null, nextPollAt: NOW + 90_000, now: NOW });
    const storyId = await store.stories.create({ originalItemId: null, bestItemId: null, title: 't', link: null, summary: null, countries: ['NER'], themes: [], score: 5, relevant: true, eventDate: null, firstSeenAt: NOW - 60_000, lastSeenAt: NOW - 60_000 });
    for (const n of [1, 2]) {
      await store.items.insert({ feedId: feed.id, identity: `w${n}`, storyId, title: `Niamey ${n}`, text: '', link: null, canonicalUrl: null, author: null, publishedAt: null, fetchedAt: NOW - 60_000, lang: 'en', relevant: true, score: 5, countries: ['NER'], themes: [], actors: [], topicMatch: null, articleText: null, summary: null, fingerprint: null });
    }
    // Ticks spread over the interval; the last one polled nothing, as most ticks do.
    service.recordCycle({ startedAt: NOW - 700_000, finishedAt: NOW - 690_000, polled: 9, failed: 0, skippedLocked: 0 });
    service.recordCycle({ startedAt: NOW - 300_000, finishedAt: NOW - 299_000, polled: 2, failed: 1, skippedLocked: 0 });
    service.recordCycle({ startedAt: NOW - 120_000, finishedAt: NOW - 119_000, polled: 1, failed: 0, skippedLocked: 0 });
    service.recordCycle({ startedAt: NOW - 1_000, finishedAt: NOW, polled: 0, failed: 0, skippedLocked: 0 });
    const status = await en('status');
    expect(status).toContain(`**Polling:** last 10 min: 3 feeds polled, 1 failed; new: 2 items in 1 story; next feed check <t:${Math.floor((NOW + 90_000) / 1000)}:R>`);
    expect(status).toContain('**Stored:** 2 items in 1 story');
  });

  it('changes the server language and confirms in the language chosen', async () => {
    expect(await en('language', { language: 'fr' }, { group: 'settings' })).toBe('✅ Les publications et résumés de ce serveur seront en français.');
    expect(await store.subscriptions.language(GUILD)).toBe('fr');
    expect(await fr('language', { language: 'en' }, { group: 'settings' })).toBe('✅ Posts and digests in this server will be in English.');
    expect(await store.subscriptions.language(GUILD)).toBe('en');
  });

  it('refuses a language outside LANGUAGES (a stale command registration) instead of turning it into English', async () => {
    await en('language', { language: 'fr' }, { group: 'settings' });
    expect(await en('language', { language: 'de' }, { group: 'settings' })).toContain('Unknown language "de". Choose one of: en, fr.');
    expect(await store.subscriptions.language(GUILD)).toBe('fr');
  });
});

describe('/sahel option validation', () => {
  /** One stored Sahel item from a feed the server follows, so that a search has something to find. */
  async function storeItem(title: string, text: string, articleText: string | null = null): Promise<void> {
    const feedId = (await store.feeds.ensure('https://rfi.example/afrique.xml', NOW, 'RFI Afrique')).id;
    await store.feeds.addToGuild(GUILD, feedId, null, NOW);
    const item: NewItem = {
      feedId, identity: title, title, text, link: 'https://rfi.example/niamey', canonicalUrl: null, author: null, publishedAt: NOW, fetchedAt: NOW,
      lang: 'en', relevant: true, score: 5, countries: ['NER'], themes: ['coup'], actors: [], topicMatch: null, articleText, summary: null, fingerprint: null,
    };
    await store.items.insert(item);
  }

  it('finds a name that only the extracted article gives, written with or without its accent', async () => {
    // Seed 000's case: the feed gives the headline and a line; the article names Goita.
    await storeItem('Putin talks to Mali’s leader about Niger coup', 'Russian President Vladimir Putin spoke to Mali’s military leader.', 'Putin stressed the importance of a peaceful resolution, Mali’s interim President Assimi Goita said on X.');
    for (const query of ['Goïta', 'goita']) {
      const seen = await en('search', { query });
      expect(seen).toContain('Putin talks to Mali’s leader about Niger coup');
      expect(seen).toContain('**Goita**');
    }
  });
  const refused = (seen: Seen, text: string) => {
    expect(seen.text).toBe(text);
    expect(seen.text).not.toContain('\n');
    expect(seen.ephemeral).toBe(true);
    expect(seen.publicLeft).toBe(false);
  };

  it('refuses a search of 201 characters in one ephemeral line, and runs one of 200', async () => {
    await storeItem('Niamey junta names a new government', 'The junta in Niamey named ministers on Monday.');
    const q200 = 'Niamey junta '.repeat(16).slice(0, 200);
    expect(q200).toHaveLength(200);
    refused(await answer({ sub: 'search', options: { query: `${q200}y` } }), '❌ That search is too long (201 characters; the limit is 200).');
    refused(await answer({ sub: 'search', options: { query: `${q200}y` }, locale: 'fr' }), '❌ Cette recherche est trop longue (201 caractères ; la limite est de 200).');
    const ok = await answer({ sub: 'search', options: { query: q200 } });
    expect(ok.text).toMatch(/^Search: Niamey junta/);
    expect(ok.text).toContain('**Niamey** **junta** names a new government');
  });

  it('refuses an over-long or non-http(s) URL for /sahel summary, in one line only the member sees', async () => {
    const base = 'https://example.org/';
    const long = base + 'a'.repeat(MAX_URL_LENGTH + 1 - base.length);
    refused(await answer({ sub: 'summary', options: { url: long } }), `❌ That URL is too long (${MAX_URL_LENGTH + 1} characters; the limit is ${MAX_URL_LENGTH}).`);
    refused(await answer({ sub: 'summary', options: { url: 'file:///etc/passwd' } }), '❌ Only http and https URLs are accepted (got file).');
    refused(await answer({ sub: 'summary', options: { url: 'javascript:alert(1)' } }), '❌ Only http and https URLs are accepted (got javascript).');
    refused(await answer({ sub: 'summary', options: { url: 'file:///etc/passwd' }, locale: 'fr' }), '❌ Seules les URL http et https sont acceptées (reçu : file).');
    // At the limit the URL is accepted, and goes as far as this bot allows (no page fetching here).
    refused(await answer({ sub: 'summary', options: { url: long.slice(0, MAX_URL_LENGTH) } }), '❌ Summaries of web pages are not available on this bot.');
  });

  it('refuses a count outside 1–10 for /sahel latest, and accepts both ends', async () => {
    refused(await answer({ sub: 'latest', options: { count: 0 } }), '❌ count must be between 1 and 10.');
    refused(await answer({ sub: 'latest', options: { count: 11 } }), '❌ count must be between 1 and 10.');
    refused(await answer({ sub: 'latest', options: { count: -3 } }), '❌ count must be between 1 and 10.');
    for (const count of [1, 10]) {
      expect(await en('latest', { count })).toBe('No Sahel stories stored yet for that choice. Feeds are polled every few minutes; try again later.');
    }
  });

  it('searches for FTS5 syntax as plain words, never as a query error', async () => {
    await storeItem('Niamey junta names a new government', 'The junta in Niamey named ministers on Monday.');
    const none = (q: string) => `No stored item matches “${q}”.`;
    expect(await en('search', { query: '"unbalanced' })).toBe(none('"unbalanced'));
    expect(await en('search', { query: 'NEAR(' })).toBe(none('NEAR\\('));
    expect(await en('search', { query: '*' })).toBe(none('\\*'));
    expect(await en('search', { query: '-' })).toBe(none('\\-'));
    expect(await en('search', { query: 'AND OR NOT' })).toBe(none('AND OR NOT'));
    expect(await en('search', { query: 'title:Niamey' })).toBe(none('title:Niamey'));
    // Operators around real words still find them: the syntax is dropped, the words are searched.
    expect(await en('search', { query: '"Niamey' })).toContain('**Niamey** junta names a new government');
    expect(await en('search', { query: 'NEAR(Niamey junta)' })).toBe(none('NEAR\\(Niamey junta\\)'));
    expect(await en('search', { query: 'junta*' })).toContain('**junta** names');
  });
});

describe('/sahel story and /sahel why: why an item joined its story', () => {
  it('shows, for each source that joined, the reason, the similarity and what the texts share, in the member’s language', async () => {
    const feed = await store.feeds.ensure('https://wire.example/feed', NOW, 'Sahel Wire');
    await store.feeds.ensureGuildInitialised(GUILD, NOW);
    await store.feeds.addToGuild(GUILD, feed.id, null, NOW);
    const base: NewItem = {
      feedId: feed.id, identity: 'inates-1', title: 'Dozens of soldiers killed in assault on Niger army camp at Inates', text: '71 soldiers were killed at Inates.',
      link: 'https://wire.example/inates', canonicalUrl: 'https://wire.example/inates', author: null, publishedAt: NOW, fetchedAt: NOW, lang: 'en',
      relevant: true, score: 9, countries: ['NER'], themes: ['security'], actors: [], topicMatch: null, articleText: null, summary: null, fingerprint: null,
    };
    const storyId = await store.stories.create({ originalItemId: null, bestItemId: null, title: base.title, link: base.link, summary: null, countries: ['NER'], themes: ['security'], score: 9, relevant: true, eventDate: null, firstSeenAt: NOW, lastSeenAt: NOW });
    const first = await store.items.insert({ ...base, storyId });
    await store.stories.setFirstItem(storyId, first);
    const second = await store.items.insert({
      ...base, identity: 'inates-2', title: 'Niger : 71 militaires tués dans l’attaque du camp d’Inatès', link: 'https://wire.example/inates-fr', canonicalUrl: null, lang: 'fr', storyId,
      storyJoin: { reason: 'rewrite', similarity: 0.431, names: ['Inates'], numbers: ['71'], dates: [], kinds: ['attack'], against: first },
    });

    const story = await en('story', { id: storyId });
    expect(story).toContain('↳ joined as another report of the event (0.43) · shares Inates, 71, attack');
    // The first report joined nothing: one explanation line only.
    expect(story.match(/↳/g)).toHaveLength(1);
    expect(await fr('story', { id: storyId })).toContain('↳ rattachée comme un autre récit de l’événement (0.43) · en commun Inates, 71, attack');
    const why = await en('why', { item: `item:${second}` });
    expect(why).toContain(`**Story #${storyId}**\njoined as another report of the event (0.43) · shares Inates, 71, attack`);

    // Compared with a source of a feed this server does not follow: the reason, nothing of that text.
    const hidden = await store.feeds.ensure('https://private.example/feed?token=s3cret', NOW, 'Private');
    const theirs = await store.items.insert({ ...base, feedId: hidden.id, identity: 'private-1', title: 'Hidden report', link: 'https://private.example/x', canonicalUrl: null, storyId });
    const third = await store.items.insert({
      ...base, identity: 'inates-3', title: 'Inates: the army counts its dead', link: 'https://wire.example/inates-3', canonicalUrl: null, storyId,
      storyJoin: { reason: 'rewrite', similarity: 0.512, names: ['Secretname'], numbers: ['4242'], dates: [], kinds: ['attack'], against: theirs },
    });
    const seen = await en('story', { id: storyId });
    expect(seen).toMatch(/↳ joined as another report of the event$/m);
    expect(seen).not.toMatch(/Secretname|4242|0\.51|Hidden report/);
    const whyHidden = await en('why', { item: `item:${third}` });
    expect(whyHidden).toContain(`**Story #${storyId}**\njoined as another report of the event`);
    expect(whyHidden).not.toMatch(/Secretname|4242|0\.51/);
  });
});

describe('caps: feeds a server adds, summaries at once', () => {
  it('refuses a feed past MAX_FEEDS_PER_SERVER in English and French, before any request, and stores nothing', async () => {
    const feeds = await startFeedServer();
    try {
      for (const path of ['/a.xml', '/b.xml', '/c.xml']) feeds.setFeed(path, rss2([sahelItem(1)], { title: `Feed ${path}` }));
      service = new SahelService(store, new ManualClock(NOW), { userAgent: 'test', allowPrivateNetworks: true, maxFeedsPerServer: 2 });
      const defaults = await store.feeds.upsertDefaults([{ url: 'https://default.example/feed', title: 'Default', language: null, intervalMs: null }], NOW);
      expect(defaults).toBe(1); // a default feed does not count against the cap
      expect(await en('add', { url: feeds.url('/a.xml') }, { group: 'feeds' })).toMatch(/^✅ Now following \*\*Feed \/a\.xml\*\*/);
      expect(await en('add', { url: feeds.url('/b.xml') }, { group: 'feeds' })).toMatch(/^✅ Now following/);
      const refusedEn = await answer({ sub: 'add', group: 'feeds', options: { url: feeds.url('/c.xml') } });
      expect(refusedEn.text).toBe('❌ This server already follows 2 feeds of its own, the most it may add. Remove one with `/sahel feeds remove`, then add this one.');
      expect(refusedEn.ephemeral).toBe(true);
      expect(await fr('add', { url: feeds.url('/c.xml') }, { group: 'feeds' })).toBe('❌ Ce serveur suit déjà 2 flux ajoutés par lui, le maximum. Retirez-en un avec `/sahel flux retirer`, puis ajoutez celui-ci.');
      expect(feeds.hits('/c.xml')).toBe(0);
      expect(await store.feeds.byUrl(feeds.url('/c.xml'))).toBeNull();
      expect((await store.feeds.forGuild(GUILD)).map((f) => f.url)).toEqual(['https://default.example/feed', feeds.url('/a.xml'), feeds.url('/b.xml')]);
      // One already followed is still answered as such, and room made by a removal is used.
      expect(await en('add', { url: feeds.url('/a.xml') }, { group: 'feeds' })).toBe('This server already follows **Feed /a.xml**.');
      await en('remove', { feed: feeds.url('/a.xml') }, { group: 'feeds' });
      expect(await en('add', { url: feeds.url('/c.xml') }, { group: 'feeds' })).toMatch(/^✅ Now following \*\*Feed \/c\.xml\*\*/);
    } finally {
      await feeds.close();
    }
  });

  it('answers a second /sahel summary of a member, and one past SUMMARY_CONCURRENCY, with a polite busy line in English and French, not a queue', async () => {
    // A loopback article server that holds every answer until released: the summaries stay in flight.
    const held: (() => void)[] = [];
    let requests = 0;
    const words = 'Les autorités de transition du Mali ont annoncé lundi à Bamako un nouveau calendrier électoral après des semaines de consultations nationales avec les partis politiques et la société civile.';
    const page = `<html><head><title>Mali</title></head><body><article><h1>Calendrier électoral au Mali</h1>${[1, 2, 3, 4, 5].map((i) => `<p>${words} (${i})</p>`).join('')}</article></body></html>`;
    const server = http.createServer((_req, res) => {
      requests++;
      held.push(() => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = (p: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${p}`;
    try {
      const articles = createArticleService({ userAgent: 'test', allowPrivateNetworks: true, fetchPages: true, llm: null, log: silentLogger() });
      service = new SahelService(store, new ManualClock(NOW), { userAgent: 'test', allowPrivateNetworks: true, articles, summaryConcurrency: 2 });
      const [alice, bob, carol] = ['930000000000000011', '930000000000000012', '930000000000000013'];
      const first = answer({ sub: 'summary', options: { url: url('/a') }, user: alice });
      await until(() => requests === 1);
      const again = await answer({ sub: 'summary', options: { url: url('/a2') }, user: alice });
      expect(again.text).toBe('❌ Your previous summary is still being made. Wait for it, then try again.');
      expect(again.ephemeral).toBe(true);
      expect(again.publicLeft).toBe(false);
      const second = answer({ sub: 'summary', options: { url: url('/b') }, user: bob });
      await until(() => requests === 2);
      expect(await run({ sub: 'summary', options: { url: url('/c') }, user: carol })).toBe('❌ Sahel Watch is busy summarising other pages. Please try again in a minute.');
      expect(await run({ sub: 'summary', options: { url: url('/c') }, user: carol, locale: 'fr' })).toBe('❌ Sahel Watch est occupé à résumer d’autres pages. Réessayez dans une minute.');
      expect(await run({ sub: 'summary', options: { url: url('/a2') }, user: alice, locale: 'fr' })).toBe('❌ Votre résumé précédent est encore en cours. Attendez-le, puis réessayez.');
      expect(requests).toBe(2); // nothing queued: the refused ones fetched nothing
      for (const release of held.splice(0)) release();
      expect((await first).text).toMatch(/Calendrier électoral au Mali/);
      expect((await second).text).toMatch(/Calendrier électoral au Mali/);
      // Once done, a member may ask again.
      const later = answer({ sub: 'summary', options: { url: url('/c') }, user: carol });
      await until(() => requests === 3);
      held.splice(0).forEach((release) => release());
      expect((await later).text).toMatch(/Calendrier électoral au Mali/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('test: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('/sahel status: the event-loop delay', () => {
  it('shows the p99 and max delay of the last 10 minutes from the runtime monitor, in English and French', async () => {
    const monitor = new LoopDelayMonitor({ windowMinutes: 10, resolutionMs: 10 }).start();
    try {
      service = new SahelService(store, new ManualClock(NOW), { userAgent: 'test', allowPrivateNetworks: false, eventLoopDelay: () => monitor.read() });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const end = performance.now() + 120;
      while (performance.now() < end) {
        // a request that holds the event loop for 120 ms
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
      const line = (await en('status')).split('\n').find((l) => l.startsWith('**Event loop:**'));
      const [, p99, max] = /^\*\*Event loop:\*\* delay p99 ([\d.]+) ms, max ([\d.]+) ms over the last 10 min$/.exec(line ?? '') ?? [];
      expect(Number(max)).toBeGreaterThanOrEqual(110);
      expect(Number(p99)).toBeGreaterThan(0);
      expect(await fr('status')).toMatch(/\n\*\*Boucle d’événements :\*\* retard p99 [\d.]+ ms, max [\d.]+ ms sur les 10 dernières min/);
    } finally {
      monitor.stop();
    }
  });
});

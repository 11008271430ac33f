// /sahel feeds list|status|add|remove|resume.
import type { ChatInputCommandInteraction } from 'discord.js';
import { LIMITS } from '../../src/discord/embeds.js';
import { deferEphemeral, replyEphemeral } from '../../src/discord/reply.js';
import type { CommandContext, Subcommand, SubcommandGroup } from '../../src/discord/command.js';
import type { Feed } from '../../src/store/index.js';
import { joinWithin, neutralise, neutraliseMessage, plainUrl, truncate, withoutQuerySecrets } from '../../src/discord/sanitize.js';
import { t, type Lang } from '../../src/i18n.js';

export async function feedsList(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const feeds = await ctx.service.feeds(interaction.guildId);
  if (feeds.length === 0) {
    return replyEphemeral(interaction, { content: t(ctx.lang, 'noFeeds') });
  }
  const lines = feeds.map((f) => feedLine(f, ctx.lang));
  await replyEphemeral(interaction, {
    embeds: [{ title: t(ctx.lang, 'feedsTitle', { n: feeds.length }), description: joinWithin(lines, LIMITS.description, '\n', (n) => t(ctx.lang, 'listMore', { n })) }],
  });
}

/** A feed by its title (neutralised: the feed chose it), or by its URL shown whole and clickable, without query secrets. */
function feedName(f: Feed, max = 80): string {
  return f.title?.trim() ? neutralise(truncate(f.title, max)) : plainUrl(f.url, 300) ?? shownText(f.url, max);
}

/** A URL too long to link, as text: its secrets removed, then neutralised. */
const shownText = (url: string, max: number): string => neutralise(truncate(withoutQuerySecrets(url), max));

type FeedHealth = 'paused' | 'failing' | 'healthy' | 'new';

/** One classification for the list's icon, the status embed's state line and its colour. */
function feedHealth(f: Feed): FeedHealth {
  return f.pausedAt !== null ? 'paused' : f.consecutiveFailures > 0 ? 'failing' : f.lastSuccessAt !== null ? 'healthy' : 'new';
}

const HEALTH_ICON: Record<FeedHealth, string> = { paused: '⏸️', failing: '⚠️', healthy: '✅', new: '🕓' };
const HEALTH_COLOUR: Record<FeedHealth, number> = { paused: 0x95a5a6, failing: 0xe67e22, healthy: 0x2ecc71, new: 0x2ecc71 };

/** Why a feed is not healthy (the pause reason, or the last error), or null. */
function feedProblem(f: Feed): string | null {
  const health = feedHealth(f);
  return health === 'paused' ? f.pausedReason ?? '' : health === 'failing' ? f.lastError ?? '' : null;
}

const when = (ms: number | null, lang: Lang): string => (ms === null ? t(lang, 'feedNever') : `<t:${Math.floor(ms / 1000)}:R>`);

export function feedLine(f: Feed, lang: Lang): string {
  const health = feedHealth(f);
  const name = feedName(f);
  const last = f.lastSuccessAt !== null ? ` · ${t(lang, 'feedOk', { when: when(f.lastSuccessAt, lang) })}` : '';
  const problem = feedProblem(f);
  const err = problem === null ? ''
    : health === 'paused' ? ` · ${t(lang, 'feedPaused', { reason: neutraliseMessage(truncate(problem, 120)) })}`
      : ` · ${t(lang, 'feedFailures', { n: f.consecutiveFailures, error: neutraliseMessage(truncate(problem, 120)) })}`;
  return `${HEALTH_ICON[health]} \`${f.id}\` ${name}${last}${err}`;
}

/** Without a feed: the ones that need attention. With one: its whole fetch state. */
export async function feedsStatus(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const which = interaction.options.getString('feed');
  const lang = ctx.lang;
  if (which === null) {
    const feeds = await ctx.service.feeds(interaction.guildId);
    if (feeds.length === 0) {
      return replyEphemeral(interaction, { content: t(lang, 'noFeeds') });
    }
    const troubled = feeds.filter((f) => feedProblem(f) !== null);
    if (troubled.length === 0) {
      return replyEphemeral(interaction, { content: t(lang, 'feedsAllHealthy', { n: feeds.length }) });
    }
    return replyEphemeral(interaction, {
      embeds: [{
        title: t(lang, 'feedsAttention', { n: troubled.length, total: feeds.length }),
        description: joinWithin(troubled.map((f) => feedLine(f, lang)), LIMITS.description, '\n', (n) => t(lang, 'listMore', { n })),
        color: HEALTH_COLOUR.failing,
      }],
    });
  }
  const f = await ctx.service.guildFeed(interaction.guildId, which);
  const health = feedHealth(f);
  const state = {
    paused: () => t(lang, 'feedStatusPaused', { when: when(f.pausedAt, lang) }),
    failing: () => t(lang, 'feedStatusFailing', { n: f.consecutiveFailures }),
    healthy: () => t(lang, 'feedStatusHealthy'),
    new: () => t(lang, 'feedStatusNew'),
  }[health]();
  const fields = [
    { name: t(lang, 'feedFieldState'), value: state, inline: true },
    { name: t(lang, 'feedFieldLastPoll'), value: when(f.lastPolledAt, lang), inline: true },
    { name: t(lang, 'feedFieldLastSuccess'), value: when(f.lastSuccessAt, lang), inline: true },
    { name: t(lang, 'feedFieldNextPoll'), value: health === 'paused' ? '—' : when(f.nextPollAt, lang), inline: true },
    { name: t(lang, 'feedFieldItems'), value: f.lastItemCount === null ? '—' : String(f.lastItemCount), inline: true },
    { name: t(lang, 'feedFieldValidators'), value: [f.etag ? 'ETag' : null, f.lastModified ? 'Last-Modified' : null].filter(Boolean).join(' + ') || '—', inline: true },
  ];
  const problem = feedProblem(f);
  if (problem) fields.push({ name: t(lang, 'feedFieldError'), value: neutraliseMessage(problem), inline: false });
  await replyEphemeral(interaction, {
    embeds: [{
      title: t(lang, 'feedStatusTitle', { id: f.id, name: f.title ? neutralise(truncate(f.title, 200)) : shownText(f.url, 200) }),
      description: `${plainUrl(f.url) ?? shownText(f.url, 300)}${health === 'paused' ? `\n${t(lang, 'feedResumeHint')}` : ''}`,
      fields,
      color: HEALTH_COLOUR[health],
    }],
  });
}

export async function feedsAdd(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const url = interaction.options.getString('url', true);
  await deferEphemeral(interaction);
  const { feed, added, discoveredFrom } = await ctx.service.addFeed(interaction.guildId, url, interaction.user.id);
  const name = feedName(feed, 200);
  const page = discoveredFrom ? plainUrl(discoveredFrom) : null;
  const via = page ? t(ctx.lang, 'feedFoundFrom', { page }) : '';
  const shownUrl = plainUrl(feed.url) ?? shownText(feed.url, 300);
  await replyEphemeral(interaction, { content: added ? t(ctx.lang, 'feedAdded', { name, via, url: shownUrl }) : t(ctx.lang, 'feedAlreadyFollowed', { name }) });
}

export async function feedsRemove(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const feed = await ctx.service.removeFeed(interaction.guildId, interaction.options.getString('feed', true));
  await replyEphemeral(interaction, { content: t(ctx.lang, 'feedRemoved', { name: feedName(feed, 200) }) });
}

export async function feedsResume(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const feed = await ctx.service.resumeFeed(interaction.guildId, interaction.options.getString('feed', true));
  await replyEphemeral(interaction, { content: t(ctx.lang, 'feedResumed', { name: feedName(feed, 200) }) });
}

export const feedsListCommand: Subcommand = {
  manageServer: false,
  execute: feedsList,
  define: (s) =>
    s.setName('list').setDescription('List the feeds and their health').setDescriptionLocalizations({ fr: 'Lister les flux et leur état' }).setNameLocalizations({ fr: 'liste' }),
};

export const feedsStatusCommand: Subcommand = {
  manageServer: false,
  execute: feedsStatus,
  define: (s) =>
        s.setName('status').setDescription('Why a feed fails, when it was last read, when it is next').setDescriptionLocalizations({ fr: 'Pourquoi un flux échoue, quand il a été relevé, quand il le sera' }).setNameLocalizations({ fr: 'etat' })
          .addStringOption((o) => o.setName('feed').setDescription('Feed URL or number (default: the feeds that need attention)').setDescriptionLocalizations({ fr: 'URL ou numéro du flux (par défaut : les flux à surveiller)' }).setNameLocalizations({ fr: 'flux' }).setMaxLength(2048).setAutocomplete(true)),
};

export const feedsAddCommand: Subcommand = {
  manageServer: true,
  execute: feedsAdd,
  define: (s) =>
        s.setName('add').setDescription('Follow a feed, or a page that links to one (Manage Server)').setDescriptionLocalizations({ fr: 'Suivre un flux, ou une page qui y renvoie (Gérer le serveur)' }).setNameLocalizations({ fr: 'ajouter' })
          .addStringOption((o) => o.setName('url').setDescription('Feed or page URL (https://…)').setDescriptionLocalizations({ fr: 'URL du flux ou de la page (https://…)' }).setNameLocalizations({ fr: 'url' }).setRequired(true).setMaxLength(2048)),
};

export const feedsRemoveCommand: Subcommand = {
  manageServer: true,
  execute: feedsRemove,
  define: (s) =>
        s.setName('remove').setDescription('Stop following a feed (Manage Server)').setDescriptionLocalizations({ fr: 'Ne plus suivre un flux (Gérer le serveur)' }).setNameLocalizations({ fr: 'retirer' })
          .addStringOption((o) => o.setName('feed').setDescription('Feed URL or number from /sahel feeds list').setDescriptionLocalizations({ fr: 'URL ou numéro du flux' }).setNameLocalizations({ fr: 'flux' }).setRequired(true).setMaxLength(2048).setAutocomplete(true)),
};

export const feedsResumeCommand: Subcommand = {
  manageServer: true,
  execute: feedsResume,
  define: (s) =>
        s.setName('resume').setDescription('Resume a paused feed (Manage Server)').setDescriptionLocalizations({ fr: 'Reprendre un flux en pause (Gérer le serveur)' }).setNameLocalizations({ fr: 'reprendre' })
          .addStringOption((o) => o.setName('feed').setDescription('Feed URL or number').setDescriptionLocalizations({ fr: 'URL ou numéro du flux' }).setNameLocalizations({ fr: 'flux' }).setRequired(true).setMaxLength(2048).setAutocomplete(true)),
};

export const feedsGroup: SubcommandGroup = {
  define: (g) =>
    g
      .setName('feeds')
      .setDescription("The feeds this server follows")
      .setDescriptionLocalizations({ fr: 'Les flux suivis par ce serveur' })
      .setNameLocalizations({ fr: 'flux' }),
  subcommands: [feedsListCommand, feedsStatusCommand, feedsAddCommand, feedsRemoveCommand, feedsResumeCommand],
};

// /sahel feeds list|status|add|remove|resume.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../../src/discord/command.js';
import type { Feed } from '../../src/store/index.js';
import { neutralise, truncate } from '../../src/discord/sanitize.js';
import { t, type Lang } from '../../src/i18n.js';

export async function feedsList(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const feeds = ctx.service.feeds(interaction.guildId);
  if (feeds.length === 0) {
    await interaction.reply({ content: t(ctx.lang, 'noFeeds'), flags: MessageFlags.Ephemeral });
    return;
  }
  const lines = feeds.map((f) => feedLine(f, ctx.lang));
  await interaction.reply({
    embeds: [{ title: t(ctx.lang, 'feedsTitle', { n: feeds.length }), description: truncate(lines.join('\n'), 4096), color: 0xd4a017 }],
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}

export function feedLine(f: Feed, lang: Lang): string {
  const health = f.pausedAt ? '⏸️' : f.consecutiveFailures > 0 ? '⚠️' : f.lastSuccessAt ? '✅' : '🕓';
  const name = neutralise(truncate(f.title ?? f.url, 80));
  const last = f.lastSuccessAt ? ` · ${t(lang, 'feedOk', { when: `<t:${Math.floor(f.lastSuccessAt / 1000)}:R>` })}` : '';
  const err = f.pausedAt
    ? ` · ${t(lang, 'feedPaused', { reason: neutralise(truncate(f.pausedReason ?? '', 120)) })}`
    : f.consecutiveFailures > 0 ? ` · ${t(lang, 'feedFailures', { n: f.consecutiveFailures, error: neutralise(truncate(f.lastError ?? '', 120)) })}` : '';
  return `${health} \`${f.id}\` ${name}${last}${err}`;
}

const when = (ms: number | null, lang: Lang): string => (ms === null ? t(lang, 'feedNever') : `<t:${Math.floor(ms / 1000)}:R>`);

/** Without a feed: the ones that need attention. With one: its whole fetch state. */
export async function feedsStatus(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const which = interaction.options.getString('feed');
  const lang = ctx.lang;
  if (which === null) {
    const feeds = ctx.service.feeds(interaction.guildId);
    if (feeds.length === 0) {
      await interaction.reply({ content: t(lang, 'noFeeds'), flags: MessageFlags.Ephemeral });
      return;
    }
    const troubled = feeds.filter((f) => f.pausedAt !== null || f.consecutiveFailures > 0);
    if (troubled.length === 0) {
      await interaction.reply({ content: t(lang, 'feedsAllHealthy', { n: feeds.length }), flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.reply({
      embeds: [{
        title: t(lang, 'feedsAttention', { n: troubled.length, total: feeds.length }),
        description: truncate(troubled.map((f) => feedLine(f, lang)).join('\n'), 4096),
        color: 0xe67e22,
      }],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
    return;
  }
  const f = ctx.service.guildFeed(interaction.guildId, which);
  const state = f.pausedAt !== null
    ? t(lang, 'feedStatusPaused', { when: when(f.pausedAt, lang) })
    : f.consecutiveFailures > 0 ? t(lang, 'feedStatusFailing', { n: f.consecutiveFailures })
      : f.lastSuccessAt !== null ? t(lang, 'feedStatusHealthy') : t(lang, 'feedStatusNew');
  const fields = [
    { name: t(lang, 'feedFieldState'), value: state, inline: true },
    { name: t(lang, 'feedFieldLastPoll'), value: when(f.lastPolledAt, lang), inline: true },
    { name: t(lang, 'feedFieldLastSuccess'), value: when(f.lastSuccessAt, lang), inline: true },
    { name: t(lang, 'feedFieldNextPoll'), value: f.pausedAt !== null ? '—' : when(f.nextPollAt, lang), inline: true },
    { name: t(lang, 'feedFieldItems'), value: f.lastItemCount === null ? '—' : String(f.lastItemCount), inline: true },
    { name: t(lang, 'feedFieldValidators'), value: [f.etag ? 'ETag' : null, f.lastModified ? 'Last-Modified' : null].filter(Boolean).join(' + ') || '—', inline: true },
  ];
  const error = f.pausedAt !== null ? f.pausedReason : f.consecutiveFailures > 0 ? f.lastError : null;
  if (error) fields.push({ name: t(lang, 'feedFieldError'), value: truncate(neutralise(error), 1024), inline: false });
  await interaction.reply({
    embeds: [{
      title: truncate(t(lang, 'feedStatusTitle', { id: f.id, name: neutralise(f.title ?? f.url) }), 256),
      description: `<${truncate(f.url, 2000)}>${f.pausedAt !== null ? `\n${t(lang, 'feedResumeHint')}` : ''}`,
      fields,
      color: f.pausedAt !== null ? 0x95a5a6 : f.consecutiveFailures > 0 ? 0xe67e22 : 0x2ecc71,
    }],
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}

export async function feedsAdd(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const url = interaction.options.getString('url', true);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { feed, added, discoveredFrom } = await ctx.service.addFeed(interaction.guildId, url, interaction.user.id);
  const name = neutralise(feed.title ?? feed.url);
  const via = discoveredFrom ? t(ctx.lang, 'feedFoundFrom', { page: neutralise(discoveredFrom) }) : '';
  await interaction.editReply({
    content: added ? t(ctx.lang, 'feedAdded', { name, via, url: feed.url }) : t(ctx.lang, 'feedAlreadyFollowed', { name }),
    allowedMentions: { parse: [] },
  });
}

export async function feedsRemove(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const feed = ctx.service.removeFeed(interaction.guildId, interaction.options.getString('feed', true));
  await interaction.reply({ content: t(ctx.lang, 'feedRemoved', { name: neutralise(feed.title ?? feed.url) }), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

export async function feedsResume(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const feed = ctx.service.resumeFeed(interaction.guildId, interaction.options.getString('feed', true));
  await interaction.reply({ content: t(ctx.lang, 'feedResumed', { name: neutralise(feed.title ?? feed.url) }), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}


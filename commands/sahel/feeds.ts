// /sahel feeds list|add|remove|resume.
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


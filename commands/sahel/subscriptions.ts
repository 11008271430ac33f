// /sahel subscribe, unsubscribe, subscriptions.
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction, type GuildBasedChannel } from 'discord.js';
import type { CommandContext } from '../../src/discord/command.js';
import { resolveCountries, resolveThemes } from '../../src/app/topic-options.js';
import { topicLabels } from '../../src/discord/topic-labels.js';
import type { Subscription } from '../../src/store/index.js';
import { replyError } from './guards.js';

export async function subscribe(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const channel = interaction.options.getChannel('channel') ?? interaction.channel;
  if (!channel) return replyError(interaction, 'Pick a text channel with the channel option.');
  const countries = resolveCountries(interaction.options.getString('countries'));
  const themes = resolveThemes(interaction.options.getString('themes'));
  const minScore = interaction.options.getNumber('min_score') ?? 0;
  const missing = missingPermissions(interaction, channel.id);
  if (missing.length) return replyError(interaction, `I can't post in <#${channel.id}>: give me ${missing.join(', ')} there, then try again.`);
  const sub = ctx.service.subscribe({
    guildId: interaction.guildId,
    channelId: channel.id,
    countries,
    themes,
    minScore,
    includeRehash: interaction.options.getBoolean('older_stories') ?? false,
    createdBy: interaction.user.id,
  });
  const feeds = ctx.service.feeds(interaction.guildId).length;
  await interaction.reply({
    content: `✅ <#${sub.channelId}> will receive new Sahel stories ${describeFilters(sub, ctx.lang)} from ${feeds} feeds. New stories appear as they are published; nothing already published is re-posted.`,
    allowedMentions: { parse: [] },
  });
}

export async function unsubscribe(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const channelId = interaction.options.getChannel('channel')?.id ?? interaction.channelId;
  const removed = ctx.service.unsubscribe(channelId);
  if (!removed) return replyError(interaction, `<#${channelId}> has no subscription.`);
  await interaction.reply({ content: `🔕 <#${channelId}> will no longer receive Sahel stories.`, allowedMentions: { parse: [] } });
}

export async function subscriptionsList(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const subs = ctx.service.subscriptions(interaction.guildId);
  if (subs.length === 0) {
    await interaction.reply({ content: 'No channel here is subscribed yet. A server manager can run `/sahel subscribe` in a channel.', flags: MessageFlags.Ephemeral });
    return;
  }
  const lines = subs.map((s) => `• <#${s.channelId}> ${describeFilters(s, ctx.lang)}${s.status === 'broken' ? ` — ⚠️ stopped: ${s.statusReason ?? 'channel unavailable'}` : ''}`);
  await interaction.reply({ content: lines.join('\n').slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

export function describeFilters(sub: Subscription, lang: 'en' | 'fr'): string {
  const labels = topicLabels(lang);
  const parts: string[] = [];
  parts.push(sub.countries.length ? `about ${sub.countries.map(labels.country).join(', ')}` : 'about every Sahel country');
  if (sub.themes.length) parts.push(`on ${sub.themes.map(labels.theme).join(', ')}`);
  if (sub.minScore > 0) parts.push(`with score ≥ ${sub.minScore}`);
  if (sub.includeRehash) parts.push('including older stories (labelled)');
  return `(${parts.join(', ')})`;
}

const NEEDED = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
] as const;

function missingPermissions(interaction: ChatInputCommandInteraction, channelId: string): string[] {
  // For the channel the command runs in, Discord tells us the bot's permissions directly.
  if (channelId === interaction.channelId && interaction.appPermissions) {
    return NEEDED.filter(([bit]) => !interaction.appPermissions.has(bit)).map(([, name]) => name);
  }
  const channel = interaction.guild?.channels.cache.get(channelId) as GuildBasedChannel | undefined;
  const me = interaction.guild?.members.me;
  if (!channel || !me) return [];
  const perms = channel.permissionsFor(me);
  return NEEDED.filter(([bit]) => !perms?.has(bit)).map(([, name]) => name);
}

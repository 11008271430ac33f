// /sahel subscribe, unsubscribe, subscriptions.
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction, type GuildBasedChannel } from 'discord.js';
import type { CommandContext } from '../../src/discord/command.js';
import { resolveCountries, resolveThemes } from '../../src/app/topic-options.js';
import { topicLabels } from '../../src/discord/topic-labels.js';
import type { Subscription } from '../../src/store/index.js';
import { replyError } from './guards.js';
import { isValidTimeZone, parseDigestTime } from '../../src/delivery/digest.js';
import { renderDigest } from '../../src/discord/embeds.js';

export async function subscribe(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const channel = interaction.options.getChannel('channel') ?? interaction.channel;
  if (!channel) return replyError(interaction, 'Pick a text channel with the channel option.');
  const countries = resolveCountries(interaction.options.getString('countries'));
  const themes = resolveThemes(interaction.options.getString('themes'));
  const minScore = interaction.options.getNumber('min_score') ?? 0;
  const mode = interaction.options.getString('mode') ?? 'realtime';
  const digestTimeText = interaction.options.getString('digest_time');
  const timezone = interaction.options.getString('timezone')?.trim() || 'UTC';
  if (digestTimeText && !parseDigestTime(digestTimeText)) return replyError(interaction, `digest_time takes a 24-hour time like 08:00 or 18:30 (got "${digestTimeText.slice(0, 10)}").`);
  if (!isValidTimeZone(timezone)) return replyError(interaction, `Unknown time zone "${timezone.slice(0, 64)}". Use a name like Africa/Bamako, Africa/Niamey or Europe/Paris.`);
  const time = parseDigestTime(digestTimeText ?? '08:00')!;
  const role = interaction.options.getRole('role');
  if (role && role.id === interaction.guildId) return replyError(interaction, 'Pinging @everyone is not allowed; pick a role.');
  const missing = missingPermissions(interaction, channel.id);
  if (missing.length) return replyError(interaction, `I can't post in <#${channel.id}>: give me ${missing.join(', ')} there, then try again.`);
  const sub = ctx.service.subscribe({
    guildId: interaction.guildId,
    channelId: channel.id,
    countries,
    themes,
    minScore,
    includeRehash: interaction.options.getBoolean('older_stories') ?? false,
    mode: mode === 'realtime' ? 'realtime' : 'digest',
    digestPeriod: mode === 'weekly' ? 'weekly' : mode === 'daily' ? 'daily' : null,
    digestTime: mode === 'realtime' ? null : `${String(time.h).padStart(2, '0')}:${String(time.min).padStart(2, '0')}`,
    digestTimezone: mode === 'realtime' ? null : timezone,
    roleId: role?.id ?? null,
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
  if (sub.mode === 'digest') parts.push(`as a ${sub.digestPeriod ?? 'daily'} digest at ${sub.digestTime} ${sub.digestTimezone}`);
  if (sub.roleId) parts.push(`pinging <@&${sub.roleId}>`);
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

export async function digestPreview(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const channelId = interaction.options.getChannel('channel')?.id ?? interaction.channelId;
  const { dueAt, posts } = ctx.service.previewDigest(channelId);
  const when = `<t:${Math.floor(dueAt / 1000)}:F> (<t:${Math.floor(dueAt / 1000)}:R>)`;
  if (posts.length === 0) {
    await interaction.reply({ content: `The next digest for <#${channelId}> is due ${when}; no story has been collected for it yet.`, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }
  const sub = ctx.service.subscription(channelId)!;
  const [first] = renderDigest(posts, sub.digestPeriod ?? 'daily');
  await interaction.reply({ content: `Next digest for <#${channelId}>, due ${when}${posts.length > 0 ? `, would contain ${posts.length} stories:` : ''}`, embeds: first?.embeds ?? [], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

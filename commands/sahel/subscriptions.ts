// /sahel subscribe, unsubscribe, subscriptions.
import { ChannelType, PermissionFlagsBits, type ChatInputCommandInteraction, type GuildBasedChannel } from 'discord.js';
import type { CommandContext, Subcommand, SubcommandGroup } from '../../src/discord/command.js';
import { resolveCountries, resolveThemes } from '../../src/app/topic-options.js';
import { topicLabels } from '../../src/discord/topic-labels.js';
import type { Subscription } from '../../src/store/index.js';
import { replyError } from './guards.js';
import { isValidTimeZone, parseDigestTime } from '../../src/delivery/digest.js';
import { renderDigest, renderStoryPost } from '../../src/discord/embeds.js';
import { replyEphemeral, replyPublic } from '../../src/discord/reply.js';
import { feedCount, storyCount, t, type Lang, type StringKey } from '../../src/i18n.js';

export async function subscribe(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const channel = interaction.options.getChannel('channel') ?? interaction.channel;
  if (!channel) return replyError(interaction, t(ctx.lang, 'pickChannel'));
  const countries = resolveCountries(interaction.options.getString('countries'));
  const themes = resolveThemes(interaction.options.getString('themes'));
  const minScore = interaction.options.getNumber('min_score') ?? 0;
  const mode = interaction.options.getString('mode') ?? 'realtime';
  const digestTimeText = interaction.options.getString('digest_time');
  const timezone = interaction.options.getString('timezone')?.trim() || 'UTC';
  if (digestTimeText && !parseDigestTime(digestTimeText)) return replyError(interaction, t(ctx.lang, 'badDigestTime', { value: digestTimeText.slice(0, 10) }));
  if (!isValidTimeZone(timezone)) return replyError(interaction, t(ctx.lang, 'badTimeZone', { value: timezone.slice(0, 64) }));
  const time = parseDigestTime(digestTimeText ?? '08:00')!;
  const role = interaction.options.getRole('role');
  if (role && role.id === interaction.guildId) return replyError(interaction, t(ctx.lang, 'noEveryonePing'));
  const missing = missingPermissions(interaction, channel.id);
  if (missing.length) return replyError(interaction, t(ctx.lang, 'cannotPost', { channel: channel.id, permissions: missing.map((key) => t(ctx.lang, key)).join(', ') }));
  // A ping the bot may not make is delivered as plain text: the alert would be silent.
  if (role && !role.mentionable && !botHas(interaction, channel.id, PermissionFlagsBits.MentionEveryone)) {
    return replyError(interaction, t(ctx.lang, 'roleNotMentionable', { role: role.id, channel: channel.id }));
  }
  const sub = await ctx.service.subscribe({
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
  const feeds = feedCount(ctx.lang, (await ctx.service.feeds(interaction.guildId)).length);
  const confirmed = t(ctx.lang, sub.mode === 'digest' ? 'subscribedDigest' : 'subscribed', { channel: sub.channelId, filters: describeFilters(sub, ctx.lang), feeds });
  // What the channel will look like, at once, and when news can next arrive.
  const preview = await ctx.service.subscriptionPreview(sub);
  const lines = [confirmed];
  if (preview.nextPollAt !== null) lines.push(t(ctx.lang, 'subscribeNextPoll', { when: `<t:${Math.floor(preview.nextPollAt / 1000)}:R>` }));
  lines.push(preview.post ? t(ctx.lang, 'subscribePreview', { channel: sub.channelId }) : t(ctx.lang, 'subscribeNoPreview'));
  await replyPublic(interaction, {
    content: lines.join('\n'),
    ...(preview.post ? { embeds: renderStoryPost(preview.post).embeds } : {}),
  });
}

export async function unsubscribe(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const channelId = interaction.options.getChannel('channel')?.id ?? interaction.channelId;
  const removed = await ctx.service.unsubscribe(interaction.guildId, channelId);
  if (!removed) return replyError(interaction, t(ctx.lang, 'noSubscription', { channel: channelId }));
  await replyPublic(interaction, { content: t(ctx.lang, 'unsubscribed', { channel: channelId }) });
}

export async function subscriptionsList(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const subs = await ctx.service.subscriptions(interaction.guildId);
  if (subs.length === 0) {
    return replyEphemeral(interaction, { content: t(ctx.lang, 'noSubscriptions') });
  }
  const stopped = (s: Subscription) => (s.status === 'broken' ? t(ctx.lang, 'subscriptionStopped', { reason: s.statusReason ?? t(ctx.lang, 'channelUnavailable') }) : '');
  const lines = subs.map((s) => `• <#${s.channelId}> ${describeFilters(s, ctx.lang)}${stopped(s)}`);
  await replyEphemeral(interaction, { content: lines.join('\n') });
}

export function describeFilters(sub: Subscription, lang: Lang): string {
  const labels = topicLabels(lang);
  const parts: string[] = [];
  parts.push(sub.countries.length ? t(lang, 'filterCountries', { countries: sub.countries.map(labels.country).join(', ') }) : t(lang, 'filterAllCountries'));
  if (sub.themes.length) parts.push(t(lang, 'filterThemes', { themes: sub.themes.map(labels.theme).join(', ') }));
  if (sub.minScore > 0) parts.push(t(lang, 'filterMinScore', { n: sub.minScore }));
  if (sub.includeRehash) parts.push(t(lang, 'filterRehash'));
  if (sub.mode === 'digest') parts.push(t(lang, sub.digestPeriod === 'weekly' ? 'filterDigestWeekly' : 'filterDigestDaily', { time: sub.digestTime ?? '', zone: sub.digestTimezone ?? '' }));
  if (sub.roleId) parts.push(t(lang, 'filterRole', { role: sub.roleId }));
  return `(${parts.join(', ')})`;
}

const NEEDED = [
  [PermissionFlagsBits.ViewChannel, 'permViewChannel'],
  [PermissionFlagsBits.SendMessages, 'permSendMessages'],
  [PermissionFlagsBits.EmbedLinks, 'permEmbedLinks'],
] as const satisfies readonly (readonly [bigint, StringKey])[];

/** The permissions the bot lacks in the channel, as string keys. */
function missingPermissions(interaction: ChatInputCommandInteraction, channelId: string): StringKey[] {
  return NEEDED.filter(([bit]) => !botHas(interaction, channelId, bit)).map(([, name]) => name);
}

/** Whether the bot has a permission in a channel (true when the bot's permissions there can't be known). */
function botHas(interaction: ChatInputCommandInteraction, channelId: string, bit: bigint): boolean {
  // For the channel the command runs in, Discord tells us the bot's permissions directly.
  if (channelId === interaction.channelId && interaction.appPermissions) return interaction.appPermissions.has(bit);
  const channel = interaction.guild?.channels.cache.get(channelId) as GuildBasedChannel | undefined;
  const me = interaction.guild?.members.me;
  if (!channel || !me) return true;
  return channel.permissionsFor(me)?.has(bit) ?? false;
}

export async function digestPreview(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const channelId = interaction.options.getChannel('channel')?.id ?? interaction.channelId;
  const { dueAt, posts } = await ctx.service.previewDigest(interaction.guildId, channelId);
  const when = `<t:${Math.floor(dueAt / 1000)}:F> (<t:${Math.floor(dueAt / 1000)}:R>)`;
  if (posts.length === 0) {
    return replyEphemeral(interaction, { content: t(ctx.lang, 'digestPreviewEmpty', { channel: channelId, when }) });
  }
  const sub = (await ctx.service.subscription(interaction.guildId, channelId))!;
  const [first] = renderDigest(posts, sub.digestPeriod ?? 'daily');
  // The reply speaks the member's language; the embed shows the digest as the server will receive it.
  await replyEphemeral(interaction, { content: t(ctx.lang, 'digestPreview', { channel: channelId, when, stories: storyCount(ctx.lang, posts.length) }), embeds: first?.embeds ?? [] });
}

export const subscribeCommand: Subcommand = {
  manageServer: true,
  execute: subscribe,
  define: (s) =>
    s
      .setName('subscribe')
      .setDescription('Post new Sahel stories in a channel (Manage Server)')
      .setDescriptionLocalizations({ fr: 'Publier les nouvelles histoires du Sahel dans un salon (Gérer le serveur)' })
      .setNameLocalizations({ fr: 'abonner' })
      .addChannelOption((o) =>
        o.setName('channel').setDescription('Channel to post in (default: this one)').setDescriptionLocalizations({ fr: 'Salon où publier (par défaut : celui-ci)' })
          .setNameLocalizations({ fr: 'salon' }).addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      )
      .addStringOption((o) =>
        o.setName('countries').setDescription('Only these countries, comma-separated (e.g. Mali, Niger)').setDescriptionLocalizations({ fr: 'Seulement ces pays, séparés par des virgules (ex. Mali, Niger)' })
          .setNameLocalizations({ fr: 'pays' }).setMaxLength(200).setAutocomplete(true),
      )
      .addStringOption((o) =>
        o.setName('themes').setDescription('Only these themes, comma-separated (e.g. coup, humanitarian)').setDescriptionLocalizations({ fr: 'Seulement ces thèmes, séparés par des virgules' })
          .setNameLocalizations({ fr: 'themes' }).setMaxLength(200).setAutocomplete(true),
      )
      .addNumberOption((o) =>
        o.setName('min_score').setDescription('Minimum relevance score (default 0: every Sahel story)').setDescriptionLocalizations({ fr: 'Score de pertinence minimal (0 par défaut)' })
          .setNameLocalizations({ fr: 'score_min' }).setMinValue(0).setMaxValue(100),
      )
      .addStringOption((o) =>
        o.setName('mode').setDescription('Post stories as they come (realtime) or once a day/week (digest)').setDescriptionLocalizations({ fr: 'Publier au fil de l’eau (realtime) ou une fois par jour/semaine (digest)' })
          .setNameLocalizations({ fr: 'mode' })
          .addChoices({ name: 'realtime', value: 'realtime', name_localizations: { fr: 'au fil de l’eau' } }, { name: 'daily digest', value: 'daily', name_localizations: { fr: 'résumé quotidien' } }, { name: 'weekly digest', value: 'weekly', name_localizations: { fr: 'résumé hebdomadaire' } }),
      )
      .addStringOption((o) =>
        o.setName('digest_time').setDescription('Digest time, 24 h local (default 08:00)').setDescriptionLocalizations({ fr: 'Heure du résumé, 24 h locale (08:00 par défaut)' })
          .setNameLocalizations({ fr: 'heure_resume' }).setMaxLength(5),
      )
      .addStringOption((o) =>
        o.setName('timezone').setDescription('Time zone for the digest, e.g. Africa/Bamako (default UTC)').setDescriptionLocalizations({ fr: 'Fuseau horaire du résumé, ex. Africa/Bamako (UTC par défaut)' })
          .setNameLocalizations({ fr: 'fuseau' }).setMaxLength(64).setAutocomplete(true),
      )
      .addRoleOption((o) =>
        o.setName('role').setDescription('Role to ping for each story (only that role)').setDescriptionLocalizations({ fr: 'Rôle à mentionner pour chaque histoire' })
          .setNameLocalizations({ fr: 'role' }),
      )
      .addBooleanOption((o) =>
        o.setName('older_stories').setDescription('Also post old news republished as new, labelled "older story"').setDescriptionLocalizations({ fr: 'Publier aussi les vieilles nouvelles republiées, marquées « histoire ancienne »' })
          .setNameLocalizations({ fr: 'anciennes' }),
      ),
};

export const unsubscribeCommand: Subcommand = {
  manageServer: true,
  execute: unsubscribe,
  define: (s) =>
    s
      .setName('unsubscribe')
      .setDescription('Stop posting in a channel (Manage Server)')
      .setDescriptionLocalizations({ fr: 'Arrêter de publier dans un salon (Gérer le serveur)' })
      .setNameLocalizations({ fr: 'desabonner' })
      .addChannelOption((o) =>
        o.setName('channel').setDescription('Channel (default: this one)').setDescriptionLocalizations({ fr: 'Salon (par défaut : celui-ci)' })
          .setNameLocalizations({ fr: 'salon' }).addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      ),
};

export const subscriptionsCommand: Subcommand = {
  manageServer: false,
  execute: subscriptionsList,
  define: (s) =>
    s.setName('subscriptions').setDescription("This server's subscriptions").setDescriptionLocalizations({ fr: 'Les abonnements de ce serveur' }).setNameLocalizations({ fr: 'abonnements' }),
};

export const digestPreviewCommand: Subcommand = {
  manageServer: false,
  execute: digestPreview,
  define: (s) =>
        s.setName('preview').setDescription('What the next digest of a channel would contain').setDescriptionLocalizations({ fr: 'Le contenu du prochain résumé d’un salon' }).setNameLocalizations({ fr: 'apercu' })
          .addChannelOption((o) => o.setName('channel').setDescription('Channel (default: this one)').setDescriptionLocalizations({ fr: 'Salon (par défaut : celui-ci)' }).setNameLocalizations({ fr: 'salon' }).addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)),
};

export const digestGroup: SubcommandGroup = {
  define: (g) =>
    g
      .setName('digest')
      .setDescription('Digests')
      .setDescriptionLocalizations({ fr: 'Résumés périodiques' })
      .setNameLocalizations({ fr: 'resume-periodique' }),
  subcommands: [digestPreviewCommand],
};

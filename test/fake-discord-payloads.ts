// Gateway and REST payloads of the fake Discord, typed with discord-api-types so that a field discord.js
// silently requires cannot be left out (a missing one drops the event inside discord.js: notes, pitfall 1).
import { randomBytes } from 'node:crypto';
import {
  ApplicationIntegrationType,
  ChannelType,
  ComponentType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type {
  APIApplicationCommandAutocompleteGuildInteraction,
  APIApplicationCommandInteractionDataOption,
  APIAttachment,
  APIGuildCategoryChannel,
  APIGuildVoiceChannel,
  APINewsChannel,
  APITextChannel,
  ApplicationFlags,
  GuildMemberFlags,
  RoleFlags,
  APIChatInputApplicationCommandGuildInteraction,
  APIEmbed,
  APIGuild,
  APIGuildMember,
  APIInteractionDataResolved,
  APIInteractionDataResolvedChannel,
  APIInteractionGuildMember,
  APIMessage,
  APIMessageComponentGuildInteraction,
  APIMessageComponentInteractionData,
  APIMessageTopLevelComponent,
  APIModalSubmissionComponent,
  APIModalSubmitGuildInteraction,
  APIRole,
  APIUser,
  GatewayGuildCreateDispatchData,
  GatewayReadyDispatchData,
  APIAllowedMentions,
} from 'discord-api-types/v10';

const DISCORD_EPOCH = 1_420_070_400_000n;
let snowflakeIncrement = 0n;

/** A real-looking snowflake (17–19 digits, current timestamp inside): @discordjs/rest routes on `\d{17,19}`. */
export function snowflake(at = Date.now()): string {
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeIncrement).toString();
}

/** An interaction token: opaque, URL-safe and long, like Discord's. */
export function interactionToken(interactionId: string): string {
  return `aW50ZXJhY3Rpb246${Buffer.from(interactionId).toString('base64url')}${randomBytes(48).toString('base64url')}`;
}

const P = PermissionFlagsBits;
/** What @everyone may do in a freshly created server (the parts a news bot cares about). */
export const EVERYONE_PERMISSIONS =
  P.ViewChannel | P.SendMessages | P.SendMessagesInThreads | P.ReadMessageHistory | P.EmbedLinks | P.AttachFiles |
  P.AddReactions | P.UseExternalEmojis | P.UseApplicationCommands | P.CreatePublicThreads | P.Connect | P.Speak;
/** What the bot's own managed role carries by default: the invite permissions Sahel Watch asks for. */
export const BOT_PERMISSIONS = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ReadMessageHistory | P.AttachFiles;
/** A member who set the bot up: everything @everyone has, plus Manage Server. */
export const ADMIN_MEMBER_PERMISSIONS = EVERYONE_PERMISSIONS | P.ManageGuild;

export interface FakeUser {
  id: string;
  username: string;
  bot: boolean;
}

export interface FakeRole {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  managed: boolean;
  /** "Allow anyone to @mention this role" (default false, as Discord creates roles). */
  mentionable?: boolean;
}

export interface FakeChannel {
  id: string;
  guildId: string;
  name: string;
  type: ChannelType.GuildText | ChannelType.GuildAnnouncement | ChannelType.GuildCategory | ChannelType.GuildVoice;
  position: number;
}

export interface FakeGuild {
  id: string;
  name: string;
  locale: Locale;
  ownerId: string;
  joinedAt: string;
  botRoleId: string;
  channels: FakeChannel[];
  roles: FakeRole[];
}

/** A message as the fake stores it: what the bot sent, with edits applied. */
export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  attachments: APIAttachment[];
  flags: number;
  tts: boolean;
  nonce?: string | number;
  enforce_nonce?: boolean;
  allowed_mentions?: APIAllowedMentions;
  /** How many PATCHes changed it. */
  editCount: number;
  createdAt: number;
  editedAt: number | null;
  /** Set on interaction responses and follow-ups. */
  interactionId?: string;
}

const KNOWN_LOCALES = new Set<string>(Object.values(Locale));

/** Discord locales are a closed list ('fr', not 'fr-FR'): a typo here would silently test the English path. */
export function toLocale(value: string | undefined, fallback: Locale = Locale.EnglishUS): Locale {
  if (value === undefined) return fallback;
  if (!KNOWN_LOCALES.has(value)) throw new Error(`fake-discord: '${value}' is not a Discord locale (e.g. 'fr', 'en-US')`);
  return value as Locale;
}

export function userPayload(user: FakeUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.bot ? null : user.username,
    avatar: null,
    bot: user.bot,
  };
}

export function rolePayload(role: FakeRole): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed,
    mentionable: role.mentionable ?? false,
    flags: 0 as RoleFlags,
  };
}

type GuildChannelPayload = APITextChannel | APINewsChannel | APIGuildCategoryChannel | APIGuildVoiceChannel;

export function channelPayload(channel: FakeChannel): GuildChannelPayload {
  const base = {
    id: channel.id,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    permission_overwrites: [],
    parent_id: null,
    nsfw: false,
    flags: 0,
  };
  switch (channel.type) {
    case ChannelType.GuildCategory:
      return { ...base, type: channel.type };
    case ChannelType.GuildVoice:
      return { ...base, type: channel.type, bitrate: 64_000, user_limit: 0, rtc_region: null, last_message_id: null, rate_limit_per_user: 0 };
    case ChannelType.GuildText:
    case ChannelType.GuildAnnouncement:
      return { ...base, type: channel.type, topic: null, last_message_id: null, rate_limit_per_user: 0, default_auto_archive_duration: 1440 };
  }
}

/** @everyone's permissions OR every listed role's; Administrator means everything, as Discord computes it. */
export function permissionsOf(guild: FakeGuild, roleIds: readonly string[]): bigint {
  let total = 0n;
  for (const role of guild.roles) {
    if (role.id === guild.id || roleIds.includes(role.id)) total |= role.permissions;
  }
  return (total & P.Administrator) !== 0n ? ALL_PERMISSIONS : total;
}

const ALL_PERMISSIONS = Object.values(P).reduce((all, bit) => all | bit, 0n);

export function botMemberPayload(guild: FakeGuild, bot: FakeUser): APIGuildMember {
  return memberPayload(bot, [guild.botRoleId], guild.joinedAt);
}

function memberPayload(user: FakeUser, roles: string[], joinedAt: string): APIGuildMember {
  return { user: userPayload(user), roles, joined_at: joinedAt, deaf: false, mute: false, flags: 0 as GuildMemberFlags, nick: null, avatar: null, banner: null };
}

export function guildPayload(guild: FakeGuild): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    roles: guild.roles.map(rolePayload),
    emojis: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    preferred_locale: guild.locale,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
}

/** The full GUILD_CREATE: channels (else MESSAGE_CREATE is dropped), roles with @everyone, the bot's member. */
export function guildCreatePayload(guild: FakeGuild, bot: FakeUser): GatewayGuildCreateDispatchData {
  return {
    ...guildPayload(guild),
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [botMemberPayload(guild, bot)],
    channels: guild.channels.map(channelPayload),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function readyPayload(args: {
  bot: FakeUser;
  guildIds: string[];
  sessionId: string;
  resumeGatewayUrl: string;
  applicationId: string;
  /** `[shard_id, num_shards]` from IDENTIFY (READY echoes it). */
  shard?: [number, number];
}): GatewayReadyDispatchData {
  return {
    v: 10,
    user: { ...userPayload(args.bot), verified: true, mfa_enabled: false },
    guilds: args.guildIds.map((id) => ({ id, unavailable: true })),
    session_id: args.sessionId,
    resume_gateway_url: args.resumeGatewayUrl,
    shard: args.shard ?? [0, 1],
    application: { id: args.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
  };
}

export function messagePayload(message: FakeMessage, author: FakeUser, guildId: string | undefined, applicationId?: string): APIMessage {
  const payload: APIMessage = {
    id: message.id,
    channel_id: message.channel_id,
    author: userPayload(author),
    content: message.content,
    timestamp: new Date(message.createdAt).toISOString(),
    edited_timestamp: message.editedAt === null ? null : new Date(message.editedAt).toISOString(),
    tts: message.tts,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: message.attachments,
    embeds: message.embeds,
    components: message.components,
    pinned: false,
    type: message.interactionId === undefined ? MessageType.Default : MessageType.ChatInputCommand,
    flags: message.flags,
  };
  if (message.nonce !== undefined) payload.nonce = message.nonce;
  if (applicationId !== undefined && message.interactionId !== undefined) {
    payload.webhook_id = applicationId;
    payload.application_id = applicationId;
  }
  // The gateway adds guild_id to messages; the REST shape does not carry it, so it only matters for dispatches.
  return guildId === undefined ? payload : { ...payload, guild_id: guildId } as APIMessage;
}

/** Who clicked or typed, and with which rights: the parts every guild interaction shares. */
export interface InteractionContext {
  id: string;
  token: string;
  applicationId: string;
  guild: FakeGuild;
  channel: FakeChannel;
  user: FakeUser;
  memberRoles: string[];
  memberPermissions: bigint;
  appPermissions: bigint;
  locale: Locale;
}

function interactionBase(ctx: InteractionContext) {
  const channel = channelPayload(ctx.channel);
  const member: APIInteractionGuildMember = {
    ...memberPayload(ctx.user, ctx.memberRoles, ctx.guild.joinedAt),
    permissions: ctx.memberPermissions.toString(),
  };
  return {
    id: ctx.id,
    application_id: ctx.applicationId,
    token: ctx.token,
    version: 1 as const,
    guild_id: ctx.guild.id,
    guild: { id: ctx.guild.id, locale: ctx.guild.locale, features: [] },
    // interaction.channelId comes from this object, not from channel_id (notes, pitfall 2).
    channel: { ...channel, permissions: ctx.memberPermissions.toString() },
    channel_id: ctx.channel.id,
    member,
    app_permissions: ctx.appPermissions.toString(),
    locale: ctx.locale,
    guild_locale: ctx.guild.locale,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: ctx.guild.id },
    context: InteractionContextType.Guild,
    attachment_size_limit: 26_214_400,
  };
}

export interface CommandData {
  commandId: string;
  name: string;
  options: APIApplicationCommandInteractionDataOption[];
  resolved: APIInteractionDataResolved | undefined;
}

export function slashCommandPayload(ctx: InteractionContext, data: CommandData): APIChatInputApplicationCommandGuildInteraction {
  return {
    ...interactionBase(ctx),
    type: InteractionType.ApplicationCommand,
    data: {
      id: data.commandId,
      name: data.name,
      type: 1,
      guild_id: ctx.guild.id,
      options: data.options,
      ...(data.resolved === undefined ? {} : { resolved: data.resolved }),
    },
  };
}

export function autocompletePayload(ctx: InteractionContext, data: CommandData): APIApplicationCommandAutocompleteGuildInteraction {
  return {
    ...interactionBase(ctx),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: { id: data.commandId, name: data.name, type: 1, guild_id: ctx.guild.id, options: data.options },
  };
}

export function componentPayload(
  ctx: InteractionContext,
  data: APIMessageComponentInteractionData,
  message: APIMessage,
): APIMessageComponentGuildInteraction {
  return { ...interactionBase(ctx), type: InteractionType.MessageComponent, data, message };
}

export function modalSubmitPayload(
  ctx: InteractionContext,
  customId: string,
  components: APIModalSubmissionComponent[],
  message: APIMessage | undefined,
): APIModalSubmitGuildInteraction {
  const payload: APIModalSubmitGuildInteraction = {
    ...interactionBase(ctx),
    type: InteractionType.ModalSubmit,
    data: { custom_id: customId, components },
  };
  return message === undefined ? payload : { ...payload, message };
}

/** Text inputs in action rows, the shape Discord submits for a classic modal; getTextInputValue reads it. */
export function modalFieldComponents(fields: Record<string, string>): APIModalSubmissionComponent[] {
  return Object.entries(fields).map(([customId, value]) => ({
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.TextInput, custom_id: customId, value }],
  }));
}

/** The channel as a resolved option value carries the member's permissions in it. */
export function resolvedChannelPayload(channel: FakeChannel, permissions: bigint): APIInteractionDataResolvedChannel {
  return { id: channel.id, name: channel.name, type: channel.type, permissions: permissions.toString() };
}

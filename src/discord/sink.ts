// Posts and edits story messages through Discord's REST API (discord.js handles rate limits and retries).
import { DiscordAPIError, RESTJSONErrorCodes, Routes, ChannelType, PermissionFlagsBits, type Client, type TextChannel } from 'discord.js';
import type { ChatSink } from '../delivery/dispatcher.js';
import { ChannelUnavailableError, MessageGoneError } from '../delivery/dispatcher.js';
import type { StoryPost } from '../delivery/post.js';
import { renderStoryPost, renderOverflow, renderDigest, carriesMarker, LIMITS, type ApiMessage } from './embeds.js';
import { renderNotice } from './notices.js';
import type { NoticeBody } from '../store/index.js';
import type { Lang } from '../i18n.js';
import { neutraliseMessage, truncate } from './sanitize.js';

const GONE = new Set<number>([RESTJSONErrorCodes.UnknownChannel, RESTJSONErrorCodes.UnknownGuild]);
const FORBIDDEN = new Set<number>([RESTJSONErrorCodes.MissingAccess, RESTJSONErrorCodes.MissingPermissions, RESTJSONErrorCodes.CannotSendMessagesToThisUser]);

export function classifyDiscordError(channelId: string, err: unknown): unknown {
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === 'number' ? err.code : -1;
    if (GONE.has(code) || (err.status === 404 && code !== RESTJSONErrorCodes.UnknownMessage)) return new ChannelUnavailableError(channelId, 'gone', err.message);
    if (FORBIDDEN.has(code) || err.status === 403) return new ChannelUnavailableError(channelId, 'forbidden', err.message);
    if (code === RESTJSONErrorCodes.UnknownMessage) return new MessageGoneError(err.message);
  }
  return err;
}

export class DiscordSink implements ChatSink {
  constructor(private readonly client: Client) {}

  async sendStory(channelId: string, post: StoryPost, nonce: string): Promise<string> {
    return this.post(channelId, renderStoryPost(post, nonce), nonce);
  }

  /** The bot's own post carrying this nonce among the channel's last 100 messages (read through REST). */
  async findStory(channelId: string, nonce: string): Promise<string | null> {
    try {
      const recent = (await this.client.rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ limit: '100' }) })) as { id: string; author?: { id?: string }; components?: unknown }[];
      const me = this.client.user?.id;
      return recent.find((m) => (!me || m.author?.id === me) && carriesMarker(m.components, nonce))?.id ?? null;
    } catch (err) {
      throw classifyDiscordError(channelId, err);
    }
  }

  async sendOverflow(channelId: string, posts: StoryPost[], nonce: string): Promise<string> {
    return this.post(channelId, renderOverflow(posts), nonce);
  }

  async sendDigest(channelId: string, posts: StoryPost[], nonce: string, period: 'daily' | 'weekly'): Promise<string> {
    const messages = renderDigest(posts, period);
    let first: string | null = null;
    // Each part has its own nonce derived from the digest's, so a retry after a crash re-posts no part twice.
    for (const [i, message] of messages.entries()) {
      const id = await this.post(channelId, message, `${nonce.slice(0, 22)}-${i}`);
      first ??= id;
    }
    return first!;
  }

  private async post(channelId: string, message: ApiMessage, nonce: string): Promise<string> {
    try {
      const created = (await this.client.rest.post(Routes.channelMessages(channelId), { body: { ...message, nonce, enforce_nonce: true } })) as { id: string };
      return created.id;
    } catch (err) {
      throw classifyDiscordError(channelId, err);
    }
  }

  async editStory(channelId: string, messageId: string, post: StoryPost, nonce: string): Promise<void> {
    const { embeds, components } = renderStoryPost(post, nonce);
    try {
      await this.client.rest.patch(Routes.channelMessage(channelId, messageId), { body: { embeds, components } });
    } catch (err) {
      throw classifyDiscordError(channelId, err);
    }
  }

  async notify(guildId: string, channelId: string | null, notice: NoticeBody, lang: Lang): Promise<void> {
    const target = channelId ?? this.noticeChannel(guildId);
    if (!target) throw new Error(`no channel in server ${guildId} where the bot may post a notice`);
    // A notice is a template filled with a feed's title and a server's error text: neutralised like a post.
    const text = renderNotice(notice, lang);
    await this.client.rest.post(Routes.channelMessages(target), { body: { content: truncate(neutraliseMessage(text, { links: false }), LIMITS.content), allowed_mentions: { parse: [] } } });
  }

  /** The server's system channel, else the first text channel where the bot may write. */
  private noticeChannel(guildId: string): string | null {
    const guild = this.client.guilds.cache.get(guildId);
    if (!guild) return null;
    const me = guild.members.me;
    const canWrite = (c: TextChannel) => !me || (c.permissionsFor(me)?.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages]) ?? false);
    if (guild.systemChannel && canWrite(guild.systemChannel)) return guild.systemChannel.id;
    const text = guild.channels.cache.filter((c): c is TextChannel => c.type === ChannelType.GuildText).sort((a, b) => a.rawPosition - b.rawPosition);
    return text.find(canWrite)?.id ?? null;
  }
}

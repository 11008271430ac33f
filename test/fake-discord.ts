// A fake Discord (REST + WebSocket gateway) on 127.0.0.1 for end-to-end tests: an unmodified discord.js 14 client
// logs in, receives interactions and answers them; tests inject faults. Protocol facts: ../shared/design/fake-discord-notes.md.
//
// API
//   startFakeDiscord(opts?: FakeDiscordOptions): Promise<FakeDiscord>
//     opts: guilds, applicationId, botUserId, botUsername, requireToken, ackDeadlineMs (3000),
//           interactionTokenTtlMs (15 min), nonceWindowMs (5 min), heartbeatIntervalMs (41250),
//           privilegedIntents (0: IDENTIFY asking for one closes with 4014), recommendedShards (1, GET /gateway/bot),
//           maxGuildsPerShard (2500: a session holding more is closed with 4011), log (console.warn)
//   Client side: new Client({ intents, rest: { api: fake.apiUrl } })  — apiUrl has no /v10; any non-empty token.
//                Sharded: new Client({ shards: [id], shardCount: n, ... }); one live session per shard id.
//   Observe:  requests, waitForRequest, gatewayLog, readyCount, waitForReady, liveShards, shardSessions, waitForShards,
//             undelivered, commands, channelMessages, waitForMessages, waitForInteractionResponse, originalResponse, followUps
//   Act:      slashCommand, autocomplete, buttonClick, selectMenu, modalSubmit, dispatch, addGuild, removeGuild
//   Faults:   rateLimitNext, failNext (optionally after the request took effect), delayResponses, forbidChannel,
//             deleteChannel, dropGatewaySocket, sendInvalidSession, sendReconnect  (fault methods match method '*' too)
//   Helpers:  guildIdOnShard(shard, count) makes a guild id on that shard; shardOfGuild(guildId, count).
//   close()   terminates sockets, closes the ws server, drops keep-alive connections, closes the HTTP server.
// Faithful where tests depend on it: snowflake ids, auth on bot routes only, the 3 s acknowledgement rule (10062),
// double acknowledgement (40060), nonce + enforce_nonce returning the existing message, Discord's message limits
// (50035/50006), rate-limit headers, RESUME with replay of events dispatched while the socket was down, and sharding:
// IDENTIFY's shard [id, count] (none = [0, 1]) opens that shard's session, a newer IDENTIFY for the same id replaces
// it (the old socket is closed with 4010), an id >= count or a count unlike the live sessions' is closed with 4010;
// READY and GUILD_CREATE list only the shard's guilds ((guild_id >> 22) % count), and guild events and interactions
// go only to the owning shard's session: with none live, they are not delivered and are listed in `undelivered`.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import {
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';
import type {
  APIAllowedMentions,
  APIApplicationCommand,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOptionChoice,
  APIAttachment,
  APIEmbed,
  APIInteractionDataResolved,
  APIMessageComponentInteractionData,
  APIMessageTopLevelComponent,
  APIModalInteractionResponseCallbackData,
  APIModalSubmissionComponent,
  RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord-api-types/v10';
import {
  autocompletePayload,
  BOT_PERMISSIONS,
  ADMIN_MEMBER_PERMISSIONS,
  EVERYONE_PERMISSIONS,
  botMemberPayload,
  channelPayload,
  componentPayload,
  guildCreatePayload,
  guildPayload,
  interactionToken,
  messagePayload,
  modalFieldComponents,
  modalSubmitPayload,
  permissionsOf,
  readyPayload,
  resolvedChannelPayload,
  rolePayload,
  slashCommandPayload,
  snowflake,
  toLocale,
  userPayload,
} from './fake-discord-payloads.js';
import type { FakeChannel, FakeGuild, FakeMessage, FakeRole, FakeUser, InteractionContext } from './fake-discord-payloads.js';
import { checkAutocompleteChoices, checkCommands, checkMessageBody, checkModal, invalidFormBody, isEmptyMessage } from './fake-discord-limits.js';
import type { FormError } from './fake-discord-limits.js';
import { FakeGateway, shardOfGuild } from './fake-discord-gateway.js';
import type { GatewayLogEntry, ShardInfo, ShardSession, UndeliveredDispatch } from './fake-discord-gateway.js';

export type { FakeMessage } from './fake-discord-payloads.js';
export type { GatewayLogEntry, ShardSession, UndeliveredDispatch } from './fake-discord-gateway.js';
export { shardOfGuild } from './fake-discord-gateway.js';

/** A fresh guild id (a current snowflake) that falls on `shard` of `count`: `(id >> 22) % count === shard`. */
export function guildIdOnShard(shard: number, count: number): string {
  if (!Number.isInteger(shard) || !Number.isInteger(count) || shard < 0 || shard >= count) throw new Error(`fake-discord: no shard ${shard} of ${count}`);
  const base = BigInt(snowflake());
  const timestamp = base >> 22n;
  const n = BigInt(count);
  const onShard = timestamp + ((BigInt(shard) - (timestamp % n) + n) % n);
  return ((onShard << 22n) | (base & 0x3f_ffffn)).toString();
}

export interface FakeDiscordOptions {
  guilds?: FakeGuildSpec[];
  applicationId?: string;
  botUserId?: string;
  botUsername?: string;
  /** When set, REST `Authorization: Bot <token>` and the IDENTIFY token must equal it (else 401 / close 4004). */
  requireToken?: string;
  /** Discord fails an interaction not acknowledged within 3 s (callback → 404, code 10062). */
  ackDeadlineMs?: number;
  /** The interaction token (webhook follow-ups, @original) expires after 15 min (→ 401, code 50027). */
  interactionTokenTtlMs?: number;
  /** How long a channel remembers a message nonce for enforce_nonce (Discord says "a few minutes"). */
  nonceWindowMs?: number;
  heartbeatIntervalMs?: number;
  /** Privileged intents enabled "in the developer portal"; asking for any other closes the gateway with 4014. */
  privilegedIntents?: number;
  /** The `shards` GET /gateway/bot recommends (what discord.js uses with `shards: 'auto'`). */
  recommendedShards?: number;
  /** Discord closes a session that would hold more guilds than this with 4011 (Sharding required). */
  maxGuildsPerShard?: number;
  log?: (line: string) => void;
}

export interface FakeGuildSpec {
  id: string;
  name?: string;
  /** A Discord locale ('fr', 'en-US'); the guild_locale of interactions. */
  locale?: string;
  channels: { id: string; name: string; type?: number }[];
  /** Extra roles; @everyone (id = guild id) is added unless listed. */
  roles?: { id: string; name: string; permissions?: string; mentionable?: boolean }[];
  /** The bot's managed role (default: view, send, embed links, read history, attach files). */
  botPermissions?: bigint | string;
}

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Decoded (`@original`, not `%40original`), without the `/api/v10` prefix. */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON, or the `payload_json` part of a multipart body. */
  body: unknown;
  files: RecordedFile[];
  status: number;
  responseBody: unknown;
  at: number;
}

/** What the user finally sees for an interaction. */
export interface InteractionReply {
  interactionId: string;
  /** The callback type that acknowledged it (4 reply, 5 defer, 6 deferred update, 7 update, 8 autocomplete, 9 modal). */
  type: InteractionResponseType;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  flags: number;
  ephemeral: boolean;
  allowed_mentions: APIAllowedMentions | undefined;
  /** Autocomplete (type 8). */
  choices: APIApplicationCommandOptionChoice[] | undefined;
  /** Modal (type 9). */
  modal: APIModalInteractionResponseCallbackData | undefined;
  /** The message showing the reply: the response, the first follow-up, or the updated component message. */
  message: FakeMessage | undefined;
}

interface MemberSpec {
  guildId: string;
  channelId: string;
  userId?: string;
  /** The member's permissions in the channel (default: @everyone + the given roles + Manage Server). */
  permissions?: bigint | string;
  locale?: string;
  roles?: string[];
}

export interface SlashCommandSpec extends MemberSpec {
  name: string;
  options?: APIApplicationCommandInteractionDataOption[];
}

export interface AutocompleteSpec extends SlashCommandSpec {
  /** Name of the option being typed (sets `focused: true` on it); or mark one option focused yourself. */
  focused?: string;
}

export interface ButtonClickSpec extends MemberSpec {
  customId: string;
  /** A message the bot posted in that channel; default: a synthetic bot message carrying the button. */
  messageId?: string;
}

export interface SelectMenuSpec extends ButtonClickSpec {
  values: string[];
  componentType?: ComponentType.StringSelect | ComponentType.ChannelSelect | ComponentType.RoleSelect;
}

export interface ModalSubmitSpec extends MemberSpec {
  customId: string;
  /** Text inputs by custom_id. */
  fields?: Record<string, string>;
  /** Raw submitted components (labels, selects) when text fields are not enough. */
  components?: APIModalSubmissionComponent[];
  messageId?: string;
}

export interface FakeDiscord {
  apiUrl: string;
  gatewayUrl: string;
  port: number;
  applicationId: string;
  botUserId: string;
  /** The member used by interaction builders when no userId is given. */
  defaultUserId: string;
  requests: RecordedRequest[];
  gatewayLog: GatewayLogEntry[];
  /** How many times a gateway session became ready (READY or RESUMED). */
  readonly readyCount: number;
  commands: { global: APIApplicationCommand[]; guild: Map<string, APIApplicationCommand[]> };
  /** Resolves with the first request (already recorded or future) matching pred. */
  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Resolves once a client is connected and ready, and readyCount > sinceReadyCount (to wait for a new session). */
  waitForReady(timeoutMs?: number, sinceReadyCount?: number): Promise<void>;
  /** The shard ids that have a live (not invalidated) gateway session, ascending. */
  liveShards(): number[];
  /** The live sessions in detail: shard, count, session id, whether a socket is attached and ready. */
  shardSessions(): ShardSession[];
  /** Resolves once each of these shards has a connected, ready session. */
  waitForShards(shards: number[], timeoutMs?: number): Promise<void>;
  /** Dispatches (interactions included) that no session received because the owning shard had none live. */
  readonly undelivered: UndeliveredDispatch[];
  slashCommand(spec: SlashCommandSpec): Promise<{ id: string; token: string }>;
  autocomplete(spec: AutocompleteSpec): Promise<{ id: string; token: string }>;
  buttonClick(spec: ButtonClickSpec): Promise<{ id: string; token: string }>;
  selectMenu(spec: SelectMenuSpec): Promise<{ id: string; token: string }>;
  modalSubmit(spec: ModalSubmitSpec): Promise<{ id: string; token: string }>;
  /**
   * Sends any dispatch to the session of the shard owning its guild (`guild_id`, or `id` for GUILD_*; shard 0 without
   * one), buffered for replay; returns its sequence number, or 0 when that shard has no live session (see `undelivered`).
   * Throws when no session is live at all.
   */
  dispatch(t: string, d: unknown): Promise<number>;
  /** The bot joins a guild (GUILD_CREATE), or is removed from one (GUILD_DELETE). */
  addGuild(spec: FakeGuildSpec): Promise<void>;
  removeGuild(guildId: string): Promise<void>;
  waitForInteractionResponse(interactionId: string, timeoutMs?: number): Promise<InteractionReply>;
  /** The response message as it is now (after edits), if any. */
  originalResponse(interactionId: string): FakeMessage | undefined;
  followUps(interactionId: string): FakeMessage[];
  /** Messages the bot posted in a channel (POST /channels/{id}/messages), edits applied, deletions removed. */
  channelMessages(channelId: string): FakeMessage[];
  waitForMessages(channelId: string, count: number, timeoutMs?: number): Promise<FakeMessage[]>;
  /** The next `times` requests matching answer 429 with Discord's headers (Retry-After, X-RateLimit-*). */
  rateLimitNext(method: string, pathRe: RegExp, retryAfterSec: number, opts?: { global?: boolean; times?: number }): void;
  /**
   * The next `times` matching requests fail with `status`. With afterHandling, the request takes effect first
   * (the message is created) and only the answer is lost: the case idempotency keys exist for.
   */
  failNext(method: string, pathRe: RegExp, status: number, times?: number, opts?: { afterHandling?: boolean }): void;
  /**
   * From now on, matching requests take effect at once but are answered `ms` later (0 turns the rule off),
   * so a crash can land between "Discord created it" and "the bot recorded it".
   */
  delayResponses(method: string, pathRe: RegExp, ms: number): void;
  /** POST messages there → 403 {code: 50013, "Missing Permissions"}. */
  forbidChannel(channelId: string): void;
  /** The channel disappears (CHANNEL_DELETE is dispatched); any route on it → 404 {code: 10003, "Unknown Channel"}. */
  deleteChannel(channelId: string): void;
  /**
   * Terminates the gateway socket: discord.js reconnects to resume_gateway_url and RESUMEs. The gateway faults act on
   * the given shard's session, or without one on the latest session to IDENTIFY or RESUME.
   */
  dropGatewaySocket(shard?: number): void;
  sendInvalidSession(resumable: boolean, shard?: number): void;
  /** Gateway op 7: the client closes with 4200 and resumes. */
  sendReconnect(shard?: number): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RequestContext {
  method: string;
  path: string;
  params: string[];
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  files: RecordedFile[];
}

interface Route {
  method: string;
  pattern: RegExp;
  /** Bot routes need `Authorization: Bot <token>`; interaction callbacks and webhook-token routes do not. */
  auth: boolean;
  handle: (ctx: RequestContext) => Reply;
}

interface FaultRule {
  method: string;
  pathRe: RegExp;
  times: number;
  reply: (path: string) => Reply;
  afterHandling: boolean;
}

interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  label: string;
  guildId: string;
  channelId: string;
  dispatchedAt: number;
  /** Not delivered: the shard owning its guild had no live session. */
  undelivered: { shard: number; count: number } | undefined;
  /** For component interactions and modals opened from one: the message the component is on. */
  sourceMessage: FakeMessage | undefined;
  ack: { type: InteractionResponseType; data: Json } | undefined;
  original: FakeMessage | undefined;
  originalLoading: boolean;
  followUps: FakeMessage[];
  reply: InteractionReply | undefined;
}

interface Waiter {
  poll: () => boolean;
  fail: (error: Error) => void;
}

const DEFAULTS = {
  ackDeadlineMs: 3000,
  interactionTokenTtlMs: 15 * 60_000,
  nonceWindowMs: 5 * 60_000,
  heartbeatIntervalMs: 41_250,
  waitMs: 5000,
  recommendedShards: 1,
  maxGuildsPerShard: 2500,
  sessionStartTotal: 1000,
};
const SNOWFLAKE = /^\d{17,19}$/;
/** Which callback types Discord accepts for which interaction type. */
const ALLOWED_CALLBACKS: Record<number, InteractionResponseType[]> = {
  [InteractionType.ApplicationCommand]: [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource, InteractionResponseType.Modal],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function discordError(status: number, code: number, message: string): Reply {
  return { status, body: { message, code } };
}

function formError(errors: FormError[]): Reply {
  return { status: 400, body: invalidFormBody(errors) };
}

function requireSnowflake(id: string, what: string): string {
  if (!SNOWFLAKE.test(id)) throw new Error(`fake-discord: ${what} '${id}' is not a 17–19 digit snowflake; discord.js routes on \\d{17,19}`);
  return id;
}

function withoutNonce<T extends { nonce?: unknown }>(message: T): T {
  const { nonce: _nonce, ...rest } = message;
  return rest as T;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, or multipart/form-data with `payload_json` plus `files[n]` (what discord.js sends with attachments). */
async function parseBody(contentType: string | undefined, raw: Buffer): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake-discord.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
    let body: unknown;
    const files: RecordedFile[] = [];
    for (const [field, value] of form) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({ field, filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
      }
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscordServer(opts);
  await fake.listen();
  return fake;
}

class FakeDiscordServer implements FakeDiscord {
  apiUrl = '';
  gatewayUrl = '';
  port = 0;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly defaultUserId: string;
  readonly requests: RecordedRequest[] = [];
  readonly commands = { global: [] as APIApplicationCommand[], guild: new Map<string, APIApplicationCommand[]>() };

  private readonly settings: typeof DEFAULTS & { privilegedIntents: number };
  private readonly log: (line: string) => void;
  private readonly requireToken: string | undefined;
  private readonly bot: FakeUser;
  private readonly users = new Map<string, FakeUser>();
  private readonly guilds = new Map<string, FakeGuild>();
  private readonly channels = new Map<string, FakeChannel>();
  private readonly forbiddenChannels = new Set<string>();
  private readonly messages = new Map<string, FakeMessage[]>();
  private readonly nonces = new Map<string, { message: FakeMessage; at: number }>();
  private readonly interactions = new Map<string, InteractionRecord>();
  private readonly interactionsByToken = new Map<string, InteractionRecord>();
  private readonly faults: FaultRule[] = [];
  private readonly delays: { method: string; pathRe: RegExp; ms: number }[] = [];
  private readonly delayedAnswers = new Set<NodeJS.Timeout>();
  private readonly waiters = new Set<Waiter>();
  private readonly routes: Route[];
  private closed = false;
  private readonly server: http.Server;
  private readonly gateway: FakeGateway;

  constructor(opts: FakeDiscordOptions) {
    this.settings = {
      ackDeadlineMs: opts.ackDeadlineMs ?? DEFAULTS.ackDeadlineMs,
      interactionTokenTtlMs: opts.interactionTokenTtlMs ?? DEFAULTS.interactionTokenTtlMs,
      nonceWindowMs: opts.nonceWindowMs ?? DEFAULTS.nonceWindowMs,
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? DEFAULTS.heartbeatIntervalMs,
      waitMs: DEFAULTS.waitMs,
      privilegedIntents: opts.privilegedIntents ?? 0,
      recommendedShards: opts.recommendedShards ?? DEFAULTS.recommendedShards,
      maxGuildsPerShard: opts.maxGuildsPerShard ?? DEFAULTS.maxGuildsPerShard,
      sessionStartTotal: DEFAULTS.sessionStartTotal,
    };
    this.log = opts.log ?? ((line) => console.warn(`[fake-discord] ${line}`));
    this.requireToken = opts.requireToken;
    this.applicationId = requireSnowflake(opts.applicationId ?? snowflake(), 'applicationId');
    this.botUserId = requireSnowflake(opts.botUserId ?? this.applicationId, 'botUserId');
    this.bot = { id: this.botUserId, username: opts.botUsername ?? 'Sahel Watch', bot: true };
    this.defaultUserId = snowflake();
    this.users.set(this.bot.id, this.bot);
    this.users.set(this.defaultUserId, { id: this.defaultUserId, username: 'tester', bot: false });
    for (const spec of opts.guilds ?? []) this.registerGuild(spec);
    this.routes = this.buildRoutes();
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    this.gateway = new FakeGateway({
      heartbeatIntervalMs: this.settings.heartbeatIntervalMs,
      privilegedIntents: this.settings.privilegedIntents,
      tokenOk: (token) => this.requireToken === undefined || token === this.requireToken,
      greeting: (sessionId, shard) => this.greeting(sessionId, shard),
      guildCount: (shard) => this.guildsOnShard(shard).length,
      maxGuildsPerShard: this.settings.maxGuildsPerShard,
      log: this.log,
      changed: () => this.notify(),
    });
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.gateway.handleUpgrade(req, socket, head));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('fake-discord: no TCP address');
    this.port = address.port;
    this.apiUrl = `http://127.0.0.1:${this.port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${this.port}/gateway`;
  }

  get readyCount(): number {
    return this.gateway.readyCount;
  }

  get gatewayLog(): GatewayLogEntry[] {
    return this.gateway.log;
  }

  get undelivered(): UndeliveredDispatch[] {
    return this.gateway.undelivered;
  }

  // ---- state -------------------------------------------------------------------------------------------

  private registerGuild(spec: FakeGuildSpec): FakeGuild {
    const id = requireSnowflake(spec.id, 'guild id');
    const botRoleId = snowflake();
    const roles = (spec.roles ?? []).map((role, i): FakeRole => ({
      id: requireSnowflake(role.id, 'role id'),
      name: role.name,
      permissions: BigInt(role.permissions ?? '0'),
      position: i + 1,
      managed: false,
      mentionable: role.mentionable ?? false,
    }));
    if (!roles.some((role) => role.id === id)) {
      roles.unshift({ id, name: '@everyone', permissions: EVERYONE_PERMISSIONS, position: 0, managed: false });
    }
    roles.push({ id: botRoleId, name: this.bot.username, permissions: BigInt(spec.botPermissions ?? BOT_PERMISSIONS), position: roles.length, managed: true });
    const guild: FakeGuild = {
      id,
      name: spec.name ?? `Guild ${id.slice(-4)}`,
      locale: toLocale(spec.locale),
      ownerId: snowflake(),
      joinedAt: new Date().toISOString(),
      botRoleId,
      roles,
      channels: [],
    };
    spec.channels.forEach((c, position) => {
      const type = c.type ?? ChannelType.GuildText;
      if (type !== ChannelType.GuildText && type !== ChannelType.GuildAnnouncement && type !== ChannelType.GuildCategory && type !== ChannelType.GuildVoice) {
        throw new Error(`fake-discord: channel ${c.id} has unsupported type ${type}`);
      }
      const channel: FakeChannel = { id: requireSnowflake(c.id, 'channel id'), guildId: id, name: c.name, type, position };
      guild.channels.push(channel);
      this.channels.set(channel.id, channel);
    });
    this.guilds.set(id, guild);
    return guild;
  }

  private user(id: string): FakeUser {
    let user = this.users.get(id);
    if (user === undefined) {
      user = { id: requireSnowflake(id, 'user id'), username: `user${id.slice(-4)}`, bot: false };
      this.users.set(id, user);
    }
    return user;
  }

  /** Re-checks every pending wait; called after anything observable changes. */
  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.poll()) this.waiters.delete(waiter);
    }
  }

  private waitFor<T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = probe();
      if (first !== undefined) {
        resolve(first);
        return;
      }
      if (this.closed) {
        reject(new Error(`fake-discord closed while waiting for ${describe()}`));
        return;
      }
      const waiter: Waiter = {
        poll: () => {
          const value = probe();
          if (value === undefined) return false;
          clearTimeout(timer);
          resolve(value);
          return true;
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`fake-discord: timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  // ---- HTTP --------------------------------------------------------------------------------------------

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const rawPath = safeDecode(url.pathname);
    const path = rawPath.startsWith('/api/v10/') ? rawPath.slice('/api/v10'.length) : rawPath;
    const query = Object.fromEntries(url.searchParams);
    let parsed: { body: unknown; files: RecordedFile[] } = { body: undefined, files: [] };
    let reply: Reply;
    try {
      parsed = await parseBody(req.headers['content-type'], raw);
      reply = this.route({ method, path, params: [], query, headers: req.headers, ...parsed });
    } catch (error) {
      reply = error instanceof SyntaxError ? discordError(400, 50109, 'The request body contains invalid JSON.') : discordError(500, 0, `fake-discord: ${String(error)}`);
      if (!(error instanceof SyntaxError)) this.log(`${method} ${path} threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
    this.requests.push({ method, path, query, headers: req.headers, body: parsed.body, files: parsed.files, status: reply.status, responseBody: reply.body, at: Date.now() });
    this.notify();
    const answer = () => {
      res.writeHead(reply.status, { ...(reply.body === undefined ? {} : { 'content-type': 'application/json' }), ...reply.headers });
      res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    };
    const delay = this.delays.find((d) => (d.method === '*' || d.method === method) && d.pathRe.test(path));
    if (delay === undefined) {
      answer();
      return;
    }
    const timer = setTimeout(() => {
      this.delayedAnswers.delete(timer);
      answer();
    }, delay.ms);
    this.delayedAnswers.add(timer);
  }

  private route(ctx: RequestContext): Reply {
    for (const route of this.routes) {
      if (route.method !== ctx.method) continue;
      const match = route.pattern.exec(ctx.path);
      if (match === null) continue;
      if (route.auth) {
        const refusal = this.checkAuth(ctx.headers.authorization);
        if (refusal !== undefined) return refusal;
      }
      const routed = { ...ctx, params: match.slice(1) };
      const fault = this.takeFault(ctx.method, ctx.path);
      if (fault === undefined) return route.handle(routed);
      if (fault.afterHandling) route.handle(routed);
      return fault.reply(ctx.path);
    }
    this.log(`no route for ${ctx.method} ${ctx.path} → 404 (add it to test/fake-discord.ts if the bot needs it)`);
    return discordError(404, 0, '404: Not Found');
  }

  private checkAuth(authorization: string | undefined): Reply | undefined {
    const token = /^Bot (\S+)$/.exec(authorization ?? '')?.[1];
    if (token === undefined || (this.requireToken !== undefined && token !== this.requireToken)) {
      return discordError(401, 0, '401: Unauthorized');
    }
    return undefined;
  }

  private takeFault(method: string, path: string): FaultRule | undefined {
    const rule = this.faults.find((f) => (f.method === '*' || f.method === method) && f.pathRe.test(path));
    if (rule === undefined) return undefined;
    rule.times -= 1;
    if (rule.times <= 0) this.faults.splice(this.faults.indexOf(rule), 1);
    return rule;
  }

  private buildRoutes(): Route[] {
    const id = '(\\d{17,19})';
    const token = '([^/]+)';
    const r = (method: string, path: string, auth: boolean, handle: (ctx: RequestContext) => Reply): Route => ({
      method,
      pattern: new RegExp(`^${path}$`),
      auth,
      handle,
    });
    const app = `/applications/${id}`;
    return [
      r('GET', '/gateway', false, () => ({ status: 200, body: { url: this.gatewayUrl } })),
      r('GET', '/gateway/bot', true, () => ({
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: this.settings.recommendedShards,
          // Every accepted IDENTIFY uses one session start, as on Discord (discord.js refuses to spawn past zero).
          session_start_limit: {
            total: this.settings.sessionStartTotal,
            remaining: Math.max(0, this.settings.sessionStartTotal - 1 - this.gateway.identifyCount),
            reset_after: 14_400_000,
            max_concurrency: 1,
          },
        },
      })),
      r('GET', '/users/@me', true, () => ({ status: 200, body: userPayload(this.bot) })),
      r('GET', `${app}/commands`, true, (c) => this.withApp(c, () => ({ status: 200, body: this.commands.global }))),
      r('PUT', `${app}/commands`, true, (c) => this.withApp(c, () => this.putCommands(c.body, undefined))),
      r('POST', `${app}/commands`, true, (c) => this.withApp(c, () => this.postCommand(c.body, undefined))),
      r('DELETE', `${app}/commands/${id}`, true, (c) => this.withApp(c, () => this.deleteCommand(c.params[1] ?? '', undefined))),
      r('GET', `${app}/guilds/${id}/commands`, true, (c) =>
        this.withApp(c, () => this.withGuild(c.params[1], () => ({ status: 200, body: this.commands.guild.get(c.params[1] ?? '') ?? [] })))),
      r('PUT', `${app}/guilds/${id}/commands`, true, (c) => this.withApp(c, () => this.withGuild(c.params[1], (g) => this.putCommands(c.body, g.id)))),
      r('POST', `${app}/guilds/${id}/commands`, true, (c) => this.withApp(c, () => this.withGuild(c.params[1], (g) => this.postCommand(c.body, g.id)))),
      r('DELETE', `${app}/guilds/${id}/commands/${id}`, true, (c) =>
        this.withApp(c, () => this.withGuild(c.params[1], (g) => this.deleteCommand(c.params[2] ?? '', g.id)))),
      r('GET', `/guilds/${id}`, true, (c) => this.withGuild(c.params[0], (g) => ({ status: 200, body: guildPayload(g) }))),
      r('GET', `/guilds/${id}/channels`, true, (c) => this.withGuild(c.params[0], (g) => ({ status: 200, body: g.channels.map(channelPayload) }))),
      r('GET', `/guilds/${id}/roles`, true, (c) => this.withGuild(c.params[0], (g) => ({ status: 200, body: g.roles.map(rolePayload) }))),
      r('GET', `/guilds/${id}/members/${id}`, true, (c) => this.withGuild(c.params[0], (g) => this.getMember(g, c.params[1] ?? ''))),
      r('GET', `/channels/${id}`, true, (c) => this.withChannel(c.params[0], (ch) => ({ status: 200, body: channelPayload(ch) }))),
      r('GET', `/channels/${id}/messages`, true, (c) => this.withChannel(c.params[0], (ch) => this.listMessages(ch, c.query))),
      r('POST', `/channels/${id}/messages`, true, (c) => this.withChannel(c.params[0], (ch) => this.createChannelMessage(ch, c))),
      r('GET', `/channels/${id}/messages/${id}`, true, (c) =>
        this.withChannel(c.params[0], (ch) => this.withMessage(ch, c.params[1], (m) => ({ status: 200, body: this.messageBody(m) })))),
      r('PATCH', `/channels/${id}/messages/${id}`, true, (c) =>
        this.withChannel(c.params[0], (ch) => this.withMessage(ch, c.params[1], (m) => this.editMessage(m, c, false)))),
      r('DELETE', `/channels/${id}/messages/${id}`, true, (c) =>
        this.withChannel(c.params[0], (ch) => this.withMessage(ch, c.params[1], (m) => this.deleteChannelMessage(m)))),
      r('POST', `/interactions/${id}/${token}/callback`, false, (c) => this.interactionCallback(c)),
      r('POST', `/webhooks/${id}/${token}`, false, (c) => this.withInteractionToken(c, (rec) => this.createFollowUp(rec, c))),
      r('GET', `/webhooks/${id}/${token}/messages/(@original|\\d{17,19})`, false, (c) =>
        this.withInteractionToken(c, (rec) => this.withWebhookMessage(rec, c.params[2], (m) => ({ status: 200, body: this.messageBody(m) })))),
      r('PATCH', `/webhooks/${id}/${token}/messages/(@original|\\d{17,19})`, false, (c) =>
        this.withInteractionToken(c, (rec) => this.withWebhookMessage(rec, c.params[2], (m) => this.editWebhookMessage(rec, m, c)))),
      r('DELETE', `/webhooks/${id}/${token}/messages/(@original|\\d{17,19})`, false, (c) =>
        this.withInteractionToken(c, (rec) => this.withWebhookMessage(rec, c.params[2], (m) => this.deleteWebhookMessage(rec, m)))),
    ];
  }

  private withApp(ctx: RequestContext, handle: () => Reply): Reply {
    return ctx.params[0] === this.applicationId ? handle() : discordError(404, 10002, 'Unknown Application');
  }

  private withGuild(guildId: string | undefined, handle: (guild: FakeGuild) => Reply): Reply {
    const guild = this.guilds.get(guildId ?? '');
    return guild === undefined ? discordError(404, 10004, 'Unknown Guild') : handle(guild);
  }

  private withChannel(channelId: string | undefined, handle: (channel: FakeChannel) => Reply): Reply {
    const channel = this.channels.get(channelId ?? '');
    return channel === undefined ? discordError(404, 10003, 'Unknown Channel') : handle(channel);
  }

  private withMessage(channel: FakeChannel, messageId: string | undefined, handle: (message: FakeMessage) => Reply): Reply {
    const message = this.messages.get(channel.id)?.find((m) => m.id === messageId);
    return message === undefined ? discordError(404, 10008, 'Unknown Message') : handle(message);
  }

  private getMember(guild: FakeGuild, userId: string): Reply {
    if (userId === this.bot.id) return { status: 200, body: botMemberPayload(guild, this.bot) };
    const user = this.users.get(userId);
    if (user === undefined) return discordError(404, 10007, 'Unknown Member');
    return { status: 200, body: { user: userPayload(user), roles: [], joined_at: guild.joinedAt, deaf: false, mute: false, flags: 0 } };
  }

  // ---- commands ----------------------------------------------------------------------------------------

  private commandList(guildId: string | undefined): APIApplicationCommand[] {
    if (guildId === undefined) return this.commands.global;
    let list = this.commands.guild.get(guildId);
    if (list === undefined) {
      list = [];
      this.commands.guild.set(guildId, list);
    }
    return list;
  }

  /** Discord keeps a command's id when a PUT re-registers the same name and type. */
  private toCommand(body: Json, guildId: string | undefined, existing: APIApplicationCommand[]): APIApplicationCommand {
    const type = typeof body.type === 'number' ? body.type : 1;
    const previous = existing.find((c) => c.name === body.name && c.type === type);
    return {
      ...body,
      id: previous?.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      type,
      name: String(body.name),
      description: typeof body.description === 'string' ? body.description : '',
      default_member_permissions: typeof body.default_member_permissions === 'string' ? body.default_member_permissions : null,
      ...(guildId === undefined ? {} : { guild_id: guildId }),
    } as APIApplicationCommand;
  }

  private putCommands(body: unknown, guildId: string | undefined): Reply {
    const errors = checkCommands(body);
    if (errors.length > 0) return formError(errors);
    const list = this.commandList(guildId);
    const next = (body as Json[]).map((command) => this.toCommand(command, guildId, list));
    list.splice(0, list.length, ...next);
    this.notify();
    return { status: 200, body: list };
  }

  private postCommand(body: unknown, guildId: string | undefined): Reply {
    const errors = checkCommands([body]);
    if (errors.length > 0 || !isObject(body)) return formError(errors);
    const list = this.commandList(guildId);
    const command = this.toCommand(body, guildId, list);
    const index = list.findIndex((c) => c.id === command.id);
    if (index >= 0) list.splice(index, 1, command);
    else list.push(command);
    this.notify();
    return { status: index >= 0 ? 200 : 201, body: command };
  }

  private deleteCommand(commandId: string, guildId: string | undefined): Reply {
    const list = this.commandList(guildId);
    const index = list.findIndex((c) => c.id === commandId);
    if (index < 0) return discordError(404, 10063, 'Unknown application command');
    list.splice(index, 1);
    return { status: 204 };
  }

  // ---- messages ----------------------------------------------------------------------------------------

  private messageBody(message: FakeMessage) {
    const channel = this.channels.get(message.channel_id);
    return messagePayload(message, this.bot, channel?.guildId, this.applicationId);
  }

  private newMessage(channelId: string, body: Json, files: RecordedFile[], interactionId?: string): FakeMessage {
    const at = Date.now();
    const message: FakeMessage = {
      id: snowflake(at),
      channel_id: channelId,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: Array.isArray(body.embeds) ? (body.embeds as APIEmbed[]) : [],
      components: Array.isArray(body.components) ? (body.components as APIMessageTopLevelComponent[]) : [],
      attachments: files.map((file) => this.attachment(channelId, file)),
      flags: typeof body.flags === 'number' ? body.flags : 0,
      tts: body.tts === true,
      editCount: 0,
      createdAt: at,
      editedAt: null,
    };
    if (typeof body.nonce === 'string' || typeof body.nonce === 'number') message.nonce = body.nonce;
    if (body.enforce_nonce === true) message.enforce_nonce = true;
    if (isObject(body.allowed_mentions)) message.allowed_mentions = body.allowed_mentions as APIAllowedMentions;
    if (interactionId !== undefined) message.interactionId = interactionId;
    return message;
  }

  private attachment(channelId: string, file: RecordedFile): APIAttachment {
    const id = snowflake();
    const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
    return { id, filename: file.filename, size: file.data.length, url, proxy_url: url, content_type: file.contentType };
  }

  /** Applies a PATCH; `finishing` fills a deferred "thinking…" message, which Discord does not show as edited. */
  private applyEdit(message: FakeMessage, body: Json, files: RecordedFile[], finishing: boolean): void {
    if ('content' in body) message.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body) message.embeds = Array.isArray(body.embeds) ? (body.embeds as APIEmbed[]) : [];
    if ('components' in body) message.components = Array.isArray(body.components) ? (body.components as APIMessageTopLevelComponent[]) : [];
    if (isObject(body.allowed_mentions)) message.allowed_mentions = body.allowed_mentions as APIAllowedMentions;
    if (Array.isArray(body.attachments)) {
      const kept = new Set(body.attachments.map((a: unknown) => (isObject(a) ? String(a.id) : '')));
      message.attachments = message.attachments.filter((a) => kept.has(a.id));
    }
    message.attachments.push(...files.map((file) => this.attachment(message.channel_id, file)));
    const sticky = message.flags & MessageFlags.Ephemeral;
    if (typeof body.flags === 'number') message.flags = sticky | (body.flags & ~(MessageFlags.Ephemeral | MessageFlags.Loading));
    message.flags &= ~MessageFlags.Loading;
    if (!finishing) {
      message.editCount += 1;
      message.editedAt = Date.now();
    }
  }

  private checkBody(body: unknown, files: RecordedFile[], creating: boolean): { ok: true; body: Json } | { ok: false; reply: Reply } {
    const json = isObject(body) ? body : {};
    const errors = checkMessageBody(json, { creating });
    if (errors.length > 0) return { ok: false, reply: formError(errors) };
    if (creating && isEmptyMessage(json, files.length)) return { ok: false, reply: discordError(400, 50006, 'Cannot send an empty message') };
    return { ok: true, body: json };
  }

  private createChannelMessage(channel: FakeChannel, ctx: RequestContext): Reply {
    if (this.forbiddenChannels.has(channel.id)) return discordError(403, 50013, 'Missing Permissions');
    if (channel.type === ChannelType.GuildCategory) return discordError(400, 50008, 'Cannot send messages in a non-text channel');
    const checked = this.checkBody(ctx.body, ctx.files, true);
    if (!checked.ok) return checked.reply;
    const body = checked.body;
    const nonceKey = body.nonce === undefined ? undefined : `${channel.id}:${String(body.nonce)}`;
    if (nonceKey !== undefined && body.enforce_nonce === true) {
      const seen = this.nonces.get(nonceKey);
      const live = seen !== undefined && Date.now() - seen.at <= this.settings.nonceWindowMs && this.messages.get(channel.id)?.includes(seen.message);
      if (seen !== undefined && live === true) return { status: 200, body: this.messageBody(seen.message) };
    }
    const message = this.newMessage(channel.id, body, ctx.files);
    let list = this.messages.get(channel.id);
    if (list === undefined) {
      list = [];
      this.messages.set(channel.id, list);
    }
    list.push(message);
    if (nonceKey !== undefined) this.nonces.set(nonceKey, { message, at: message.createdAt });
    return { status: 200, body: this.messageBody(message) };
  }

  private editMessage(message: FakeMessage, ctx: RequestContext, finishing: boolean): Reply {
    const checked = this.checkBody(ctx.body, ctx.files, false);
    if (!checked.ok) return checked.reply;
    this.applyEdit(message, checked.body, ctx.files, finishing);
    return { status: 200, body: this.messageBody(message) };
  }

  private deleteChannelMessage(message: FakeMessage): Reply {
    const list = this.messages.get(message.channel_id) ?? [];
    list.splice(list.indexOf(message), 1);
    return { status: 204 };
  }

  /**
   * GET /channels/{id}/messages: newest first, `limit` 1–100 (default 50), `before`/`after`/`around` a snowflake
   * (`around` is validated, not honoured), anything else a 50035 like Discord's. Fetched messages carry no nonce: Discord returns it only to the request
   * that created the message (and in the gateway event), so a bot can't find its own post by nonce later.
   */
  private listMessages(channel: FakeChannel, query: Record<string, string>): Reply {
    const errors: FormError[] = [];
    const limit = query.limit === undefined ? 50 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) errors.push({ path: 'limit', code: 'NUMBER_TYPE_MAX', message: 'Int value should be between 1 and 100.' });
    const anchors = (['before', 'after', 'around'] as const).filter((k) => query[k] !== undefined);
    for (const k of anchors) if (!SNOWFLAKE.test(query[k]!)) errors.push({ path: k, code: 'NUMBER_TYPE_COERCE', message: `Value "${query[k]}" is not snowflake.` });
    if (errors.length > 0) return formError(errors);
    let list = [...(this.messages.get(channel.id) ?? [])];
    const at = (id: string) => BigInt(id);
    if (query.before !== undefined) list = list.filter((m) => at(m.id) < at(query.before!));
    if (query.after !== undefined) list = list.filter((m) => at(m.id) > at(query.after!));
    const newestFirst = query.after !== undefined ? list.slice(0, limit).reverse() : list.reverse().slice(0, limit);
    return { status: 200, body: newestFirst.map((m) => withoutNonce(this.messageBody(m))) };
  }

  // ---- interactions --------------------------------------------------------------------------------------

  private interactionCallback(ctx: RequestContext): Reply {
    const rec = this.interactions.get(ctx.params[0] ?? '');
    if (rec === undefined || rec.token !== ctx.params[1]) return discordError(404, 10062, 'Unknown interaction');
    if (rec.ack !== undefined) return discordError(400, 40060, 'Interaction has already been acknowledged.');
    const late = Date.now() - rec.dispatchedAt;
    if (late > this.settings.ackDeadlineMs) {
      this.log(`interaction ${rec.label} acknowledged after ${late} ms (deadline ${this.settings.ackDeadlineMs} ms) → 404 Unknown interaction`);
      return discordError(404, 10062, 'Unknown interaction');
    }
    const body = isObject(ctx.body) ? ctx.body : {};
    const type = body.type as InteractionResponseType;
    if (!(ALLOWED_CALLBACKS[rec.type] ?? []).includes(type)) {
      return formError([{ path: 'type', code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Callback type ${String(body.type)} is not valid for this interaction` }]);
    }
    const data = isObject(body.data) ? body.data : {};
    const errors =
      type === InteractionResponseType.ApplicationCommandAutocompleteResult
        ? checkAutocompleteChoices(data)
        : type === InteractionResponseType.Modal
          ? checkModal(data)
          : checkMessageBody(data, { creating: true }).map((e) => ({ ...e, path: `data.${e.path}` }));
    if (errors.length > 0) return formError(errors);
    if (type === InteractionResponseType.ChannelMessageWithSource && isEmptyMessage(data, ctx.files.length)) {
      return discordError(400, 50006, 'Cannot send an empty message');
    }
    if ((type === InteractionResponseType.DeferredMessageUpdate || type === InteractionResponseType.UpdateMessage) && rec.sourceMessage === undefined) {
      return discordError(400, 50035, 'This interaction has no message to update');
    }

    rec.ack = { type, data };
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
        rec.original = this.newMessage(rec.channelId, data, ctx.files, rec.id);
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource:
        rec.original = this.newMessage(rec.channelId, { flags: ((data.flags as number | undefined) ?? 0) | MessageFlags.Loading }, [], rec.id);
        rec.originalLoading = true;
        break;
      case InteractionResponseType.UpdateMessage:
        if (rec.sourceMessage !== undefined) this.applyEdit(rec.sourceMessage, data, ctx.files, false);
        break;
      default:
        break;
    }
    if (type !== InteractionResponseType.DeferredChannelMessageWithSource && type !== InteractionResponseType.DeferredMessageUpdate) {
      rec.reply = this.replyOf(rec, type === InteractionResponseType.UpdateMessage ? rec.sourceMessage : rec.original);
    }
    if (ctx.query.with_response !== 'true') return { status: 204 };
    const shown = rec.original ?? rec.sourceMessage;
    const result: RESTPostAPIInteractionCallbackWithResponseResult = {
      interaction: {
        id: rec.id,
        type: rec.type,
        ...(rec.original === undefined
          ? {}
          : {
              response_message_id: rec.original.id,
              response_message_loading: rec.originalLoading,
              response_message_ephemeral: (rec.original.flags & MessageFlags.Ephemeral) !== 0,
            }),
      },
      resource: { type, ...(shown === undefined || type >= InteractionResponseType.ApplicationCommandAutocompleteResult ? {} : { message: this.messageBody(shown) }) },
    };
    return { status: 200, body: result };
  }

  private withInteractionToken(ctx: RequestContext, handle: (rec: InteractionRecord) => Reply): Reply {
    const rec = this.interactionsByToken.get(ctx.params[1] ?? '');
    if (ctx.params[0] !== this.applicationId || rec === undefined) return discordError(404, 10015, 'Unknown Webhook');
    if (Date.now() - rec.dispatchedAt > this.settings.interactionTokenTtlMs) return discordError(401, 50027, 'Invalid Webhook Token');
    return handle(rec);
  }

  /** `@original` is the response message, or after an update (6/7) the message the component is on. */
  private withWebhookMessage(rec: InteractionRecord, which: string | undefined, handle: (message: FakeMessage) => Reply): Reply {
    const original = rec.original ?? (rec.ack?.type === InteractionResponseType.DeferredMessageUpdate || rec.ack?.type === InteractionResponseType.UpdateMessage ? rec.sourceMessage : undefined);
    const message = which === '@original' ? original : rec.followUps.find((m) => m.id === which) ?? (original?.id === which ? original : undefined);
    return message === undefined ? discordError(404, 10008, 'Unknown Message') : handle(message);
  }

  private editWebhookMessage(rec: InteractionRecord, message: FakeMessage, ctx: RequestContext): Reply {
    const finishing = message === rec.original && rec.originalLoading;
    const reply = this.editMessage(message, ctx, finishing);
    if (reply.status !== 200) return reply;
    if (finishing) rec.originalLoading = false;
    if (rec.reply === undefined) rec.reply = this.replyOf(rec, message);
    return reply;
  }

  private deleteWebhookMessage(rec: InteractionRecord, message: FakeMessage): Reply {
    if (message === rec.original) rec.original = undefined;
    rec.followUps = rec.followUps.filter((m) => m !== message);
    const list = this.messages.get(message.channel_id);
    if (list?.includes(message) === true) list.splice(list.indexOf(message), 1);
    return { status: 204 };
  }

  /** After a defer (5), Discord turns the first follow-up into the deferred message, ephemeral as deferred. */
  private createFollowUp(rec: InteractionRecord, ctx: RequestContext): Reply {
    if (rec.ack === undefined) return discordError(404, 10015, 'Unknown Webhook');
    const checked = this.checkBody(ctx.body, ctx.files, true);
    if (!checked.ok) return checked.reply;
    if (rec.original !== undefined && rec.originalLoading) {
      this.applyEdit(rec.original, checked.body, ctx.files, true);
      rec.originalLoading = false;
      rec.reply ??= this.replyOf(rec, rec.original);
      return { status: 200, body: this.messageBody(rec.original) };
    }
    const message = this.newMessage(rec.channelId, checked.body, ctx.files, rec.id);
    rec.followUps.push(message);
    rec.reply ??= this.replyOf(rec, message);
    return { status: 200, body: this.messageBody(message) };
  }

  private replyOf(rec: InteractionRecord, message: FakeMessage | undefined): InteractionReply {
    const ack = rec.ack;
    if (ack === undefined) throw new Error('fake-discord: reply before acknowledgement');
    const shown = message === undefined ? undefined : copy(message);
    return {
      interactionId: rec.id,
      type: ack.type,
      content: shown?.content ?? '',
      embeds: shown?.embeds ?? [],
      components: shown?.components ?? [],
      flags: shown?.flags ?? 0,
      ephemeral: ((shown?.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
      allowed_mentions: shown?.allowed_mentions,
      choices: ack.type === InteractionResponseType.ApplicationCommandAutocompleteResult ? copy(ack.data.choices as APIApplicationCommandOptionChoice[]) : undefined,
      modal: ack.type === InteractionResponseType.Modal ? copy(ack.data as unknown as APIModalInteractionResponseCallbackData) : undefined,
      message: shown,
    };
  }

  private interactionContext(spec: MemberSpec): InteractionContext {
    const guild = this.guilds.get(spec.guildId);
    if (guild === undefined) throw new Error(`fake-discord: unknown guild ${spec.guildId}; declare it in guilds`);
    const channel = guild.channels.find((c) => c.id === spec.channelId);
    if (channel === undefined) throw new Error(`fake-discord: channel ${spec.channelId} is not in guild ${guild.id}`);
    const roles = spec.roles ?? [];
    const id = snowflake();
    return {
      id,
      token: interactionToken(id),
      applicationId: this.applicationId,
      guild,
      channel,
      user: this.user(spec.userId ?? this.defaultUserId),
      memberRoles: roles,
      memberPermissions: spec.permissions === undefined ? permissionsOf(guild, roles) | ADMIN_MEMBER_PERMISSIONS : BigInt(spec.permissions),
      appPermissions: permissionsOf(guild, [guild.botRoleId]),
      locale: toLocale(spec.locale),
    };
  }

  /** Channel, role and user options need `resolved` entries, or discord.js's getChannel()/getRole() return null. */
  private resolveOptions(ctx: InteractionContext, options: APIApplicationCommandInteractionDataOption[]): APIInteractionDataResolved | undefined {
    const resolved: APIInteractionDataResolved = {};
    const visit = (list: readonly APIApplicationCommandInteractionDataOption[]) => {
      for (const option of list) {
        if ('options' in option && option.options !== undefined) visit(option.options);
        if (!('value' in option)) continue;
        const value = String(option.value);
        if (option.type === 7) {
          const channel = this.channels.get(value);
          if (channel === undefined) throw new Error(`fake-discord: channel option '${option.name}' names unknown channel ${value}`);
          resolved.channels = { ...resolved.channels, [value]: resolvedChannelPayload(channel, ctx.memberPermissions) };
        } else if (option.type === 8 || (option.type === 9 && ctx.guild.roles.some((r) => r.id === value))) {
          const role = ctx.guild.roles.find((r) => r.id === value);
          if (role === undefined) throw new Error(`fake-discord: role option '${option.name}' names unknown role ${value}`);
          resolved.roles = { ...resolved.roles, [value]: rolePayload(role) };
        } else if (option.type === 6 || option.type === 9) {
          resolved.users = { ...resolved.users, [value]: userPayload(this.user(value)) };
        }
      }
    };
    visit(options);
    return Object.keys(resolved).length === 0 ? undefined : resolved;
  }

  private registeredCommandId(guildId: string, name: string): string {
    const command = [...(this.commands.guild.get(guildId) ?? []), ...this.commands.global].find((c) => c.name === name && c.type === 1);
    return command?.id ?? snowflake();
  }

  private track(ctx: InteractionContext, type: InteractionType, label: string, sourceMessage: FakeMessage | undefined): InteractionRecord {
    const rec: InteractionRecord = {
      id: ctx.id,
      token: ctx.token,
      type,
      label,
      guildId: ctx.guild.id,
      channelId: ctx.channel.id,
      dispatchedAt: Date.now(),
      undelivered: undefined,
      sourceMessage,
      ack: undefined,
      original: undefined,
      originalLoading: false,
      followUps: [],
      reply: undefined,
    };
    this.interactions.set(rec.id, rec);
    this.interactionsByToken.set(rec.token, rec);
    return rec;
  }

  private async sendInteraction(rec: InteractionRecord, payload: unknown): Promise<{ id: string; token: string }> {
    rec.dispatchedAt = Date.now();
    const seq = await this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    if (seq === null) {
      const count = this.gateway.shardCount ?? 1;
      rec.undelivered = { shard: shardOfGuild(rec.guildId, count), count };
    }
    return { id: rec.id, token: rec.token };
  }

  async slashCommand(spec: SlashCommandSpec): Promise<{ id: string; token: string }> {
    const ctx = this.interactionContext(spec);
    const options = spec.options ?? [];
    const payload = slashCommandPayload(ctx, {
      commandId: this.registeredCommandId(ctx.guild.id, spec.name),
      name: spec.name,
      options,
      resolved: this.resolveOptions(ctx, options),
    });
    return this.sendInteraction(this.track(ctx, InteractionType.ApplicationCommand, `/${spec.name}`, undefined), payload);
  }

  async autocomplete(spec: AutocompleteSpec): Promise<{ id: string; token: string }> {
    const ctx = this.interactionContext(spec);
    let focusedCount = 0;
    const focus = (list: APIApplicationCommandInteractionDataOption[]): APIApplicationCommandInteractionDataOption[] =>
      list.map((option) => {
        if ('options' in option && option.options !== undefined) return { ...option, options: focus(option.options as APIApplicationCommandInteractionDataOption[]) } as APIApplicationCommandInteractionDataOption;
        const focused = 'focused' in option && option.focused === true ? true : option.name === spec.focused;
        if (focused) focusedCount += 1;
        // Discord sends what the user has typed so far as a string, whatever the option's type.
        return focused && 'value' in option ? ({ ...option, value: String(option.value), focused: true } as APIApplicationCommandInteractionDataOption) : option;
      });
    const options = focus(spec.options ?? []);
    if (focusedCount !== 1) throw new Error(`fake-discord: autocomplete needs exactly one focused option (got ${focusedCount})`);
    const payload = autocompletePayload(ctx, { commandId: this.registeredCommandId(ctx.guild.id, spec.name), name: spec.name, options, resolved: undefined });
    return this.sendInteraction(this.track(ctx, InteractionType.ApplicationCommandAutocomplete, `/${spec.name} (autocomplete)`, undefined), payload);
  }

  /** The message a component sits on: one the bot posted, or a synthetic bot message carrying the component. */
  private sourceMessage(channelId: string, messageId: string | undefined, component: APIMessageTopLevelComponent): FakeMessage {
    if (messageId !== undefined) {
      const message = this.messages.get(channelId)?.find((m) => m.id === messageId);
      if (message === undefined) throw new Error(`fake-discord: message ${messageId} is not in channel ${channelId}`);
      return message;
    }
    return this.newMessage(channelId, { content: '', components: [component] }, []);
  }

  async buttonClick(spec: ButtonClickSpec): Promise<{ id: string; token: string }> {
    const ctx = this.interactionContext(spec);
    const source = this.sourceMessage(ctx.channel.id, spec.messageId, {
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.Button, style: 1, custom_id: spec.customId, label: spec.customId.slice(0, 80) }],
    });
    const data: APIMessageComponentInteractionData = { custom_id: spec.customId, component_type: ComponentType.Button };
    const payload = componentPayload(ctx, data, this.messageBody(source));
    return this.sendInteraction(this.track(ctx, InteractionType.MessageComponent, `button ${spec.customId}`, source), payload);
  }

  async selectMenu(spec: SelectMenuSpec): Promise<{ id: string; token: string }> {
    const ctx = this.interactionContext(spec);
    const componentType = spec.componentType ?? ComponentType.StringSelect;
    const source = this.sourceMessage(ctx.channel.id, spec.messageId, {
      type: ComponentType.ActionRow,
      components:
        componentType === ComponentType.StringSelect
          ? [{ type: componentType, custom_id: spec.customId, options: spec.values.map((value) => ({ label: value, value })) }]
          : [{ type: componentType, custom_id: spec.customId }],
    });
    let data: APIMessageComponentInteractionData;
    if (componentType === ComponentType.ChannelSelect) {
      const channels = Object.fromEntries(
        spec.values.map((id) => {
          const channel = this.channels.get(id);
          if (channel === undefined) throw new Error(`fake-discord: channel select value ${id} is not a known channel`);
          return [id, resolvedChannelPayload(channel, ctx.memberPermissions)];
        }),
      );
      data = { custom_id: spec.customId, component_type: componentType, values: spec.values, resolved: { channels } };
    } else if (componentType === ComponentType.RoleSelect) {
      const roles = Object.fromEntries(
        spec.values.map((id) => {
          const role = ctx.guild.roles.find((r) => r.id === id);
          if (role === undefined) throw new Error(`fake-discord: role select value ${id} is not a role of guild ${ctx.guild.id}`);
          return [id, rolePayload(role)];
        }),
      );
      data = { custom_id: spec.customId, component_type: componentType, values: spec.values, resolved: { roles } };
    } else {
      data = { custom_id: spec.customId, component_type: componentType, values: spec.values };
    }
    const payload = componentPayload(ctx, data, this.messageBody(source));
    return this.sendInteraction(this.track(ctx, InteractionType.MessageComponent, `select ${spec.customId}`, source), payload);
  }

  async modalSubmit(spec: ModalSubmitSpec): Promise<{ id: string; token: string }> {
    const ctx = this.interactionContext(spec);
    const source = spec.messageId === undefined ? undefined : this.sourceMessage(ctx.channel.id, spec.messageId, { type: ComponentType.ActionRow, components: [] });
    const components = spec.components ?? modalFieldComponents(spec.fields ?? {});
    const payload = modalSubmitPayload(ctx, spec.customId, components, source === undefined ? undefined : this.messageBody(source));
    return this.sendInteraction(this.track(ctx, InteractionType.ModalSubmit, `modal ${spec.customId}`, source), payload);
  }

  waitForInteractionResponse(interactionId: string, timeoutMs = this.settings.waitMs): Promise<InteractionReply> {
    const rec = this.interactions.get(interactionId);
    if (rec === undefined) return Promise.reject(new Error(`fake-discord: no interaction ${interactionId} was dispatched`));
    if (rec.undelivered !== undefined) {
      const { shard, count } = rec.undelivered;
      return Promise.reject(new Error(`fake-discord: ${rec.label} in guild ${rec.guildId} was not delivered: its shard ${shard}/${count} had no live session`));
    }
    return this.waitFor(
      () => (rec.reply === undefined ? undefined : copy(rec.reply)),
      timeoutMs,
      () => {
        const calls = this.requests
          .filter((r) => r.path.includes(rec.id) || r.path.includes(rec.token))
          .map((r) => `${r.method} ${r.path.replace(rec.token, '<token>')} → ${r.status} ${r.status >= 400 ? JSON.stringify(r.responseBody) : ''}`);
        return `the reply to ${rec.label} (acknowledged: ${rec.ack === undefined ? 'no' : `type ${rec.ack.type}`}; requests: ${calls.join('; ') || 'none'})`;
      },
    );
  }

  originalResponse(interactionId: string): FakeMessage | undefined {
    const original = this.interactions.get(interactionId)?.original;
    return original === undefined ? undefined : copy(original);
  }

  followUps(interactionId: string): FakeMessage[] {
    return copy(this.interactions.get(interactionId)?.followUps ?? []);
  }

  channelMessages(channelId: string): FakeMessage[] {
    return copy(this.messages.get(channelId) ?? []);
  }

  waitForMessages(channelId: string, count: number, timeoutMs = this.settings.waitMs): Promise<FakeMessage[]> {
    return this.waitFor(
      () => ((this.messages.get(channelId)?.length ?? 0) >= count ? this.channelMessages(channelId) : undefined),
      timeoutMs,
      () => `${count} messages in channel ${channelId} (have ${this.messages.get(channelId)?.length ?? 0})`,
    );
  }

  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs = this.settings.waitMs): Promise<RecordedRequest> {
    return this.waitFor(
      () => this.requests.find(pred),
      timeoutMs,
      () => `a matching request (seen: ${this.requests.map((r) => `${r.method} ${r.path} ${r.status}`).slice(-10).join(', ') || 'none'})`,
    );
  }

  // ---- faults --------------------------------------------------------------------------------------------

  rateLimitNext(method: string, pathRe: RegExp, retryAfterSec: number, opts: { global?: boolean; times?: number } = {}): void {
    const global = opts.global ?? false;
    this.faults.push({
      method: method.toUpperCase(),
      pathRe,
      times: opts.times ?? 1,
      afterHandling: false,
      reply: (path) => {
        const seconds = retryAfterSec.toFixed(3);
        const headers: Record<string, string> = global
          ? { 'Retry-After': seconds, 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' }
          : {
              'Retry-After': seconds,
              'X-RateLimit-Limit': '5',
              'X-RateLimit-Remaining': '0',
              'X-RateLimit-Reset': (Date.now() / 1000 + retryAfterSec).toFixed(3),
              'X-RateLimit-Reset-After': seconds,
              'X-RateLimit-Bucket': `fake-${Buffer.from(`${method} ${path.replace(/\d{17,19}/g, ':id')}`).toString('hex').slice(0, 24)}`,
              'X-RateLimit-Scope': 'user',
            };
        return { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: retryAfterSec, global } };
      },
    });
  }

  failNext(method: string, pathRe: RegExp, status: number, times = 1, opts: { afterHandling?: boolean } = {}): void {
    this.faults.push({
      method: method.toUpperCase(),
      pathRe,
      times,
      afterHandling: opts.afterHandling ?? false,
      reply: () => discordError(status, 0, `${status}: ${http.STATUS_CODES[status] ?? 'Error'}`),
    });
  }

  delayResponses(method: string, pathRe: RegExp, ms: number): void {
    const rule = { method: method.toUpperCase(), pathRe, ms };
    const same = this.delays.findIndex((d) => d.method === rule.method && d.pathRe.source === pathRe.source && d.pathRe.flags === pathRe.flags);
    if (same >= 0) this.delays.splice(same, 1);
    if (ms > 0) this.delays.push(rule);
  }

  forbidChannel(channelId: string): void {
    this.forbiddenChannels.add(channelId);
  }

  deleteChannel(channelId: string): void {
    const channel = this.channels.get(channelId);
    if (channel === undefined) throw new Error(`fake-discord: unknown channel ${channelId}`);
    this.channels.delete(channelId);
    const guild = this.guilds.get(channel.guildId);
    if (guild !== undefined) guild.channels = guild.channels.filter((c) => c.id !== channelId);
    if (this.gateway.hasSession) void this.dispatch(GatewayDispatchEvents.ChannelDelete, channelPayload(channel));
  }

  dropGatewaySocket(shard?: number): void {
    this.gateway.dropSocket(shard);
  }

  sendInvalidSession(resumable: boolean, shard?: number): void {
    this.gateway.sendInvalidSession(resumable, shard);
  }

  sendReconnect(shard?: number): void {
    this.gateway.sendReconnect(shard);
  }

  // ---- gateway ---------------------------------------------------------------------------------------------

  private guildsOnShard([shard, count]: ShardInfo): FakeGuild[] {
    return [...this.guilds.values()].filter((g) => shardOfGuild(g.id, count) === shard);
  }

  /** What follows IDENTIFY: READY (with the application, or client.application is null), then every guild of the shard. */
  private greeting(sessionId: string, shard: ShardInfo): { t: string; d: unknown }[] {
    const guilds = this.guildsOnShard(shard);
    const ready = readyPayload({ bot: this.bot, guildIds: guilds.map((g) => g.id), sessionId, resumeGatewayUrl: this.gatewayUrl, applicationId: this.applicationId, shard });
    return [
      { t: GatewayDispatchEvents.Ready, d: ready },
      ...guilds.map((guild) => ({ t: GatewayDispatchEvents.GuildCreate, d: guildCreatePayload(guild, this.bot) })),
    ];
  }

  waitForReady(timeoutMs = this.settings.waitMs, sinceReadyCount = 0): Promise<void> {
    return this.waitFor(
      () => (this.gateway.readyCount > sinceReadyCount && this.gateway.ready ? true : undefined),
      timeoutMs,
      () => `a ready gateway session (readyCount ${this.gateway.readyCount}, needed > ${sinceReadyCount})`,
    ).then(() => undefined);
  }

  liveShards(): number[] {
    return this.gateway.liveShards().map((s) => s.shard);
  }

  shardSessions(): ShardSession[] {
    return this.gateway.liveShards();
  }

  waitForShards(shards: number[], timeoutMs = this.settings.waitMs): Promise<void> {
    const readyOnes = () => new Set(this.gateway.liveShards().filter((s) => s.connected && s.ready).map((s) => s.shard));
    return this.waitFor(
      () => (shards.every((shard) => readyOnes().has(shard)) ? true : undefined),
      timeoutMs,
      () => `ready sessions for shards ${shards.join(', ')} (ready: ${[...readyOnes()].join(', ') || 'none'})`,
    ).then(() => undefined);
  }

  async dispatch(t: string, d: unknown): Promise<number> {
    return (await this.gateway.dispatch(t, d)) ?? 0;
  }

  async addGuild(spec: FakeGuildSpec): Promise<void> {
    const guild = this.registerGuild(spec);
    if (this.gateway.hasSession) await this.dispatch(GatewayDispatchEvents.GuildCreate, guildCreatePayload(guild, this.bot));
  }

  async removeGuild(guildId: string): Promise<void> {
    const guild = this.guilds.get(guildId);
    if (guild === undefined) throw new Error(`fake-discord: unknown guild ${guildId}`);
    this.guilds.delete(guildId);
    for (const channel of guild.channels) this.channels.delete(channel.id);
    if (this.gateway.hasSession) await this.dispatch(GatewayDispatchEvents.GuildDelete, { id: guildId });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.delayedAnswers) clearTimeout(timer);
    this.delayedAnswers.clear();
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const waiter of this.waiters) waiter.fail(new Error('fake-discord closed'));
    this.waiters.clear();
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

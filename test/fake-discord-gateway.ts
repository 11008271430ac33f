// The fake Discord's WebSocket gateway (plain JSON frames): HELLO, IDENTIFY → READY + GUILD_CREATEs, heartbeats,
// RESUME with replay of what was dispatched while the socket was down, and the faults tests need.
//
// Sharding: IDENTIFY's `shard: [id, count]` (absent = [0, 1]) opens the session of that shard; one live session per
// shard id, all with the same count. A guild belongs to shard (guild_id >> 22) % count; its events (and interactions)
// go only to that shard's session, and nowhere if the shard has no live session (recorded in `undelivered`).
// Refusals as on Discord: id >= count, or a count unlike the other live sessions' → close 4010 (Invalid shard);
// more guilds on one session than maxGuildsPerShard → 4011 (Sharding required).
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import { GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';

export interface GatewayLogEntry {
  direction: 'in' | 'out';
  op: number;
  t: string | null;
  s: number | null;
  at: number;
}

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  /** Privileged intents "enabled in the developer portal"; IDENTIFY asking for others is closed with 4014. */
  privilegedIntents: number;
  tokenOk: (token: string) => boolean;
  /** The dispatches that follow IDENTIFY: READY for this session, then one GUILD_CREATE per guild of the shard. */
  greeting: (sessionId: string, shard: ShardInfo) => { t: string; d: unknown }[];
  /** How many guilds a session for `shard` would hold (for close 4011). */
  guildCount: (shard: ShardInfo) => number;
  /** Discord closes an IDENTIFY whose session would hold more guilds than this (2500) with 4011. */
  maxGuildsPerShard: number;
  log: (line: string) => void;
  /** Called whenever readiness or the log changes, so waiters can re-check. */
  changed: () => void;
}

/** `[shard_id, num_shards]`, as in IDENTIFY and READY. */
export type ShardInfo = [number, number];

export interface ShardSession {
  shard: number;
  count: number;
  sessionId: string;
  /** A socket is attached (false while the client is away, e.g. between a dropped socket and its RESUME). */
  connected: boolean;
  ready: boolean;
}

/** A dispatch that was not delivered because the shard owning its guild had no live session. */
export interface UndeliveredDispatch {
  t: string;
  guildId: string | undefined;
  shard: number;
  count: number;
  at: number;
}

/** The shard a guild belongs to: `(guild_id >> 22) % num_shards` (Discord's sharding formula). */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** The guild an event concerns: `id` for GUILD_CREATE/UPDATE/DELETE, else `guild_id`; none → shard 0 (DMs). */
function guildOfEvent(t: string, d: unknown): string | undefined {
  if (!isObject(d)) return undefined;
  const guildEvent = t === GatewayDispatchEvents.GuildCreate || t === GatewayDispatchEvents.GuildUpdate || t === GatewayDispatchEvents.GuildDelete;
  const id = guildEvent ? d.id : d.guild_id;
  return typeof id === 'string' ? id : undefined;
}

interface GatewayPayload {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

interface GatewaySession {
  id: string;
  shard: ShardInfo;
  seq: number;
  /** Dispatches of the session, for replay on RESUME. */
  events: GatewayPayload[];
  socket: WebSocket | undefined;
  ready: boolean;
  invalid: boolean;
}

const PRIVILEGED_INTENTS = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
const EVENT_BUFFER_MAX = 10_000;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

export class FakeGateway {
  readonly log: GatewayLogEntry[] = [];
  /** How many times a session became ready (READY or RESUMED). */
  readyCount = 0;
  /** How many IDENTIFYs were accepted (what session_start_limit.remaining counts down). */
  identifyCount = 0;
  readonly undelivered: UndeliveredDispatch[] = [];

  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly socketSessions = new Map<WebSocket, GatewaySession>();
  /** The live session of each shard id: the latest IDENTIFY for it that was not invalidated. */
  private readonly shards = new Map<number, GatewaySession>();
  /** The latest session to IDENTIFY or RESUME: what `ready` and the faults (without a shard) refer to. */
  private current: GatewaySession | undefined;

  constructor(private readonly opts: GatewayOptions) {}

  get ready(): boolean {
    return this.current?.ready === true;
  }

  get hasSession(): boolean {
    return this.shards.size > 0;
  }

  /** The live sessions, by shard id. */
  liveShards(): ShardSession[] {
    return [...this.shards.values()]
      .sort((a, b) => a.shard[0] - b.shard[0])
      .map((s) => ({ shard: s.shard[0], count: s.shard[1], sessionId: s.id, connected: s.socket !== undefined, ready: s.ready }));
  }

  /** The shard count of the live sessions (they all share it); undefined when none is live. */
  get shardCount(): number | undefined {
    return this.shards.values().next().value?.shard[1];
  }

  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/gateway') {
      this.opts.log(`gateway connection to ${url.pathname} refused: the gateway is at /gateway`);
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url.searchParams));
  }

  /**
   * Sends the event to the session of the shard owning its guild (shard 0 without a guild): numbers it, keeps it
   * for replay, and writes it if that session has a socket. Resolves with the sequence number once written, or with
   * null (and a record in `undelivered`) when that shard has no live session. Throws when no session is live at all.
   */
  dispatch(t: string, d: unknown): Promise<number | null> {
    const count = this.shardCount;
    if (count === undefined) throw new Error(`fake-discord: cannot dispatch ${t}: no gateway session (await waitForReady() first)`);
    const guildId = guildOfEvent(t, d);
    const shard = guildId === undefined ? 0 : shardOfGuild(guildId, count);
    const session = this.shards.get(shard);
    if (session === undefined) {
      // A guild joined or left while its shard is offline shows in that shard's next READY: nothing is lost.
      if (t === GatewayDispatchEvents.GuildCreate || t === GatewayDispatchEvents.GuildDelete) return Promise.resolve(null);
      this.undelivered.push({ t, guildId, shard, count, at: Date.now() });
      this.opts.log(`${t}${guildId === undefined ? '' : ` for guild ${guildId}`} not delivered: shard ${shard}/${count} has no live session`);
      return Promise.resolve(null);
    }
    return this.dispatchOn(session, t, d);
  }

  dropSocket(shard?: number): void {
    const session = this.liveSession(shard);
    session.ready = false;
    session.socket?.terminate();
  }

  sendInvalidSession(resumable: boolean, shard?: number): void {
    const session = this.liveSession(shard);
    const socket = session.socket;
    session.ready = false;
    if (!resumable) this.invalidate(session);
    if (socket !== undefined) void this.send(socket, { op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null });
  }

  sendReconnect(shard?: number): void {
    const socket = this.liveSession(shard).socket;
    if (socket !== undefined) void this.send(socket, { op: GatewayOpcodes.Reconnect, d: null, s: null, t: null });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  /** The connected session of `shard`, or of the latest IDENTIFY/RESUME when no shard is given. */
  private liveSession(shard?: number): GatewaySession {
    const session = shard === undefined ? this.current : this.shards.get(shard);
    if (session?.socket === undefined) throw new Error(`fake-discord: no connected gateway session${shard === undefined ? '' : ` for shard ${shard}`}`);
    return session;
  }

  /** The session can no longer be resumed, and its shard is free. */
  private invalidate(session: GatewaySession): void {
    session.invalid = true;
    session.ready = false;
    if (this.shards.get(session.shard[0]) === session) this.shards.delete(session.shard[0]);
    if (this.current === session) this.current = undefined;
    this.opts.changed();
  }

  private dispatchOn(session: GatewaySession, t: string, d: unknown): Promise<number> {
    session.seq += 1;
    const s = session.seq;
    const payload: GatewayPayload = { op: GatewayOpcodes.Dispatch, t, s, d };
    // READY and RESUMED describe the connection itself; Discord never replays them.
    if (t !== GatewayDispatchEvents.Ready && t !== GatewayDispatchEvents.Resumed) {
      session.events.push(payload);
      if (session.events.length > EVENT_BUFFER_MAX) session.events.shift();
    }
    const socket = session.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) return Promise.resolve(s);
    return this.send(socket, payload).then(() => s);
  }

  private send(socket: WebSocket, payload: GatewayPayload): Promise<void> {
    this.log.push({ direction: 'out', op: payload.op, t: payload.t, s: payload.s, at: Date.now() });
    return new Promise((resolve) => socket.send(JSON.stringify(payload), () => resolve()));
  }

  private onConnection(ws: WebSocket, params: URLSearchParams): void {
    this.sockets.add(ws);
    ws.on('error', (error) => this.opts.log(`gateway socket error: ${error.message}`));
    ws.on('close', (code: number) => {
      this.sockets.delete(ws);
      const session = this.socketSessions.get(ws);
      this.socketSessions.delete(ws);
      if (session?.socket === ws) {
        session.socket = undefined;
        session.ready = false;
        // A client closing with 1000 or 1001 ends its session for good (discord.js does on destroy()); others may RESUME.
        if (code === 1000 || code === 1001) this.invalidate(session);
      }
      this.opts.changed();
    });
    if (params.has('compress')) {
      // Refused with a fatal code: a resumable one makes discord.js reconnect forever (notes, pitfall 8).
      this.opts.log(`gateway asked for compress=${params.get('compress')}: the fake speaks plain JSON (is zlib-sync installed?)`);
      ws.close(4012, 'fake-discord: plain JSON only, no zlib-stream');
      return;
    }
    if (params.get('v') !== '10' || params.get('encoding') !== 'json') {
      this.opts.log(`gateway asked for v=${params.get('v')} encoding=${params.get('encoding')}: only v=10, json`);
      ws.close(4012, 'fake-discord: v=10&encoding=json only');
      return;
    }
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(ws, data, isBinary));
    void this.send(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.opts.heartbeatIntervalMs }, s: null, t: null });
  }

  private onMessage(ws: WebSocket, data: RawData, isBinary: boolean): void {
    let payload: unknown;
    try {
      payload = isBinary ? undefined : JSON.parse(rawText(data));
    } catch {
      payload = undefined;
    }
    if (!isObject(payload) || typeof payload.op !== 'number') {
      ws.close(4002, 'Error while decoding payload.');
      return;
    }
    this.log.push({ direction: 'in', op: payload.op, t: null, s: null, at: Date.now() });
    const d = isObject(payload.d) ? payload.d : {};
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        void this.send(ws, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
        return;
      case GatewayOpcodes.Identify:
        this.identify(ws, d);
        return;
      case GatewayOpcodes.Resume:
        this.resume(ws, d);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
        if (!this.socketSessions.has(ws)) ws.close(4003, 'Not authenticated.');
        return;
      default:
        ws.close(4001, 'Unknown opcode.');
    }
  }

  private tokenOk(token: unknown): boolean {
    return typeof token === 'string' && token.length > 0 && this.opts.tokenOk(token.replace(/^Bot /, ''));
  }

  private identify(ws: WebSocket, d: Record<string, unknown>): void {
    if (this.socketSessions.has(ws)) {
      ws.close(4005, 'Already authenticated.');
      return;
    }
    if (!this.tokenOk(d.token)) {
      ws.close(4004, 'Authentication failed.');
      return;
    }
    const intents = typeof d.intents === 'number' ? d.intents : 0;
    if ((intents & PRIVILEGED_INTENTS & ~this.opts.privilegedIntents) !== 0) {
      this.opts.log(`IDENTIFY asked for privileged intents ${intents & PRIVILEGED_INTENTS} that are not enabled (privilegedIntents) → 4014`);
      ws.close(4014, 'Disallowed intent(s).');
      return;
    }
    const shard = this.checkShard(ws, d.shard);
    if (shard === undefined) return;
    const session: GatewaySession = { id: randomBytes(16).toString('hex'), shard, seq: 0, events: [], socket: ws, ready: false, invalid: false };
    // A new IDENTIFY for a shard takes it over: the old session is invalidated and its socket closed with a code
    // discord.js does not reconnect on, so that two processes claiming one shard do not take it from each other forever.
    const previous = this.shards.get(shard[0]);
    if (previous !== undefined) {
      this.invalidate(previous);
      this.opts.log(`shard ${shard[0]}/${shard[1]} identified again: session ${previous.id} replaced, its socket closed with 4010`);
      previous.socket?.close(4010, `fake-discord: shard ${shard[0]} was taken by a newer session`);
    }
    this.identifyCount += 1;
    this.sessions.set(session.id, session);
    this.shards.set(shard[0], session);
    this.socketSessions.set(ws, session);
    this.current = session;
    for (const { t, d: data } of this.opts.greeting(session.id, shard)) void this.dispatchOn(session, t, data);
    this.becomeReady(session);
  }

  /** IDENTIFY's shard, or undefined after closing the socket: 4010 for an invalid shard, 4011 for too many guilds. */
  private checkShard(ws: WebSocket, raw: unknown): ShardInfo | undefined {
    const shard: unknown[] = raw === undefined ? [0, 1] : Array.isArray(raw) ? raw : [];
    const [id, count] = shard;
    if (shard.length !== 2 || !Number.isInteger(id) || !Number.isInteger(count) || (id as number) < 0 || (count as number) < 1 || (id as number) >= (count as number)) {
      this.opts.log(`IDENTIFY with shard ${JSON.stringify(raw)}: not [id, count] with 0 <= id < count → 4010`);
      ws.close(4010, 'Invalid shard.');
      return undefined;
    }
    const info: ShardInfo = [id as number, count as number];
    const others = [...this.shards.values()].filter((s) => s.shard[0] !== info[0]);
    const otherCount = others[0]?.shard[1];
    if (otherCount !== undefined && otherCount !== info[1]) {
      this.opts.log(`IDENTIFY as shard [${info.join(', ')}] while live shards use count ${otherCount} → 4010`);
      ws.close(4010, 'Invalid shard.');
      return undefined;
    }
    const guilds = this.opts.guildCount(info);
    if (guilds > this.opts.maxGuildsPerShard) {
      this.opts.log(`IDENTIFY as shard [${info.join(', ')}] would hold ${guilds} guilds (> ${this.opts.maxGuildsPerShard}) → 4011`);
      ws.close(4011, 'Sharding required.');
      return undefined;
    }
    return info;
  }

  /** Replays every event after the client's last sequence, then RESUMED; unknown or invalidated sessions get op 9. */
  private resume(ws: WebSocket, d: Record<string, unknown>): void {
    const session = this.sessions.get(String(d.session_id));
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    const oldest = session?.events[0]?.s ?? 1;
    if (session === undefined || session.invalid || !this.tokenOk(d.token) || seq + 1 < oldest) {
      void this.send(ws, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    if (session.socket !== undefined && session.socket !== ws) session.socket.terminate();
    session.socket = ws;
    this.socketSessions.set(ws, session);
    this.current = session;
    for (const event of session.events) {
      if ((event.s ?? 0) > seq) void this.send(ws, event);
    }
    void this.dispatchOn(session, GatewayDispatchEvents.Resumed, {});
    this.becomeReady(session);
  }

  private becomeReady(session: GatewaySession): void {
    session.ready = true;
    this.readyCount += 1;
    this.opts.changed();
  }
}

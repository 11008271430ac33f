// The fake Discord's WebSocket gateway (plain JSON frames): HELLO, IDENTIFY → READY + GUILD_CREATEs, heartbeats,
// RESUME with replay of what was dispatched while the socket was down, and the faults tests need.
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
  /** The dispatches that follow IDENTIFY: READY for this session, then one GUILD_CREATE per guild. */
  greeting: (sessionId: string) => { t: string; d: unknown }[];
  log: (line: string) => void;
  /** Called whenever readiness or the log changes, so waiters can re-check. */
  changed: () => void;
}

interface GatewayPayload {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

interface GatewaySession {
  id: string;
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

  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly socketSessions = new Map<WebSocket, GatewaySession>();
  /** The session dispatches go to: the latest IDENTIFY (or RESUME) that was not invalidated. */
  private current: GatewaySession | undefined;

  constructor(private readonly opts: GatewayOptions) {}

  get ready(): boolean {
    return this.current?.ready === true;
  }

  get hasSession(): boolean {
    return this.current !== undefined;
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

  /** Numbers the event, keeps it for replay, and sends it if the session has a socket; resolves once written. */
  dispatch(t: string, d: unknown): Promise<number> {
    const session = this.current;
    if (session === undefined) throw new Error(`fake-discord: cannot dispatch ${t}: no gateway session (await waitForReady() first)`);
    return this.dispatchOn(session, t, d);
  }

  dropSocket(): void {
    const session = this.liveSession();
    session.ready = false;
    session.socket?.terminate();
  }

  sendInvalidSession(resumable: boolean): void {
    const session = this.liveSession();
    const socket = session.socket;
    session.ready = false;
    if (!resumable) {
      session.invalid = true;
      this.current = undefined;
    }
    if (socket !== undefined) void this.send(socket, { op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null });
  }

  sendReconnect(): void {
    const socket = this.liveSession().socket;
    if (socket !== undefined) void this.send(socket, { op: GatewayOpcodes.Reconnect, d: null, s: null, t: null });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private liveSession(): GatewaySession {
    const session = this.current;
    if (session?.socket === undefined) throw new Error('fake-discord: no connected gateway session');
    return session;
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
    ws.on('close', () => {
      this.sockets.delete(ws);
      const session = this.socketSessions.get(ws);
      this.socketSessions.delete(ws);
      if (session?.socket === ws) {
        session.socket = undefined;
        session.ready = false;
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
    const session: GatewaySession = { id: randomBytes(16).toString('hex'), seq: 0, events: [], socket: ws, ready: false, invalid: false };
    this.sessions.set(session.id, session);
    this.socketSessions.set(ws, session);
    this.current = session;
    for (const { t, d: data } of this.opts.greeting(session.id)) void this.dispatchOn(session, t, data);
    this.becomeReady(session);
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

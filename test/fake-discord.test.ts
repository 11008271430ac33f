// Proves the fake Discord against a real, unmodified discord.js 14 client in-process: login, interactions,
// REST limits and faults, gateway resume, sharded sessions (one client per shard), and a shutdown that leaves nothing running.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelType, Client, ComponentType, DiscordAPIError, Events, GatewayIntentBits, MessageFlags, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord.js';
import type { Interaction, TextChannel } from 'discord.js';
import { guildIdOnShard, shardOfGuild, startFakeDiscord } from './fake-discord.js';
import type { FakeDiscord } from './fake-discord.js';

const GUILD = '100000000000000001';
const NEWS = '100000000000000011';
const ALERTS = '100000000000000012';
const DOOMED = '100000000000000013';
const ROLE = '100000000000000021';
const TOKEN = 'test-token';
const ACK_DEADLINE_MS = 1500;
const COUNTRIES = ['Mali', 'Mauritania', 'Niger', 'Burkina Faso', 'Chad'];

interface PingAnswer {
  text: string | null;
  channelId: string | null;
  where: string | null;
  locale: string;
  guildLocale: string | null;
  canManageServer: boolean;
}

/** The bot under test: a few handlers covering each way of answering an interaction. */
async function answer(interaction: Interaction, late: unknown[]): Promise<void> {
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused().toLowerCase();
    await interaction.respond(COUNTRIES.filter((c) => c.toLowerCase().startsWith(typed)).map((c) => ({ name: c, value: c })));
    return;
  }
  if (interaction.isModalSubmit()) {
    await interaction.reply({ content: `noted: ${interaction.fields.getTextInputValue('note')}`, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.isStringSelectMenu()) {
    await interaction.reply({ content: `themes: ${interaction.values.join(', ')}`, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.isChannelSelectMenu()) {
    await interaction.reply({ content: `channel: ${interaction.channels.first()?.id ?? 'none'}`, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.isButton()) {
    if (interaction.customId.startsWith('refresh:')) await interaction.update({ content: `refreshed ${interaction.customId}` });
    else await interaction.reply({ content: `clicked ${interaction.customId}`, flags: MessageFlags.Ephemeral });
    return;
  }
  if (!interaction.isChatInputCommand()) return;
  switch (interaction.commandName) {
    case 'ping': {
      const reply: PingAnswer = {
        text: interaction.options.getString('text'),
        channelId: interaction.channelId,
        where: interaction.options.getChannel('where')?.id ?? null,
        locale: interaction.locale,
        guildLocale: interaction.guildLocale,
        canManageServer: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
      };
      await interaction.reply({ content: JSON.stringify(reply), allowedMentions: { parse: [] } });
      return;
    }
    case 'slow':
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await sleep(20);
      await interaction.editReply({ content: 'done', embeds: [{ title: 'Mali: new story' }] });
      return;
    case 'feedback':
      await interaction.showModal({
        custom_id: 'feedback',
        title: 'Feedback',
        components: [{ type: 1, components: [{ type: 4, custom_id: 'note', label: 'Note', style: 1 }] }],
      });
      return;
    case 'late':
      await sleep(ACK_DEADLINE_MS + 100);
      await interaction.reply('too late').catch((error: unknown) => late.push(error));
      return;
  }
}

async function startClient(fake: FakeDiscord, late: unknown[] = []): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiUrl },
    // discord.js spaces IDENTIFYs 5 s apart; the re-IDENTIFY after a non-resumable invalid session would wait that long.
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: () => Promise.resolve() }) },
  });
  client.on(Events.InteractionCreate, (interaction) => void answer(interaction, late));
  const ready = once(client, Events.ClientReady);
  await client.login(TOKEN);
  await ready;
  return client;
}

async function textChannel(client: Client, id: string): Promise<TextChannel> {
  const channel = await client.channels.fetch(id);
  if (channel?.type !== ChannelType.GuildText) throw new Error(`channel ${id} is not a text channel`);
  return channel;
}

function gatewayOps(fake: FakeDiscord, direction: 'in' | 'out', op: number): number {
  return fake.gatewayLog.filter((e) => e.direction === direction && e.op === op).length;
}

describe('fake Discord with a discord.js client', () => {
  let fake: FakeDiscord;
  let client: Client;
  const late: unknown[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord({
      requireToken: TOKEN,
      ackDeadlineMs: ACK_DEADLINE_MS,
      heartbeatIntervalMs: 500,
      guilds: [
        {
          id: GUILD,
          name: 'Sahel newsroom',
          locale: 'fr',
          channels: [
            { id: NEWS, name: 'news' },
            { id: ALERTS, name: 'alerts' },
            { id: DOOMED, name: 'doomed' },
          ],
          roles: [{ id: ROLE, name: 'Editors', permissions: PermissionFlagsBits.ManageGuild.toString() }],
        },
      ],
    });
    client = await startClient(fake, late);
    await fake.waitForReady();
  });

  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  it('logs in: READY carries the application, GUILD_CREATE the channels, and bot routes carry the token', () => {
    expect(client.application?.id).toBe(fake.applicationId);
    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.guilds.cache.get(GUILD)?.name).toBe('Sahel newsroom');
    expect(client.channels.cache.get(NEWS)?.type).toBe(ChannelType.GuildText);
    const gatewayBot = fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gatewayBot?.status).toBe(200);
    expect(gatewayBot?.headers.authorization).toBe(`Bot ${TOKEN}`);
  });

  it('dispatches a slash command with resolved options, locale and permissions, and sees the reply', async () => {
    const { id } = await fake.slashCommand({
      guildId: GUILD,
      channelId: NEWS,
      name: 'ping',
      locale: 'fr',
      permissions: PermissionFlagsBits.ViewChannel,
      options: [
        { name: 'text', type: 3, value: 'bonjour' },
        { name: 'where', type: 7, value: ALERTS },
      ],
    });
    const reply = await fake.waitForInteractionResponse(id);
    expect(reply.type).toBe(4);
    expect(reply.ephemeral).toBe(false);
    expect(reply.allowed_mentions).toEqual({ parse: [] });
    const seen = JSON.parse(reply.content) as PingAnswer;
    expect(seen).toEqual({ text: 'bonjour', channelId: NEWS, where: ALERTS, locale: 'fr', guildLocale: 'fr', canManageServer: false });
    const callback = fake.requests.find((r) => r.path.startsWith(`/interactions/${id}/`));
    expect(callback?.status).toBe(204);
    expect(callback?.headers.authorization).toBeUndefined();
  });

  it('rejects a second acknowledgement with 40060', async () => {
    const { id, token } = await fake.slashCommand({ guildId: GUILD, channelId: NEWS, name: 'ping', roles: [ROLE] });
    const first = await fake.waitForInteractionResponse(id);
    expect(JSON.parse(first.content)).toMatchObject({ canManageServer: true });
    const again = await fetch(`${fake.apiUrl}/v10/interactions/${id}/${token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'twice' } }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 40060 });
  });

  it('waits past a defer for the edit of @original, and keeps the ephemeral flag', async () => {
    const { id } = await fake.slashCommand({ guildId: GUILD, channelId: NEWS, name: 'slow' });
    const reply = await fake.waitForInteractionResponse(id);
    expect(reply.type).toBe(5);
    expect(reply.content).toBe('done');
    expect(reply.embeds).toEqual([{ title: 'Mali: new story' }]);
    expect(reply.ephemeral).toBe(true);
    const edit = fake.requests.find((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'));
    expect(edit?.status).toBe(200);
  });

  it('answers autocomplete with choices', async () => {
    const { id } = await fake.autocomplete({
      guildId: GUILD,
      channelId: NEWS,
      name: 'latest',
      focused: 'country',
      options: [{ name: 'country', type: 3, value: 'ma' }],
    });
    const reply = await fake.waitForInteractionResponse(id);
    expect(reply.type).toBe(8);
    expect(reply.choices).toEqual([
      { name: 'Mali', value: 'Mali' },
      { name: 'Mauritania', value: 'Mauritania' },
    ]);
  });

  it('delivers button clicks: an ephemeral reply, and an update that edits the posted message', async () => {
    const clicked = await fake.buttonClick({ guildId: GUILD, channelId: NEWS, customId: 'summary:42' });
    const reply = await fake.waitForInteractionResponse(clicked.id);
    expect(reply).toMatchObject({ type: 4, content: 'clicked summary:42', ephemeral: true });

    const channel = await textChannel(client, ALERTS);
    const posted = await channel.send({
      content: 'story',
      components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'refresh:7', label: 'Refresh' }] }],
    });
    const update = await fake.buttonClick({ guildId: GUILD, channelId: ALERTS, customId: 'refresh:7', messageId: posted.id });
    expect((await fake.waitForInteractionResponse(update.id)).type).toBe(7);
    const stored = fake.channelMessages(ALERTS).find((m) => m.id === posted.id);
    expect(stored).toMatchObject({ content: 'refreshed refresh:7', editCount: 1 });
  });

  it('delivers select menus and modals, and shows the modal the bot opened', async () => {
    const themes = await fake.selectMenu({ guildId: GUILD, channelId: NEWS, customId: 'themes', values: ['security', 'humanitarian'] });
    expect((await fake.waitForInteractionResponse(themes.id)).content).toBe('themes: security, humanitarian');
    const target = await fake.selectMenu({ guildId: GUILD, channelId: NEWS, customId: 'target', values: [ALERTS], componentType: ComponentType.ChannelSelect });
    expect((await fake.waitForInteractionResponse(target.id)).content).toBe(`channel: ${ALERTS}`);

    const opened = await fake.slashCommand({ guildId: GUILD, channelId: NEWS, name: 'feedback' });
    const modal = await fake.waitForInteractionResponse(opened.id);
    expect(modal.type).toBe(9);
    expect(modal.modal?.custom_id).toBe('feedback');
    const submitted = await fake.modalSubmit({ guildId: GUILD, channelId: NEWS, customId: 'feedback', fields: { note: 'Gao, not Gaya' } });
    expect(await fake.waitForInteractionResponse(submitted.id)).toMatchObject({ content: 'noted: Gao, not Gaya', ephemeral: true });
  });

  it('returns the existing message for a repeated nonce with enforce_nonce, even when the first answer was lost', async () => {
    const channel = await textChannel(client, NEWS);
    const before = fake.channelMessages(NEWS).length;
    const first = await channel.send({ content: 'Niger: item 1', nonce: 'item-1', enforceNonce: true });
    const second = await channel.send({ content: 'Niger: item 1', nonce: 'item-1', enforceNonce: true });
    expect(second.id).toBe(first.id);

    // The message is created but the 502 loses the answer; discord.js retries and gets the same message back.
    fake.failNext('POST', /^\/channels\/\d+\/messages$/, 502, 1, { afterHandling: true });
    const retried = await channel.send({ content: 'Niger: item 2', nonce: 'item-2', enforceNonce: true });
    const stored = fake.channelMessages(NEWS).slice(before);
    expect(stored.map((m) => m.content)).toEqual(['Niger: item 1', 'Niger: item 2']);
    expect(retried.id).toBe(stored[1]?.id);
  });

  it('lists recent messages newest first within a validated limit, without their nonces', async () => {
    const channel = await textChannel(client, NEWS);
    const sent = await channel.send({ content: 'Niger: listed', nonce: 'listed-1', enforceNonce: true });
    const [newest] = (await client.rest.get(`/channels/${NEWS}/messages`, { query: new URLSearchParams({ limit: '2' }) })) as { id: string; nonce?: string }[];
    expect(newest?.id).toBe(sent.id);
    expect(newest?.nonce).toBeUndefined();
    for (const limit of ['0', '101', 'many']) {
      const err = await client.rest.get(`/channels/${NEWS}/messages`, { query: new URLSearchParams({ limit }) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DiscordAPIError);
      expect((err as DiscordAPIError).code).toBe(50035);
    }
    const older = (await client.rest.get(`/channels/${NEWS}/messages`, { query: new URLSearchParams({ before: sent.id, limit: '100' }) })) as { id: string }[];
    expect(older.map((m) => m.id)).not.toContain(sent.id);
  });

  it.each([
    ['a route', false],
    ['the global', true],
  ])('sends 429 for %s limit with Discord headers; discord.js waits Retry-After and succeeds', async (_scope, global) => {
    const channel = await textChannel(client, NEWS);
    const content = `after a ${global ? 'global' : 'route'} rate limit`;
    fake.rateLimitNext('POST', /^\/channels\/\d+\/messages$/, 0.2, { global });
    const sent = await channel.send(content);
    const attempts = fake.requests.filter((r) => r.method === 'POST' && (r.body as { content?: string } | undefined)?.content === content);
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(200);
    expect(fake.channelMessages(NEWS).at(-1)?.id).toBe(sent.id);
  });

  it('delays an answer while the request has already taken effect', async () => {
    const channel = await textChannel(client, NEWS);
    fake.delayResponses('POST', /^\/channels\/\d+\/messages$/, 150);
    const started = Date.now();
    const sending = channel.send('answered late');
    const request = await fake.waitForRequest((r) => (r.body as { content?: string } | undefined)?.content === 'answered late');
    expect(fake.channelMessages(NEWS).at(-1)?.content).toBe('answered late');
    await sending;
    fake.delayResponses('POST', /^\/channels\/\d+\/messages$/, 0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(request.at - started).toBeLessThan(150);
  });

  it('enforces message limits, permissions and channel existence with Discord error codes', async () => {
    const news = await textChannel(client, NEWS);
    await expect(news.send('x'.repeat(2001))).rejects.toMatchObject({ code: RESTJSONErrorCodes.InvalidFormBodyOrContentType });
    await expect(news.send({ embeds: [{ title: 'bad', url: 'javascript:alert(1)' }] })).rejects.toBeInstanceOf(DiscordAPIError);

    fake.forbidChannel(ALERTS);
    const alerts = await textChannel(client, ALERTS);
    await expect(alerts.send('hello')).rejects.toMatchObject({ code: RESTJSONErrorCodes.MissingPermissions, status: 403 });

    const doomed = await textChannel(client, DOOMED);
    const deleted = once(client, Events.ChannelDelete);
    fake.deleteChannel(DOOMED);
    await deleted;
    await expect(doomed.send('hello')).rejects.toMatchObject({ code: RESTJSONErrorCodes.UnknownChannel, status: 404 });
  });

  it('registers commands with ids, and refuses a locale Discord does not know', async () => {
    const commands = [{ name: 'sahel', description: 'Sahel news', nameLocalizations: { fr: 'sahel' } }];
    const global = await client.application?.commands.set(commands);
    expect(global?.first()?.id).toMatch(/^\d{17,19}$/);
    await client.application?.commands.set(commands, GUILD);
    expect(fake.commands.guild.get(GUILD)?.[0]?.name).toBe('sahel');
    const wrongLocale = [{ name: 'sahel', description: 'x', nameLocalizations: { 'fr-FR': 'sahel' } as Record<string, string> }];
    await expect(client.application?.commands.set(wrongLocale)).rejects.toMatchObject({ code: RESTJSONErrorCodes.InvalidFormBodyOrContentType });
  });

  it('records multipart uploads as files plus payload_json', async () => {
    const channel = await textChannel(client, NEWS);
    await channel.send({ content: 'digest', files: [{ attachment: Buffer.from('Tombouctou'), name: 'digest.txt' }] });
    const upload = fake.requests.find((r) => r.files.length > 0);
    expect(upload?.body).toMatchObject({ content: 'digest' });
    expect(upload?.files[0]?.data.toString()).toBe('Tombouctou');
    expect(fake.channelMessages(NEWS).at(-1)?.attachments[0]?.filename).toBe('digest.txt');
  });

  it('refuses bot routes without the token, but not interaction callbacks', async () => {
    const anonymous = await fetch(`${fake.apiUrl}/v10/channels/${NEWS}`);
    expect(anonymous.status).toBe(401);
    const unknown = await fetch(`${fake.apiUrl}/v10/interactions/100000000000000099/nope/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":4}',
    });
    expect(await unknown.json()).toMatchObject({ code: 10062 });
  });

  it('resumes after a dropped socket and replays the interaction dispatched while it was down', async () => {
    const identifies = gatewayOps(fake, 'in', 2);
    const resumes = gatewayOps(fake, 'in', 6);
    const readyBefore = fake.readyCount;
    fake.dropGatewaySocket();
    const whileDown = await fake.slashCommand({ guildId: GUILD, channelId: NEWS, name: 'ping', options: [{ name: 'text', type: 3, value: 'replayed' }] });
    await fake.waitForReady(5000, readyBefore);
    expect(JSON.parse((await fake.waitForInteractionResponse(whileDown.id)).content)).toMatchObject({ text: 'replayed' });
    expect(gatewayOps(fake, 'in', 6)).toBe(resumes + 1);
    expect(gatewayOps(fake, 'in', 2)).toBe(identifies);

    const after = await fake.slashCommand({ guildId: GUILD, channelId: NEWS, name: 'ping', options: [{ name: 'text', type: 3, value: 'after' }] });
    expect(JSON.parse((await fake.waitForInteractionResponse(after.id)).content)).toMatchObject({ text: 'after' });
  });

  it('handles invalid sessions: resumable → RESUME, not resumable → a new IDENTIFY', async () => {
    const resumes = gatewayOps(fake, 'in', 6);
    let readyBefore = fake.readyCount;
    const resumed = once(client, Events.ShardResume);
    fake.sendInvalidSession(true);
    await fake.waitForReady(5000, readyBefore);
    // The client must have handled RESUMED before the next fault, as it would have on real Discord.
    await resumed;
    expect(gatewayOps(fake, 'in', 6)).toBe(resumes + 1);

    const identifies = gatewayOps(fake, 'in', 2);
    readyBefore = fake.readyCount;
    fake.sendInvalidSession(false);
    await fake.waitForReady(5000, readyBefore);
    expect(gatewayOps(fake, 'in', 2)).toBe(identifies + 1);
    const { id } = await fake.slashCommand({ guildId: GUILD, channelId: NEWS, name: 'ping', options: [{ name: 'text', type: 3, value: 'new session' }] });
    expect(JSON.parse((await fake.waitForInteractionResponse(id)).content)).toMatchObject({ text: 'new session' });
    expect(gatewayOps(fake, 'out', 11)).toBeGreaterThan(0);
  });

  it('fails an interaction acknowledged after the deadline with 10062', async () => {
    const { id } = await fake.slashCommand({ guildId: GUILD, channelId: NEWS, name: 'late' });
    const callback = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`), ACK_DEADLINE_MS + 1000);
    expect(callback.status).toBe(404);
    await expect(fake.waitForInteractionResponse(id, 50)).rejects.toThrow(/404 .*10062/);
    await expect.poll(() => late[0]).toMatchObject({ code: RESTJSONErrorCodes.UnknownInteraction });
  });
});

describe('fake Discord shutdown', () => {
  const NETWORK = ['TCPServerWrap', 'TCPSocketWrap'];
  const active = (kind: string) => process.getActiveResourcesInfo().filter((k) => k === kind).length;

  /** Closed handles leave the list a few ticks after close() resolves. */
  async function networkSettled(): Promise<void> {
    for (let i = 0; i < 100 && NETWORK.some((kind) => active(kind) > 0); i++) await sleep(5);
  }

  it('leaves no sockets, servers or timers once the client is destroyed and the fake closed', async () => {
    await networkSettled();
    const timersBefore = active('Timeout');
    const fake = await startFakeDiscord({ guilds: [{ id: GUILD, channels: [{ id: NEWS, name: 'news' }] }], heartbeatIntervalMs: 200 });
    const client = await startClient(fake);
    const { id } = await fake.slashCommand({ guildId: GUILD, channelId: NEWS, name: 'ping' });
    await fake.waitForInteractionResponse(id);
    expect(active('TCPServerWrap')).toBe(1);

    await client.destroy();
    await fake.close();
    await networkSettled();
    expect(NETWORK.map(active)).toEqual([0, 0]);
    expect(active('Timeout')).toBeLessThanOrEqual(timersBefore);
  });
});

describe('fake Discord sharded gateway', () => {
  const COUNT = 2;
  const SHARD0_A = guildIdOnShard(0, COUNT);
  const SHARD0_B = guildIdOnShard(0, COUNT);
  const SHARD1 = guildIdOnShard(1, COUNT);
  const channelOf = (guildId: string) => (BigInt(guildId) + 1n).toString();

  interface ShardClient {
    client: Client;
    /** Guild ids of the interactions this client received. */
    received: string[];
    /** READY packets' `shard` field, as sent. */
    readyShards: unknown[];
    /** Close codes of ShardDisconnect (a close discord.js does not recover from). */
    disconnects: number[];
  }

  let fake: FakeDiscord;
  const clients: Client[] = [];
  const logged: string[] = [];

  function shardClient(shards: number[], shardCount: number): ShardClient {
    const client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: fake.apiUrl },
      shards,
      shardCount,
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: () => Promise.resolve() }) },
    });
    clients.push(client);
    const sc: ShardClient = { client, received: [], readyShards: [], disconnects: [] };
    client.on(Events.Raw, (packet: { t?: string; d?: { shard?: unknown } }) => {
      if (packet.t === 'READY') sc.readyShards.push(packet.d?.shard);
    });
    client.on(Events.ShardDisconnect, (event) => sc.disconnects.push(event.code));
    client.on(Events.ShardError, () => undefined);
    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      sc.received.push(interaction.guildId ?? '');
      void interaction.reply(`shard ${interaction.guild?.shardId ?? -1} of client ${shards.join(',')}/${shardCount}`);
    });
    return sc;
  }

  async function login(shards: number[], shardCount: number): Promise<ShardClient> {
    const sc = shardClient(shards, shardCount);
    const ready = once(sc.client, Events.ClientReady);
    await sc.client.login(TOKEN);
    await ready;
    return sc;
  }

  /** A client whose IDENTIFY the fake refuses: resolves with the close code once discord.js gives the shard up. */
  async function refused(shards: number[], shardCount: number): Promise<number> {
    const sc = shardClient(shards, shardCount);
    const disconnected = once(sc.client, Events.ShardDisconnect) as Promise<[{ code: number }]>;
    const loggingIn = sc.client.login(TOKEN).catch((error: unknown) => error);
    const [event] = await disconnected;
    await loggingIn;
    await sc.client.destroy();
    return event.code;
  }

  const ping = (guildId: string) => fake.slashCommand({ guildId, channelId: channelOf(guildId), name: 'ping' });

  beforeAll(async () => {
    fake = await startFakeDiscord({
      requireToken: TOKEN,
      recommendedShards: COUNT,
      log: (line) => logged.push(line),
      guilds: [SHARD0_A, SHARD0_B, SHARD1].map((id) => ({ id, channels: [{ id: channelOf(id), name: 'news' }] })),
    });
  });

  afterAll(async () => {
    for (const client of clients) await client.destroy();
    await fake.close();
  });

  let first: ShardClient;
  let second: ShardClient;

  it('makes guild ids on a chosen shard', () => {
    expect([SHARD0_A, SHARD0_B, SHARD1].map((id) => shardOfGuild(id, COUNT))).toEqual([0, 0, 1]);
    expect(new Set([SHARD0_A, SHARD0_B, SHARD1]).size).toBe(3);
    for (const id of [SHARD0_A, SHARD1]) expect(id).toMatch(/^\d{17,19}$/);
    expect(shardOfGuild(guildIdOnShard(4, 7), 7)).toBe(4);
  });

  it('opens one session per shard; READY and GUILD_CREATE carry only the guilds of that shard', async () => {
    first = await login([0], COUNT);
    second = await login([1], COUNT);
    expect(fake.liveShards()).toEqual([0, 1]);
    expect(fake.shardSessions().map((s) => [s.shard, s.count, s.connected, s.ready])).toEqual([
      [0, COUNT, true, true],
      [1, COUNT, true, true],
    ]);
    expect(first.readyShards).toEqual([[0, COUNT]]);
    expect(second.readyShards).toEqual([[1, COUNT]]);
    expect([...first.client.guilds.cache.keys()].sort()).toEqual([SHARD0_A, SHARD0_B].sort());
    expect([...second.client.guilds.cache.keys()]).toEqual([SHARD1]);
    expect(first.client.guilds.cache.get(SHARD0_A)?.shardId).toBe(0);
    expect(second.client.guilds.cache.get(SHARD1)?.shardId).toBe(1);

    const gatewayBot = fake.requests.filter((r) => r.path === '/gateway/bot').map((r) => r.responseBody as { shards: number; session_start_limit: { remaining: number } });
    expect(gatewayBot.map((b) => b.shards)).toEqual([COUNT, COUNT]);
    // The second process asked after the first one's IDENTIFY had used a session start.
    expect(gatewayBot[1]?.session_start_limit.remaining).toBe((gatewayBot[0]?.session_start_limit.remaining ?? 0) - 1);
  });

  it("dispatches an interaction only to the session of its guild's shard", async () => {
    const onShard1 = await ping(SHARD1);
    expect((await fake.waitForInteractionResponse(onShard1.id)).content).toBe(`shard 1 of client 1/${COUNT}`);
    const onShard0 = await ping(SHARD0_B);
    expect((await fake.waitForInteractionResponse(onShard0.id)).content).toBe(`shard 0 of client 0/${COUNT}`);
    expect(second.received).toEqual([SHARD1]);
    expect(first.received).toEqual([SHARD0_B]);
    expect(fake.undelivered).toEqual([]);
  });

  it("lets a newer IDENTIFY for a shard replace that shard's session, and only that one", async () => {
    const [before0, before1] = fake.shardSessions();
    const third = await login([1], COUNT);
    await expect.poll(() => second.disconnects).toEqual([4010]);
    const [after0, after1] = fake.shardSessions();
    expect(fake.liveShards()).toEqual([0, 1]);
    expect(after0?.sessionId).toBe(before0?.sessionId);
    expect(after1?.sessionId).not.toBe(before1?.sessionId);
    expect(first.disconnects).toEqual([]);

    const { id } = await ping(SHARD1);
    expect((await fake.waitForInteractionResponse(id)).content).toBe(`shard 1 of client 1/${COUNT}`);
    expect(third.received).toEqual([SHARD1]);
    expect(second.received).toEqual([SHARD1]);
    const onShard0 = await ping(SHARD0_A);
    await fake.waitForInteractionResponse(onShard0.id);
    expect(first.received).toEqual([SHARD0_B, SHARD0_A]);

    // The process running shard 1 stops: its session ends (close 1000), and shard 1's guilds get nothing.
    await third.client.destroy();
    await expect.poll(() => fake.liveShards()).toEqual([0]);
    const lost = await ping(SHARD1);
    await expect(fake.waitForInteractionResponse(lost.id)).rejects.toThrow(/not delivered: its shard 1\/2 had no live session/);
    expect(fake.undelivered).toMatchObject([{ t: 'INTERACTION_CREATE', guildId: SHARD1, shard: 1, count: COUNT }]);
    expect([first, second, third].map((c) => c.received.filter((g) => g === SHARD1).length)).toEqual([0, 1, 1]);
    const still = await ping(SHARD0_A);
    expect((await fake.waitForInteractionResponse(still.id)).content).toBe(`shard 0 of client 0/${COUNT}`);
  });

  it('refuses an invalid shard with 4010, leaving the live sessions alone', async () => {
    expect(await refused([2], COUNT)).toBe(4010);
    expect(await refused([1], 3)).toBe(4010);
    expect(logged.filter((line) => line.includes('→ 4010'))).toHaveLength(2);
    expect(fake.liveShards()).toEqual([0]);
    const { id } = await ping(SHARD0_B);
    expect((await fake.waitForInteractionResponse(id)).content).toBe(`shard 0 of client 0/${COUNT}`);
  });

  it('requires sharding (4011) when one session would hold more guilds than allowed', async () => {
    const crowded = await startFakeDiscord({
      maxGuildsPerShard: 2,
      log: () => undefined,
      guilds: [SHARD0_A, SHARD0_B, SHARD1].map((id) => ({ id, channels: [] })),
    });
    try {
      const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: crowded.apiUrl } });
      client.on(Events.ShardError, () => undefined);
      const disconnected = once(client, Events.ShardDisconnect) as Promise<[{ code: number }]>;
      const loggingIn = client.login(TOKEN).catch((error: unknown) => error);
      expect((await disconnected)[0].code).toBe(4011);
      await loggingIn;
      await client.destroy();
      expect(crowded.liveShards()).toEqual([]);
    } finally {
      await crowded.close();
    }
  });
});

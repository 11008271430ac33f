// The discord.js client: Guilds intent only, REST pointed where config says, interactions routed to commands/.
import { Client, Events, GatewayIntentBits, MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js';
import { createHash } from 'node:crypto';
import type { Logger } from '../log.js';
import type { SahelService } from '../app/service.js';
import { UserError } from '../app/service.js';
import type { CommandContext, SlashCommand } from './command.js';
import { langOf, t } from '../i18n.js';
import { neutraliseMessage } from './sanitize.js';
import { replyEphemeral, replyError } from './reply.js';

/**
 * The client; with `shards`, this process runs only those shard ids of `count` (several processes share one token,
 * each IDENTIFYing its own shards; Discord sends each guild's events to the shard (guild_id >> 22) % count).
 */
export function createClient(apiUrl: string, shards?: { ids: number[]; count: number } | null): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: apiUrl },
    ...(shards ? { shards: shards.ids, shardCount: shards.count } : {}),
    // Nothing the bot posts may ping anyone unless a message says so explicitly.
    allowedMentions: { parse: [] },
  });
}

/** Runs `listener` once, when the client has logged in (so the composition root needs no discord.js import). */
export function onceReady(client: Client, listener: (ready: Client<true>) => void): void {
  client.once(Events.ClientReady, listener);
}

/** Interactions must be answered within 3 s: a handler still busy after this long is deferred for it. */
const AUTO_DEFER_MS = 2_000;

export interface InteractionRouterDeps {
  commands: Map<string, SlashCommand>;
  service: SahelService;
  log: Logger;
}

export function routeInteractions(client: Client, deps: InteractionRouterDeps): void {
  client.on(Events.InteractionCreate, (interaction) => {
    void handleInteraction(deps, interaction);
  });
}

export async function handleInteraction(deps: InteractionRouterDeps, interaction: Interaction): Promise<void> {
  const ctx: CommandContext = { service: deps.service, log: deps.log, lang: langOf(interaction.locale) };
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    if (interaction.isAutocomplete()) {
      const command = deps.commands.get(interaction.commandName);
      await command?.autocomplete?.(ctx, interaction);
      return;
    }
    if (interaction.isChatInputCommand()) {
      const command = deps.commands.get(interaction.commandName);
      if (!command) {
        await replyEphemeral(interaction, { content: t(ctx.lang, 'unknownCommand', { name: interaction.commandName }) });
        return;
      }
      timer = autoDefer(interaction);
      await command.execute(ctx, interaction);
    } else if (interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) {
      const prefix = interaction.customId.split(':')[0] ?? '';
      const handler = [...deps.commands.values()].find((c) => c.components?.[prefix])?.components?.[prefix];
      if (!handler) {
        await replyEphemeral(interaction, { content: t(ctx.lang, 'buttonUnsupported') });
        return;
      }
      timer = autoDefer(interaction, true);
      await handler(ctx, interaction);
    }
  } catch (err) {
    if (interaction.isRepliable()) await replyFailure(ctx, deps.log, interaction, err);
    else deps.log.error({ err, interaction: interaction.id }, 'interaction handler failed');
  } finally {
    if (timer) clearTimeout(timer);
    deps.log.debug({ interaction: interaction.id, type: interaction.type, ms: Date.now() - started }, 'interaction handled');
  }
}

function autoDefer(interaction: RepliableInteraction, ephemeral = false): NodeJS.Timeout {
  return setTimeout(() => {
    if (!interaction.deferred && !interaction.replied) void interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {}).catch(() => undefined);
  }, AUTO_DEFER_MS);
}

/** A user sees one actionable line (through reply.ts replyError), never a stack trace; unexpected errors are logged once. */
async function replyFailure(ctx: CommandContext, log: Logger, interaction: RepliableInteraction, err: unknown): Promise<void> {
  const expected = err instanceof UserError;
  if (!expected) log.error({ err, interaction: interaction.id }, 'interaction handler failed');
  // An error line can carry a server's text (a redirect target, a feed's words) and where a name resolved:
  // the member gets it neutralised and without addresses, the log keeps the whole line.
  const line = expected ? neutraliseMessage(err.in(ctx.lang)) : t(ctx.lang, 'internalError');
  if (expected && line !== err.in(ctx.lang)) log.info({ interaction: interaction.id, error: err.message }, 'request refused');
  try {
    await replyError(interaction, line);
  } catch (replyErr) {
    log.warn({ err: replyErr, interaction: interaction.id }, 'could not tell the user about an error');
  }
}

/** A hash of the command definitions: commands are re-registered only when it changes. */
export function commandsHash(commands: Map<string, SlashCommand>): string {
  const json = JSON.stringify([...commands.values()].map((c) => c.data.toJSON()));
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

export async function deployCommands(client: Client<true>, commands: Map<string, SlashCommand>, guildId: string | null): Promise<number> {
  const body = [...commands.values()].map((c) => c.data.toJSON());
  if (guildId) await client.application.commands.set(body, guildId);
  else await client.application.commands.set(body);
  return body.length;
}

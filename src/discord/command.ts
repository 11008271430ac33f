// The shape of a slash command module in commands/, and what a command may use.
import type { AutocompleteInteraction, ChatInputCommandInteraction, Interaction, RESTPostAPIChatInputApplicationCommandsJSONBody, SlashCommandSubcommandBuilder, SlashCommandSubcommandGroupBuilder } from 'discord.js';
import type { Logger } from '../log.js';
import type { SahelService } from '../app/service.js';
import type { Lang } from '../i18n.js';

export interface CommandContext {
  service: SahelService;
  log: Logger;
  /** The member's language (from interaction.locale). */
  lang: Lang;
}

export interface SlashCommand {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void>;
  autocomplete?(ctx: CommandContext, interaction: AutocompleteInteraction): Promise<void>;
  /** Handlers for buttons and menus this command posts, keyed by the custom_id prefix before the first ':'. */
  components?: Record<string, ComponentHandler>;
}

export type ComponentHandler = (ctx: CommandContext, interaction: Interaction) => Promise<void>;

/** One subcommand, declared once: its definition, its handler, and whether it changes what the server receives. */
export interface Subcommand {
  define(s: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder;
  /** Manage Server, checked at execution (Discord can't restrict one subcommand by permission). */
  manageServer: boolean;
  execute(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void>;
}

/** A subcommand group: its own name and descriptions, and its subcommands in order. */
export interface SubcommandGroup {
  define(g: SlashCommandSubcommandGroupBuilder): SlashCommandSubcommandGroupBuilder;
  subcommands: Subcommand[];
}

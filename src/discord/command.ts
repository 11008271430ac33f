// The shape of a slash command module in commands/, and what a command may use.
import type { AutocompleteInteraction, ChatInputCommandInteraction, Interaction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
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

// Checks shared by /sahel subcommands. Errors are answered through src/discord/reply.ts replyError, the only way.
import { PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../../src/discord/command.js';
import { replyError } from '../../src/discord/reply.js';
import { t } from '../../src/i18n.js';

export { replyError };

/** Discord can't restrict one subcommand by permission, so changes are checked here, every time. */
export function requireManageServer(ctx: CommandContext, interaction: ChatInputCommandInteraction): boolean {
  if (!interaction.inGuild()) {
    void replyError(interaction, t(ctx.lang, 'guildOnly'));
    return false;
  }
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    void replyError(interaction, t(ctx.lang, 'needManageServer'));
    return false;
  }
  return true;
}

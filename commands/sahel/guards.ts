// Checks shared by /sahel subcommands, and the one way to answer with an error.
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction, type RepliableInteraction } from 'discord.js';
import type { CommandContext } from '../../src/discord/command.js';
import { t } from '../../src/i18n.js';

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

/** One ephemeral line, whether or not the interaction was already deferred. */
export async function replyError(interaction: RepliableInteraction, message: string): Promise<void> {
  const content = `❌ ${message}`.slice(0, 2000);
  if (interaction.deferred || interaction.replied) await interaction.editReply({ content, embeds: [], components: [] });
  else await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

// /sahel help: what the bot does and every command, in the member's language.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { BRAND_COLOUR } from '../../src/discord/embeds.js';
import type { CommandContext } from '../../src/discord/command.js';
import { t } from '../../src/i18n.js';

export async function help(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  await interaction.reply({ embeds: [{ title: 'Sahel Watch', description: t(ctx.lang, 'help'), color: BRAND_COLOUR }], flags: MessageFlags.Ephemeral });
}

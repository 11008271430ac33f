// /sahel help: what the bot does and every command, in the member's language.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { BRAND_COLOUR } from '../../src/discord/embeds.js';
import type { CommandContext, Subcommand } from '../../src/discord/command.js';
import { t } from '../../src/i18n.js';

export async function help(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  await interaction.reply({ embeds: [{ title: 'Sahel Watch', description: t(ctx.lang, 'help'), color: BRAND_COLOUR }], flags: MessageFlags.Ephemeral });
}

export const helpCommand: Subcommand = {
  manageServer: false,
  execute: help,
  define: (s) =>
    s.setName('help').setDescription('What Sahel Watch does and how to use it').setDescriptionLocalizations({ fr: 'Ce que fait Sahel Watch et comment l’utiliser' }).setNameLocalizations({ fr: 'aide' }),
};

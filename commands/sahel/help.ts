// /sahel help: what the bot does and every command, in the member's language.
import type { ChatInputCommandInteraction } from 'discord.js';
import { replyEphemeral } from '../../src/discord/reply.js';
import type { CommandContext, Subcommand } from '../../src/discord/command.js';
import { t } from '../../src/i18n.js';

export async function help(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  await replyEphemeral(interaction, { embeds: [{ title: 'Sahel Watch', description: t(ctx.lang, 'help') }] });
}

export const helpCommand: Subcommand = {
  manageServer: false,
  execute: help,
  define: (s) =>
    s.setName('help').setDescription('What Sahel Watch does and how to use it').setDescriptionLocalizations({ fr: 'Ce que fait Sahel Watch et comment l’utiliser' }).setNameLocalizations({ fr: 'aide' }),
};

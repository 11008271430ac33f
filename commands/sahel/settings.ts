// /sahel settings language: the language of posts and digests in this server.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../../src/discord/command.js';

export async function settingsLanguage(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const lang = interaction.options.getString('language', true) === 'fr' ? 'fr' : 'en';
  ctx.service.setLanguage(interaction.guildId, lang);
  await interaction.reply({
    content: lang === 'fr' ? '✅ Les publications et résumés de ce serveur seront en français.' : '✅ Posts and digests in this server will be in English.',
    flags: MessageFlags.Ephemeral,
  });
}

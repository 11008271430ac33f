// /sahel settings language: the language of posts and digests in this server.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../../src/discord/command.js';
import { t } from '../../src/i18n.js';

export async function settingsLanguage(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const lang = interaction.options.getString('language', true) === 'fr' ? 'fr' : 'en';
  ctx.service.setLanguage(interaction.guildId, lang);
  await interaction.reply({
    // Said in the language just chosen: the confirmation is also a sample of it.
    content: t(lang, 'languageSet'),
    flags: MessageFlags.Ephemeral,
  });
}

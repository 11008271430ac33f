// /sahel settings language: the language of posts and digests in this server.
import type { ChatInputCommandInteraction } from 'discord.js';
import { replyEphemeral, replyError } from '../../src/discord/reply.js';
import type { CommandContext, Subcommand, SubcommandGroup } from '../../src/discord/command.js';
import { LANGUAGES, isLang, t } from '../../src/i18n.js';

export async function settingsLanguage(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (!interaction.inGuild()) return;
  const lang = interaction.options.getString('language', true);
  // The choices are LANGUAGES; anything else is a stale command registration, said so rather than guessed.
  if (!isLang(lang)) return replyError(interaction, t(ctx.lang, 'unknownLanguage', { value: lang, list: LANGUAGES.join(', ') }));
  await ctx.service.setLanguage(interaction.guildId, lang);
  // Said in the language just chosen: the confirmation is also a sample of it.
  await replyEphemeral(interaction, { content: t(lang, 'languageSet') });
}

export const settingsLanguageCommand: Subcommand = {
  manageServer: true,
  execute: settingsLanguage,
  define: (s) =>
        s.setName('language').setDescription('Language of posts and digests here (Manage Server)').setDescriptionLocalizations({ fr: 'Langue des publications et résumés (Gérer le serveur)' }).setNameLocalizations({ fr: 'langue' })
          .addStringOption((o) => o.setName('language').setDescription('English or French').setDescriptionLocalizations({ fr: 'Anglais ou français' }).setNameLocalizations({ fr: 'langue' }).setRequired(true)
            .addChoices({ name: 'English', value: 'en', name_localizations: { fr: 'Anglais' } }, { name: 'Français', value: 'fr', name_localizations: { fr: 'Français' } })),
};

export const settingsGroup: SubcommandGroup = {
  define: (g) =>
    g
      .setName('settings')
      .setDescription('Server settings')
      .setDescriptionLocalizations({ fr: 'Réglages du serveur' })
      .setNameLocalizations({ fr: 'reglages' }),
  subcommands: [settingsLanguageCommand],
};

// /sahel summary <url>: summarise any article on demand (deferred: fetching a page can take seconds).
import type { ChatInputCommandInteraction } from 'discord.js';
import { deferPublic, replyPublic } from '../../src/discord/reply.js';
import type { CommandContext, Subcommand } from '../../src/discord/command.js';
import { neutralise, safeUrl } from '../../src/discord/sanitize.js';
import { t } from '../../src/i18n.js';

export async function summary(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const url = interaction.options.getString('url', true);
  await deferPublic(interaction);
  const r = await ctx.service.summariseUrl(url, interaction.user.id);
  const link = safeUrl(r.url);
  await replyPublic(interaction, {
    embeds: [{
      title: neutralise(r.title ?? r.url),
      ...(link ? { url: link } : {}),
      description: neutralise(r.summary),
      footer: { text: t(ctx.lang, 'summaryFooter') },
    }],
  });
}

export const summaryCommand: Subcommand = {
  manageServer: false,
  execute: summary,
  define: (s) =>
    s
      .setName('summary')
      .setDescription('Summarise any article from its URL')
      .setDescriptionLocalizations({ fr: 'Résumer un article à partir de son URL' })
      .setNameLocalizations({ fr: 'resume' })
      .addStringOption((o) => o.setName('url').setDescription('Article URL (https://…)').setDescriptionLocalizations({ fr: 'URL de l’article (https://…)' }).setNameLocalizations({ fr: 'url' }).setRequired(true).setMaxLength(2048)),
};

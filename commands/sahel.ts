// /sahel — every Sahel Watch task, as subcommands. Each subcommand is declared once, in commands/sahel/: its
// definition, its handler and whether it needs Manage Server; this file only assembles them in the order shown.
import { SlashCommandBuilder, SlashCommandSubcommandBuilder, SlashCommandSubcommandGroupBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext, Subcommand, SubcommandGroup } from '../src/discord/command.js';
import { subscribeCommand, unsubscribeCommand, subscriptionsCommand, digestGroup } from './sahel/subscriptions.js';
import { latestCommand, searchCommand, storyCommand, whyCommand, topicsCommand } from './sahel/reading.js';
import { summaryCommand } from './sahel/summary.js';
import { settingsGroup } from './sahel/settings.js';
import { helpCommand } from './sahel/help.js';
import { storyButton } from './sahel/buttons.js';
import { feedsGroup } from './sahel/feeds.js';
import { statusCommand } from './sahel/status.js';
import { autocompleteTopics } from './sahel/autocomplete.js';
import { requireManageServer } from './sahel/guards.js';
import { replyEphemeral } from '../src/discord/reply.js';
import { t } from '../src/i18n.js';

/** The subcommands and groups, in the order Discord shows them. */
const PARTS: (Subcommand | SubcommandGroup)[] = [
  subscribeCommand, unsubscribeCommand, subscriptionsCommand, latestCommand, feedsGroup, searchCommand, storyCommand,
  summaryCommand, whyCommand, topicsCommand, settingsGroup, digestGroup, helpCommand, statusCommand,
];

export const data = new SlashCommandBuilder()
  .setName('sahel')
  .setDescription('Sahel news: subscribe channels, read the latest stories, manage feeds')
  .setDescriptionLocalizations({ fr: 'Actualité du Sahel : abonner des salons, lire les dernières histoires, gérer les flux' })
  .setContexts(0);

/** Handlers by "subcommand" or "group subcommand", the names taken from the definitions themselves. */
export const SUBCOMMANDS = new Map<string, Subcommand>();

for (const part of PARTS) {
  if ('subcommands' in part) {
    const group = part.define(new SlashCommandSubcommandGroupBuilder());
    for (const sub of part.subcommands) {
      const built = sub.define(new SlashCommandSubcommandBuilder());
      group.addSubcommand(built);
      SUBCOMMANDS.set(`${group.name} ${built.name}`, sub);
    }
    data.addSubcommandGroup(group);
  } else {
    const built = part.define(new SlashCommandSubcommandBuilder());
    data.addSubcommand(built);
    SUBCOMMANDS.set(built.name, part);
  }
}

export async function execute(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const group = interaction.options.getSubcommandGroup(false);
  const name = interaction.options.getSubcommand(true);
  const key = group ? `${group} ${name}` : name;
  const sub = SUBCOMMANDS.get(key);
  if (!sub) return replyEphemeral(interaction, { content: t(ctx.lang, 'unknownSubcommand', { name: key }) });
  if (sub.manageServer && !requireManageServer(ctx, interaction)) return;
  return sub.execute(ctx, interaction);
}

/** Button handlers by custom_id prefix. */
export const components = { story: storyButton };

export async function autocomplete(ctx: CommandContext, interaction: AutocompleteInteraction): Promise<void> {
  await autocompleteTopics(ctx, interaction);
}

// /sahel latest: the newest stories, filtered by country or theme.
import type { ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../../src/discord/command.js';
import { resolveCountries, resolveThemes } from '../../src/app/topic-options.js';
import { neutralise, safeUrl, truncate } from '../../src/discord/sanitize.js';
import { topicLabels } from '../../src/discord/topic-labels.js';
import type { Story } from '../../src/store/index.js';
import { replyError } from './guards.js';

export async function latest(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const count = interaction.options.getInteger('count') ?? 5;
  if (count < 1 || count > 10) return replyError(interaction, 'count must be between 1 and 10.');
  const countries = resolveCountries(interaction.options.getString('country'));
  const themes = resolveThemes(interaction.options.getString('theme'));
  const stories = ctx.service.latest({ countries, themes }, count);
  if (stories.length === 0) {
    await interaction.reply({ content: 'No Sahel stories stored yet for that choice. Feeds are polled every few minutes; try again later.', flags: 64 });
    return;
  }
  await interaction.reply({
    embeds: [{ title: ctx.lang === 'fr' ? 'Dernières histoires du Sahel' : 'Latest Sahel stories', description: truncate(stories.map((s) => storyLine(s, ctx.lang)).join('\n\n'), 4096), color: 0xd4a017 }],
    allowedMentions: { parse: [] },
  });
}

export function storyLine(s: Story, lang: 'en' | 'fr'): string {
  const labels = topicLabels(lang);
  const title = neutralise(truncate(s.title, 200));
  const link = safeUrl(s.link);
  const head = link ? `**[${title}](${link})**` : `**${title}**`;
  const meta = [s.countries.map(labels.country).join(' '), `<t:${Math.floor(s.firstSeenAt / 1000)}:R>`, s.sourceCount > 1 ? `${s.sourceCount} sources` : null, `#${s.id}`].filter(Boolean).join(' · ');
  return `${head}\n${meta}`;
}

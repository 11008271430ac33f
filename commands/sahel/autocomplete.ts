// Autocomplete for /sahel options that take a country, a theme, a feed, a time zone or a story.
import type { AutocompleteInteraction } from 'discord.js';
import type { CommandContext } from '../../src/discord/command.js';
import { suggest } from '../../src/app/topic-options.js';

export async function autocompleteTopics(ctx: CommandContext, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value ?? '').slice(0, 100);
  const topics = ctx.service.topics();
  if (focused.name === 'id' || focused.name === 'item') {
    // Story numbers: the newest stories whose number or title matches what is typed.
    const q = typed.toLowerCase().replace(/^#/, '');
    if (!interaction.inGuild()) return interaction.respond([]);
    const stories = (await ctx.service.latest(interaction.guildId, {}, 200)).filter((s) => !q || String(s.id).startsWith(q) || s.title.toLowerCase().includes(q)).slice(0, 25);
    // `why item` is a string option ("12" or "item:34"); `story id` an integer.
    const value = (id: number) => (focused.name === 'item' ? String(id) : id);
    await interaction.respond(stories.map((s) => ({ name: `#${s.id} · ${s.title}`.slice(0, 100), value: value(s.id) })));
    return;
  }
  let choices: { name: string; value: string }[] = [];
  if (focused.name === 'timezone') {
    const q = typed.toLowerCase();
    const zones = Intl.supportedValuesOf('timeZone');
    const preferred = ['Africa/Bamako', 'Africa/Ouagadougou', 'Africa/Niamey', 'Africa/Ndjamena', 'Africa/Nouakchott', 'Africa/Dakar', 'Europe/Paris', 'UTC'];
    const list = q ? zones.filter((z) => z.toLowerCase().includes(q)) : preferred;
    await interaction.respond(list.slice(0, 25).map((z) => ({ name: z, value: z })));
    return;
  }
  if (focused.name === 'countries' || focused.name === 'country') choices = suggest(topics.countries, typed, ctx.lang);
  else if (focused.name === 'themes' || focused.name === 'theme') choices = suggest(topics.themes, typed, ctx.lang);
  else if (focused.name === 'feed' && interaction.inGuild()) {
    const q = typed.toLowerCase();
    choices = (await ctx.service.feeds(interaction.guildId))
      .filter((f) => !q || f.url.toLowerCase().includes(q) || (f.title ?? '').toLowerCase().includes(q))
      .slice(0, 25)
      .map((f) => ({ name: `${f.id} · ${f.title ?? f.url}`.slice(0, 100), value: String(f.id) }));
  }
  await interaction.respond(choices.slice(0, 25));
}

// The buttons under each post: Summary, Sources, Why. custom_id = "story:<action>:<storyId>", so a click
// works the same after a restart.
import type { Interaction } from 'discord.js';
import { replyEphemeral } from '../../src/discord/reply.js';
import type { ApiEmbed } from '../../src/discord/embeds.js';
import type { CommandContext } from '../../src/discord/command.js';
import { UserError } from '../../src/app/service.js';
import { neutralise, safeUrl } from '../../src/discord/sanitize.js';
import { storySourcesEmbed, whyEmbed } from './reading.js';

export async function storyButton(ctx: CommandContext, interaction: Interaction): Promise<void> {
  if (!interaction.isButton()) return;
  const [, action, rawId] = interaction.customId.split(':');
  const id = Number(rawId);
  if (!Number.isSafeInteger(id) || id <= 0) throw UserError.of('buttonBroken');
  // Posts are only ever in servers; what a click shows is what this server's feeds brought.
  const guildId = interaction.guildId;
  if (!guildId) throw UserError.of('guildOnly');
  const reply = (embed: ApiEmbed) => replyEphemeral(interaction, { embeds: [embed] });
  switch (action) {
    case 'summary': {
      const { story, summary } = await ctx.service.longSummary(guildId, id);
      const url = safeUrl(story.link);
      return reply({ title: neutralise(story.title), ...(url ? { url } : {}), description: neutralise(summary) });
    }
    case 'sources': {
      const found = await ctx.service.story(guildId, id);
      if (!found) throw UserError.of('noStory', { id });
      return reply(storySourcesEmbed(found.story, found.sources, ctx.lang));
    }
    case 'why': {
      const { item, match } = await ctx.service.why(guildId, { storyId: id });
      return reply(whyEmbed(item, match, ctx.lang));
    }
    default:
      throw UserError.of('buttonUnsupported');
  }
}

// /sahel status: poll health, last cycle, counts, failing feeds.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../../src/discord/command.js';
import { truncate } from '../../src/discord/sanitize.js';
import { feedLine } from './feeds.js';

export async function status(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const s = ctx.service.status(interaction.inGuild() ? interaction.guildId : null);
  const cycle = s.lastCycle
    ? `last cycle <t:${Math.floor(s.lastCycle.finishedAt / 1000)}:R>: ${s.lastCycle.polled} feeds polled in ${s.lastCycle.finishedAt - s.lastCycle.startedAt} ms, ${s.lastCycle.failed} failed`
    : 'no poll cycle has finished since the bot started';
  const lines = [
    `**Feeds:** ${s.feeds.total} (${s.feeds.healthy} healthy, ${s.feeds.failing.length} failing, ${s.feeds.paused.length} paused)`,
    `**Polling:** ${cycle}`,
    `**Stored:** ${s.items} items in ${s.stories} stories`,
    `**Deliveries:** ${s.sentDeliveries} posted, ${s.pendingDeliveries} waiting`,
    `**Subscriptions here:** ${s.subscriptions.length}${s.subscriptions.some((x) => x.status === 'broken') ? ' (some stopped: see /sahel subscriptions)' : ''}`,
  ];
  const trouble = [...s.feeds.paused, ...s.feeds.failing].slice(0, 10).map(feedLine);
  if (trouble.length) lines.push('', '**Feeds needing attention:**', ...trouble);
  await interaction.reply({ embeds: [{ title: 'Sahel Watch status', description: truncate(lines.join('\n'), 4096), color: 0xd4a017 }], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

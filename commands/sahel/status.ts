// /sahel status: poll health, last cycle, counts, failing feeds.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../../src/discord/command.js';
import { truncate } from '../../src/discord/sanitize.js';
import { feedLine } from './feeds.js';
import { t } from '../../src/i18n.js';

export async function status(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const lang = ctx.lang;
  const s = ctx.service.status(interaction.inGuild() ? interaction.guildId : null);
  const cycle = s.lastCycle
    ? t(lang, 'statusLastCycle', { when: `<t:${Math.floor(s.lastCycle.finishedAt / 1000)}:R>`, polled: s.lastCycle.polled, ms: s.lastCycle.finishedAt - s.lastCycle.startedAt, failed: s.lastCycle.failed })
    : t(lang, 'statusNoCycle');
  const lines = [
    t(lang, 'statusFeeds', { total: s.feeds.total, healthy: s.feeds.healthy, failing: s.feeds.failing.length, paused: s.feeds.paused.length }),
    t(lang, 'statusPolling', { cycle }),
    t(lang, 'statusStored', { items: s.items, stories: s.stories }),
    t(lang, 'statusDeliveries', { sent: s.sentDeliveries, pending: s.pendingDeliveries }),
    t(lang, 'statusSubscriptions', { n: s.subscriptions.length, broken: s.subscriptions.some((x) => x.status === 'broken') ? t(lang, 'statusSomeStopped') : '' }),
  ];
  const loop = s.eventLoopDelay;
  if (loop) lines.push(t(lang, 'statusEventLoop', { p99: loop.p99Ms, max: loop.maxMs, minutes: loop.windowMinutes }));
  const trouble = [...s.feeds.paused, ...s.feeds.failing].slice(0, 10).map((f) => feedLine(f, lang));
  if (trouble.length) lines.push('', t(lang, 'statusAttention'), ...trouble);
  await interaction.reply({ embeds: [{ title: t(lang, 'statusTitle'), description: truncate(lines.join('\n'), 4096), color: 0xd4a017 }], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

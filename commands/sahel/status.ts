// /sahel status: poll health, last cycle, counts, failing feeds.
import type { ChatInputCommandInteraction } from 'discord.js';
import { replyEphemeral } from '../../src/discord/reply.js';
import type { CommandContext, Subcommand } from '../../src/discord/command.js';
import { feedLine } from './feeds.js';
import { feedCount, itemCount, storyCount, t } from '../../src/i18n.js';

export async function status(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const lang = ctx.lang;
  const s = await ctx.service.status(interaction.inGuild() ? interaction.guildId : null);
  // The last poll interval, not the last tick: feeds are spread over the interval, so one tick polls few or none.
  const w = s.pollWindow;
  const next = s.nextPollAt === null ? '' : `; ${t(lang, 'statusNextPoll', { when: `<t:${Math.floor(s.nextPollAt / 1000)}:R>` })}`;
  const cycle = w
    ? t(lang, 'statusWindow', { minutes: w.minutes, feeds: feedCount(lang, w.polled), failed: w.failed, items: itemCount(lang, w.items), stories: storyCount(lang, w.stories) }) + next
    : t(lang, 'statusNoCycle') + next;
  const lines = [
    t(lang, 'statusFeeds', { total: s.feeds.total, healthy: s.feeds.healthy, failing: s.feeds.failing.length, paused: s.feeds.paused.length }),
    t(lang, 'statusPolling', { cycle }),
    t(lang, 'statusStored', { items: itemCount(lang, s.items), stories: storyCount(lang, s.stories) }),
    t(lang, 'statusDeliveries', { sent: s.sentDeliveries, pending: s.pendingDeliveries }),
    t(lang, 'statusSubscriptions', { n: s.subscriptions.length, broken: s.subscriptions.some((x) => x.status === 'broken') ? t(lang, 'statusSomeStopped') : '' }),
  ];
  if (s.processes) {
    const role = (held: boolean) => t(lang, held ? 'statusRoleActive' : 'statusRoleMissing');
    lines.push(t(lang, 'statusProcesses', { writer: role(s.processes.storyWriter), sender: role(s.processes.sender) }));
  }
  const loop = s.eventLoopDelay;
  if (loop) lines.push(t(lang, 'statusEventLoop', { p99: loop.p99Ms, max: loop.maxMs, minutes: loop.windowMinutes }));
  const trouble = [...s.feeds.paused, ...s.feeds.failing].slice(0, 10).map((f) => feedLine(f, lang));
  if (trouble.length) lines.push('', t(lang, 'statusAttention'), ...trouble);
  await replyEphemeral(interaction, { embeds: [{ title: t(lang, 'statusTitle'), description: lines.join('\n') }] });
}

export const statusCommand: Subcommand = {
  manageServer: false,
  execute: status,
  define: (s) =>
    s.setName('status').setDescription('Poll health, counts and failing feeds').setDescriptionLocalizations({ fr: 'État des relevés, compteurs et flux en échec' }).setNameLocalizations({ fr: 'etat' }),
};

// /sahel latest: the newest stories, filtered by country or theme.
import type { ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../../src/discord/command.js';
import { resolveCountries, resolveThemes } from '../../src/app/topic-options.js';
import { neutralise, safeUrl, truncate } from '../../src/discord/sanitize.js';
import { topicLabels } from '../../src/discord/topic-labels.js';
import type { Story, StorySource, StoredItem } from '../../src/store/index.js';
import type { TopicMatch } from '../../src/topics/index.js';
import { UserError } from '../../src/app/service.js';
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

/** "7d", "24h", "2w" or an ISO date → epoch ms; null when absent. */
export function parseSince(text: string | null, now: number): number | null {
  if (!text?.trim()) return null;
  const rel = /^(\d{1,4})\s*([hdwm])$/i.exec(text.trim());
  if (rel) {
    const unit = { h: 3600_000, d: 86_400_000, w: 7 * 86_400_000, m: 30 * 86_400_000 }[rel[2]!.toLowerCase() as 'h' | 'd' | 'w' | 'm'];
    return now - Number(rel[1]) * unit;
  }
  const t = Date.parse(text.trim());
  if (Number.isNaN(t)) throw new UserError('since takes a duration like 24h, 7d, 2w or a date like 2024-06-01.');
  return t;
}

export async function search(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const query = interaction.options.getString('query', true);
  const since = parseSince(interaction.options.getString('since'), Date.now());
  const hits = ctx.service.search(query, { since: since ?? undefined, limit: 8 });
  if (hits.length === 0) {
    await interaction.reply({ content: `No stored item matches “${neutralise(truncate(query, 100))}”.`, flags: 64, allowedMentions: { parse: [] } });
    return;
  }
  const lines = hits.map((h) => {
    const link = safeUrl(h.item.link);
    const title = highlightSafe(h.titleHighlighted);
    const head = link ? `[${title}](${link})` : title;
    return `${head}\n${highlightSafe(h.snippet)}${h.item.storyId ? ` · #${h.item.storyId}` : ''}`;
  });
  await interaction.reply({
    embeds: [{ title: truncate(`${ctx.lang === 'fr' ? 'Recherche' : 'Search'}: ${neutralise(query)}`, 256), description: truncate(lines.join('\n\n'), 4096), color: 0xd4a017 }],
    allowedMentions: { parse: [] },
  });
}

/** Highlighted text from FTS (matches wrapped in **): neutralise everything, then restore our bold markers. */
function highlightSafe(text: string): string {
  return neutralise(truncate(text, 300)).replace(/\\\*\\\*/g, '**');
}

export async function story(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const id = interaction.options.getInteger('id', true);
  const found = ctx.service.story(id);
  if (!found) throw new UserError(`No story #${id}. Story numbers are shown under each post and in /sahel latest.`);
  await interaction.reply({ embeds: [storySourcesEmbed(found.story, found.sources, ctx.lang)], allowedMentions: { parse: [] } });
}

export function storySourcesEmbed(s: Story, sources: StorySource[], lang: 'en' | 'fr'): { title: string; url?: string; description: string; color: number } {
  const lines = sources.map((src, i) => {
    const when = `<t:${Math.floor((src.publishedAt ?? src.fetchedAt) / 1000)}:f>`;
    const link = safeUrl(src.link);
    const outlet = neutralise(src.outlet ?? src.feedUrl);
    const title = neutralise(truncate(src.title, 120));
    return `${i === 0 ? '🥇' : '•'} ${when} — **${outlet}**: ${link ? `[${title}](${link})` : title}`;
  });
  const head = lang === 'fr' ? `${sources.length} source(s), première le` : `${sources.length} source(s), first on`;
  const first = sources[0] ? `<t:${Math.floor((sources[0].publishedAt ?? sources[0].fetchedAt) / 1000)}:D>` : '';
  const url = safeUrl(s.link);
  return {
    title: truncate(`#${s.id} · ${neutralise(s.title)}`, 256),
    ...(url ? { url } : {}),
    description: truncate(`${head} ${first}\n\n${lines.join('\n')}`, 4096),
    color: 0xd4a017,
  };
}

export async function why(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const ref = interaction.options.getString('item', true).trim();
  const m = /^(item:|i)?#?(\d{1,12})$/i.exec(ref);
  if (!m) throw new UserError('Give a story number like 42 (shown under each post), or item:123 for a single item.');
  const id = Number(m[2]);
  const result = m[1] ? ctx.service.why({ itemId: id }) : ctx.service.why({ storyId: id });
  await interaction.reply({ embeds: [whyEmbed(result.item, result.match, ctx.lang)], flags: 64, allowedMentions: { parse: [] } });
}

export function whyEmbed(item: StoredItem, match: TopicMatch | null, lang: 'en' | 'fr'): { title: string; description: string; color: number } {
  const labels = topicLabels(lang);
  if (!match) return { title: truncate(neutralise(item.title), 256), description: lang === 'fr' ? 'Aucune analyse enregistrée pour cet élément.' : 'No topic analysis is stored for this item.', color: 0x95a5a6 };
  const verdict = match.relevant ? (lang === 'fr' ? '✅ Concerne le Sahel' : '✅ About the Sahel') : lang === 'fr' ? '❌ Ne concerne pas le Sahel' : '❌ Not about the Sahel';
  const kept = match.evidence.filter((e) => !e.cancelledBy);
  const cancelled = match.evidence.filter((e) => e.cancelledBy);
  const line = (e: TopicMatch['evidence'][number]) => `• “${neutralise(truncate(e.alias, 60))}” → ${neutralise(e.topic)} (${e.field === 'title' ? (lang === 'fr' ? 'titre' : 'title') : 'text'})${e.cancelledBy ? ` — ${lang === 'fr' ? 'annulé' : 'cancelled'}: ${neutralise(e.cancelledBy)}` : ''}`;
  const parts = [
    `${verdict} · score ${match.score.toFixed(2)}`,
    match.countries.length ? `${lang === 'fr' ? 'Pays' : 'Countries'}: ${match.countries.map(labels.country).join(', ')}` : '',
    match.themes.length ? `${lang === 'fr' ? 'Thèmes' : 'Themes'}: ${match.themes.map(labels.theme).join(', ')}` : '',
    kept.length ? `\n**${lang === 'fr' ? 'Correspondances' : 'Matched'}**\n${kept.slice(0, 15).map(line).join('\n')}` : '',
    cancelled.length ? `\n**${lang === 'fr' ? 'Écartées par le contexte' : 'Cancelled by context'}**\n${cancelled.slice(0, 10).map(line).join('\n')}` : '',
  ].filter(Boolean);
  return { title: truncate(neutralise(item.title), 256), description: truncate(parts.join('\n'), 4096), color: match.relevant ? 0x27ae60 : 0x95a5a6 };
}

export async function topics(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const t = ctx.service.topics();
  const name = (x: { id: string; en: string; fr: string; flag?: string }) => `${x.flag ? x.flag + ' ' : ''}${x[ctx.lang]} \`${x.id}\``;
  const fields = [
    { name: ctx.lang === 'fr' ? 'Pays (cœur)' : 'Countries (core)', value: t.countries.filter((c) => c.core).map(name).join('\n') },
    { name: ctx.lang === 'fr' ? 'Pays (élargi, sur demande)' : 'Countries (wider, opt-in)', value: t.countries.filter((c) => !c.core).map(name).join('\n') || '—' },
    { name: ctx.lang === 'fr' ? 'Thèmes' : 'Themes', value: t.themes.map(name).join('\n') },
    { name: ctx.lang === 'fr' ? 'Organisations' : 'Organisations', value: t.organisations.map((o) => o[ctx.lang]).join(', ') || '—' },
    { name: ctx.lang === 'fr' ? 'Acteurs' : 'Actors', value: t.actors.map((a) => a[ctx.lang]).join(', ') || '—' },
  ].map((f) => ({ name: f.name, value: truncate(f.value, 1024), inline: false }));
  await interaction.reply({ embeds: [{ title: ctx.lang === 'fr' ? 'Sujets suivis' : 'Topics Sahel Watch knows', color: 0xd4a017, fields }], flags: 64 });
}

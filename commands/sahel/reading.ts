// /sahel latest: the newest stories, filtered by country or theme.
import type { ChatInputCommandInteraction } from 'discord.js';
import { LIMITS, type ApiEmbed } from '../../src/discord/embeds.js';
import { embed, replyEphemeral, replyPublic } from '../../src/discord/reply.js';
import type { CommandContext, Subcommand } from '../../src/discord/command.js';
import { resolveCountries, resolveThemes } from '../../src/app/topic-options.js';
import { joinWithin, linkUrl, LIST_LINK_MAX, maskedLink, neutralise, safeUrl, truncate } from '../../src/discord/sanitize.js';
import { topicLabels } from '../../src/discord/topic-labels.js';
import type { Story, StoryJoin, StorySource, StoredItem } from '../../src/store/index.js';
import type { TopicMatch } from '../../src/topics/index.js';
import { UserError } from '../../src/app/service.js';
import { replyError } from './guards.js';
import { STRINGS, t, type Lang, type StringKey } from '../../src/i18n.js';

export async function latest(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const count = interaction.options.getInteger('count') ?? 5;
  if (count < 1 || count > 10) return replyError(interaction, t(ctx.lang, 'countRange'));
  const countries = resolveCountries(interaction.options.getString('country'));
  const themes = resolveThemes(interaction.options.getString('theme'));
  if (!interaction.inGuild()) return replyError(interaction, t(ctx.lang, 'guildOnly'));
  const stories = await ctx.service.latest(interaction.guildId, { countries, themes }, count);
  if (stories.length === 0) {
    return replyEphemeral(interaction, { content: t(ctx.lang, 'latestEmpty') });
  }
  await replyPublic(interaction, {
    embeds: [{ title: t(ctx.lang, 'latestTitle'), description: joinWithin(stories.map((s) => storyLine(s, ctx.lang)), LIMITS.description, '\n\n', (n) => t(ctx.lang, 'listMore', { n })) }],
  });
}

export function storyLine(s: Story, lang: Lang): string {
  const labels = topicLabels(lang);
  const head = `**${maskedLink(s.title, s.link, 200)}**`;
  const meta = [s.countries.map(labels.country).join(' '), `<t:${Math.floor((s.publishedAt ?? s.firstSeenAt) / 1000)}:R>`, s.sourceCount > 1 ? t(lang, 'sourceCount', { n: s.sourceCount }) : null, `#${s.id}`].filter(Boolean).join(' · ');
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
  const at = Date.parse(text.trim());
  if (Number.isNaN(at)) throw UserError.of('badSince');
  return at;
}

export async function search(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const query = interaction.options.getString('query', true);
  const since = parseSince(interaction.options.getString('since'), Date.now());
  if (!interaction.inGuild()) return replyError(interaction, t(ctx.lang, 'guildOnly'));
  const hits = await ctx.service.search(interaction.guildId, query, { since: since ?? undefined, limit: 8 });
  if (hits.length === 0) {
    return replyEphemeral(interaction, { content: t(ctx.lang, 'searchNoMatch', { query: neutralise(truncate(query, 100)) }) });
  }
  const lines = hits.map((h) => {
    const link = linkUrl(h.item.link, LIST_LINK_MAX);
    const title = highlightSafe(h.titleHighlighted, [h.item.title], 200) || '…';
    const head = link ? `[${title}](${link})` : title;
    const sourceText = [h.item.text, h.item.articleText].filter((x): x is string => typeof x === 'string');
    return `${head}\n${highlightSafe(h.snippet, sourceText, 300)}${h.item.storyId ? ` · #${h.item.storyId}` : ''}`;
  });
  await replyPublic(interaction, {
    embeds: [{ title: t(ctx.lang, 'searchTitle', { query: neutralise(query) }), description: joinWithin(lines, LIMITS.description, '\n\n', (n) => t(ctx.lang, 'listMore', { n })) }],
  });
}

// Private-use characters a search may mark its matches with (markdown can't forge them); FTS's own are `**`.
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';

/**
 * Highlighted search text, shown with its matches in bold and every other character escaped like a post. With
 * `**` markers, a marker can't be told from a `**` the feed wrote when the source text holds one: then the
 * highlight is dropped rather than let the feed's markdown through.
 */
function highlightSafe(text: string, sources: string[], max: number): string {
  const own = text.includes(MARK_OPEN);
  const ambiguous = !own && sources.some((s) => s.includes('**'));
  const marked = own ? text : ambiguous ? text.replaceAll('**', '') : text.replaceAll('**', MARK_OPEN);
  return neutralise(truncate(marked, max)).replace(new RegExp(`[${MARK_OPEN}${MARK_CLOSE}]`, 'g'), '**');
}

export async function story(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const id = interaction.options.getInteger('id', true);
  if (!interaction.inGuild()) return replyError(interaction, t(ctx.lang, 'guildOnly'));
  const found = await ctx.service.story(interaction.guildId, id);
  if (!found) throw UserError.of('noStoryHint', { id });
  await replyPublic(interaction, { embeds: [storySourcesEmbed(found.story, found.sources, ctx.lang)] });
}

export function storySourcesEmbed(s: Story, sources: StorySource[], lang: Lang): ApiEmbed {
  const lines = sources.map((src, i) => {
    const when = `<t:${Math.floor((src.publishedAt ?? src.fetchedAt) / 1000)}:f>`;
    const outlet = neutralise(truncate(src.outlet ?? src.feedUrl, 80));
    const joined = src.join ? `\n   ↳ ${joinSummary(src.join, lang)}` : '';
    return `${i === 0 ? '🥇' : '•'} ${when} — **${outlet}**: ${maskedLink(src.title, src.link, 120)}${joined}`;
  });
  const head = t(lang, 'sourcesHead', { n: sources.length });
  const first = sources[0] ? `<t:${Math.floor((sources[0].publishedAt ?? sources[0].fetchedAt) / 1000)}:D>` : '';
  const url = safeUrl(s.link);
  // The list leaves room in the description for its head line.
  return embed({
    title: `#${s.id} · ${neutralise(s.title)}`,
    ...(url ? { url } : {}),
    description: `${head} ${first}\n\n${joinWithin(lines, LIMITS.description - 96, '\n', (n) => t(lang, 'listMore', { n }))}`,
  });
}

/** Why an item joined its story, in one line: "joined as another report of the event (0.43) · shares Inates, 71, attack". */
export function joinSummary(join: StoryJoin, lang: Lang): string {
  const reason = `joinReason_${join.reason}`;
  const label = reason in STRINGS ? t(lang, reason as StringKey) : join.reason;
  const shared = [...join.names, ...join.numbers, ...join.dates, ...join.kinds].map((x) => neutralise(truncate(x, 40)));
  // Compared with another server's source: the reason only, nothing of that text.
  if (join.hidden) return t(lang, 'joinLineHidden', { reason: label });
  const head = t(lang, 'joinLine', { reason: label, similarity: join.similarity.toFixed(2) });
  return `${head} · ${shared.length ? `${t(lang, 'joinShared')} ${shared.slice(0, 12).join(', ')}` : t(lang, 'joinNothingShared')}`;
}

export async function why(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const ref = interaction.options.getString('item', true).trim();
  const m = /^(item:|i)?#?(\d{1,12})$/i.exec(ref);
  if (!m) throw UserError.of('badWhyRef');
  const id = Number(m[2]);
  if (!interaction.inGuild()) return replyError(interaction, t(ctx.lang, 'guildOnly'));
  const result = await ctx.service.why(interaction.guildId, m[1] ? { itemId: id } : { storyId: id });
  await replyEphemeral(interaction, { embeds: [whyEmbed(result.item, result.match, ctx.lang)] });
}

export function whyEmbed(item: StoredItem, match: TopicMatch | null, lang: Lang): ApiEmbed {
  const labels = topicLabels(lang);
  const joined = item.storyJoin && item.storyId !== null ? `\n**${t(lang, 'whyJoined')} #${item.storyId}**\n${joinSummary(item.storyJoin, lang)}` : '';
  if (!match) return embed({ title: neutralise(item.title), description: `${t(lang, 'whyNoAnalysis')}${joined ? `\n${joined}` : ''}`, color: 0x95a5a6 });
  const verdict = t(lang, match.relevant ? 'whyRelevant' : 'whyNotRelevant');
  const kept = match.evidence.filter((e) => !e.cancelledBy);
  const cancelled = match.evidence.filter((e) => e.cancelledBy);
  const line = (e: TopicMatch['evidence'][number]) =>
    `• “${neutralise(truncate(e.alias, 60))}” → ${neutralise(e.topic)} (${t(lang, e.field === 'title' ? 'whyFieldTitle' : 'whyFieldText')})${e.cancelledBy ? ` — ${t(lang, 'whyCancelled', { by: neutralise(e.cancelledBy) })}` : ''}`;
  const parts = [
    `${verdict} · ${t(lang, 'whyScore', { score: match.score.toFixed(2) })}${match.decidedOn === 'article' ? ` · ${t(lang, 'whyDecidedOnArticle')}` : ''}`,
    match.countries.length ? t(lang, 'whyCountries', { list: match.countries.map(labels.country).join(', ') }) : '',
    match.themes.length ? t(lang, 'whyThemes', { list: match.themes.map(labels.theme).join(', ') }) : '',
    kept.length ? `\n**${t(lang, 'whyMatched')}**\n${kept.slice(0, 15).map(line).join('\n')}` : '',
    cancelled.length ? `\n**${t(lang, 'whyCancelledByContext')}**\n${cancelled.slice(0, 10).map(line).join('\n')}` : '',
    joined,
  ].filter(Boolean);
  return embed({ title: neutralise(item.title), description: parts.join('\n'), color: match.relevant ? 0x27ae60 : 0x95a5a6 });
}

export async function topics(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const known = ctx.service.topics();
  const lang = ctx.lang;
  const name = (x: { id: string; en: string; fr: string; flag?: string }) => `${x.flag ? x.flag + ' ' : ''}${x[lang]} \`${x.id}\``;
  const fields = [
    { name: t(lang, 'topicsCoreCountries'), value: known.countries.filter((c) => c.core).map(name).join('\n') },
    { name: t(lang, 'topicsWiderCountries'), value: known.countries.filter((c) => !c.core).map(name).join('\n') || '—' },
    { name: t(lang, 'themes'), value: known.themes.map(name).join('\n') },
    { name: t(lang, 'organisations'), value: known.organisations.map((o) => o[lang]).join(', ') || '—' },
    { name: t(lang, 'actors'), value: known.actors.map((a) => a[lang]).join(', ') || '—' },
  ].map((f) => ({ ...f, inline: false }));
  await replyEphemeral(interaction, { embeds: [{ title: t(lang, 'topicsTitle'), fields }] });
}

export const latestCommand: Subcommand = {
  manageServer: false,
  execute: latest,
  define: (s) =>
    s
      .setName('latest')
      .setDescription('The latest Sahel stories')
      .setDescriptionLocalizations({ fr: 'Les dernières histoires du Sahel' })
      .setNameLocalizations({ fr: 'dernieres' })
      .addIntegerOption((o) => o.setName('count').setDescription('How many (1–10, default 5)').setDescriptionLocalizations({ fr: 'Combien (1–10, 5 par défaut)' }).setNameLocalizations({ fr: 'nombre' }).setMinValue(1).setMaxValue(10))
      .addStringOption((o) => o.setName('country').setDescription('Only this country').setDescriptionLocalizations({ fr: 'Seulement ce pays' }).setNameLocalizations({ fr: 'pays' }).setMaxLength(100).setAutocomplete(true))
      .addStringOption((o) => o.setName('theme').setDescription('Only this theme').setDescriptionLocalizations({ fr: 'Seulement ce thème' }).setNameLocalizations({ fr: 'theme' }).setMaxLength(100).setAutocomplete(true)),
};

export const searchCommand: Subcommand = {
  manageServer: false,
  execute: search,
  define: (s) =>
    s
      .setName('search')
      .setDescription('Search stored items (any words; ranked, highlighted)')
      .setDescriptionLocalizations({ fr: 'Chercher dans les articles enregistrés' })
      .setNameLocalizations({ fr: 'recherche' })
      .addStringOption((o) => o.setName('query').setDescription('Words to find').setDescriptionLocalizations({ fr: 'Mots à chercher' }).setNameLocalizations({ fr: 'requete' }).setRequired(true).setMaxLength(200))
      .addStringOption((o) => o.setName('since').setDescription('Only newer than: 24h, 7d, 2w or a date (2024-06-01)').setDescriptionLocalizations({ fr: 'Plus récent que : 24h, 7d, 2w ou une date (2024-06-01)' }).setNameLocalizations({ fr: 'depuis' }).setMaxLength(40)),
};

export const storyCommand: Subcommand = {
  manageServer: false,
  execute: story,
  define: (s) =>
    s
      .setName('story')
      .setDescription('Every source of a story, with its timeline')
      .setDescriptionLocalizations({ fr: 'Toutes les sources d’une histoire, avec sa chronologie' })
      .setNameLocalizations({ fr: 'histoire' })
      .addIntegerOption((o) => o.setName('id').setDescription('Story number (shown under each post)').setDescriptionLocalizations({ fr: 'Numéro de l’histoire (sous chaque publication)' }).setNameLocalizations({ fr: 'numero' }).setRequired(true).setMinValue(1).setAutocomplete(true)),
};

export const whyCommand: Subcommand = {
  manageServer: false,
  execute: why,
  define: (s) =>
    s
      .setName('why')
      .setDescription('Why a story was judged about the Sahel: what matched, what was cancelled')
      .setDescriptionLocalizations({ fr: 'Pourquoi une histoire concerne le Sahel : correspondances et exclusions' })
      .setNameLocalizations({ fr: 'pourquoi' })
      .addStringOption((o) => o.setName('item').setDescription('Story number, or item:N for one item').setDescriptionLocalizations({ fr: 'Numéro d’histoire, ou item:N pour un article' }).setNameLocalizations({ fr: 'element' }).setRequired(true).setMaxLength(30).setAutocomplete(true)),
};

export const topicsCommand: Subcommand = {
  manageServer: false,
  execute: topics,
  define: (s) =>
    s.setName('topics').setDescription('Countries, themes, actors and organisations the bot knows').setDescriptionLocalizations({ fr: 'Pays, thèmes, acteurs et organisations connus' }).setNameLocalizations({ fr: 'sujets' }),
};

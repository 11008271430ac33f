// Renders a story post as a Discord message body (raw API JSON), within Discord's limits.
import type { StoryPost } from '../delivery/post.js';
import { LIST_LINK_MAX, maskedLink, neutralise, safeUrl, truncate } from './sanitize.js';
import { storyCount, t, type Lang } from '../i18n.js';
import { topicLabels } from './topic-labels.js';

export const LIMITS = { title: 256, description: 4096, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256, total: 6000, fields: 25, content: 2000 } as const;

const THEME_COLOURS: Record<string, number> = {
  coup: 0xc0392b,
  security: 0x8e44ad,
  humanitarian: 0xe67e22,
  'mining-energy': 0xb7950b,
  migration: 0x2980b9,
  climate: 0x27ae60,
  elections: 0x16a085,
  'foreign-powers': 0x34495e,
};
/** The brand colour (Sahel sand): every embed that has no theme of its own. */
export const BRAND_COLOUR = 0xd4a017;

export interface ApiEmbed {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  timestamp?: string;
}

export interface ApiMessage {
  content?: string;
  embeds: ApiEmbed[];
  components?: unknown[];
  allowed_mentions: { parse: []; roles?: string[] };
}

/**
 * `marker` (the delivery's nonce) goes into the buttons' custom_id: Discord forgets a nonce after a few minutes
 * and never returns it with a fetched message, so it is how the bot recognises its own post later.
 */
export function renderStoryPost(post: StoryPost, marker?: string): ApiMessage {
  const lang = post.language;
  const labels = topicLabels(lang);
  const fields: NonNullable<ApiEmbed['fields']> = [];
  if (post.countries.length) fields.push({ name: t(lang, 'countries'), value: post.countries.map(labels.country).join(', '), inline: true });
  if (post.themes.length) fields.push({ name: t(lang, 'themes'), value: post.themes.map(labels.theme).join(', '), inline: true });
  const when = post.publishedAt ? ` · <t:${Math.floor(post.publishedAt / 1000)}:R>` : '';
  if (post.outlet) fields.push({ name: t(lang, 'source'), value: neutralise(post.outlet) + when, inline: false });
  if (post.alsoReportedBy.length) fields.push({ name: t(lang, 'alsoReportedBy'), value: alsoReportedLine(post, lang), inline: false });

  const embed: ApiEmbed = {
    title: truncate((post.rehash ? `${t(lang, 'olderStory')} · ` : '') + neutralise(post.title), LIMITS.title),
    color: THEME_COLOURS[post.themes[0] ?? ''] ?? BRAND_COLOUR,
    fields: fields.map((f) => ({ ...f, name: truncate(f.name, LIMITS.fieldName), value: truncate(f.value, LIMITS.fieldValue) })),
    footer: { text: t(lang, 'storyFooter', { id: post.storyId }) },
  };
  const url = safeUrl(post.link);
  if (url) embed.url = url;
  if (post.summary) embed.description = truncate(neutralise(post.summary), LIMITS.description);
  fitTotal(embed);

  const message: ApiMessage = {
    embeds: [embed],
    components: [storyButtons(post.storyId, lang, marker)],
    allowed_mentions: { parse: [] },
  };
  if (post.roleId) {
    message.content = `<@&${post.roleId}>`;
    message.allowed_mentions = { parse: [], roles: [post.roleId] };
  }
  return message;
}

/** Up to 10 outlets by name, linked, then "+N more". */
function alsoReportedLine(post: StoryPost, lang: Lang): string {
  const shown = post.alsoReportedBy.slice(0, 10).map((s) => maskedLink(s.outlet, s.link, 80, LIST_LINK_MAX));
  const rest = post.alsoReportedBy.length - shown.length;
  let line = shown.join(' · ');
  if (rest > 0) line += ` ${t(lang, 'andMore', { n: rest })}`;
  // Links make the line long: fall back to names only rather than cut a link in half.
  if (line.length > LIMITS.fieldValue) line = post.alsoReportedBy.slice(0, 10).map((s) => neutralise(truncate(s.outlet, 80))).join(' · ') + (rest > 0 ? ` ${t(lang, 'andMore', { n: rest })}` : '');
  return line;
}

export function storyButtons(storyId: number, lang: Lang, marker?: string): unknown {
  // custom_id carries everything a click needs, so buttons keep working after a restart; a click ignores the marker.
  const id = (action: string) => `story:${action}:${storyId}${marker ? `:${marker}` : ''}`;
  return {
    type: 1,
    components: [
      { type: 2, style: 2, label: t(lang, 'btnSummary'), custom_id: id('summary') },
      { type: 2, style: 2, label: t(lang, 'btnSources'), custom_id: id('sources') },
      { type: 2, style: 2, label: t(lang, 'btnWhy'), custom_id: id('why') },
    ],
  };
}

/** Whether a message's components carry a delivery's marker (see renderStoryPost). */
export function carriesMarker(components: unknown, marker: string): boolean {
  const suffix = `:${marker}`;
  const seen = (c: unknown): boolean => {
    if (typeof c !== 'object' || c === null) return false;
    const o = c as { custom_id?: unknown; components?: unknown };
    return (typeof o.custom_id === 'string' && o.custom_id.endsWith(suffix)) || (Array.isArray(o.components) && o.components.some(seen));
  };
  return Array.isArray(components) && components.some(seen);
}

/** Total characters Discord counts toward the 6,000 limit. */
export function embedLength(e: ApiEmbed): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

function fitTotal(e: ApiEmbed): void {
  const over = embedLength(e) - LIMITS.total;
  if (over > 0 && e.description) e.description = truncate(e.description, Math.max(1, e.description.length - over));
}

/** One line per story for lists (overflow and digest): linked title, countries, outlets. */
function storyListLine(post: StoryPost, withSummary: boolean): string {
  const labels = topicLabels(post.language);
  const head = `**${maskedLink(post.title, post.link, 180)}**`;
  const outlets = [post.outlet, ...post.alsoReportedBy.map((a) => a.outlet)].filter(Boolean).slice(0, 4).map((o) => neutralise(o!)).join(', ');
  const meta = [post.countries.map(labels.country).join(' '), outlets, `#${post.storyId}`].filter(Boolean).join(' · ');
  const summary = withSummary && post.summary ? `\n${truncate(neutralise(post.summary), 280)}` : '';
  return `${post.rehash ? '🕰️ ' : ''}${head}${summary}\n${meta}`;
}

/** Pack lines into embeds of at most `perEmbed` characters, and embeds into messages under the 6,000 total. */
function packLines(lines: string[], title: string, colour: number, perEmbed = 2800): ApiMessage[] {
  const embeds: ApiEmbed[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) embeds.push({ description: current.join('\n\n'), color: colour });
    current = [];
  };
  for (const line of lines) {
    if (current.join('\n\n').length + line.length + 2 > perEmbed) flush();
    current.push(truncate(line, perEmbed));
  }
  flush();
  if (embeds[0]) embeds[0].title = truncate(title, LIMITS.title);
  const messages: ApiMessage[] = [];
  let batch: ApiEmbed[] = [];
  for (const e of embeds) {
    if (batch.length >= 10 || batch.reduce((n, x) => n + embedLength(x), 0) + embedLength(e) > LIMITS.total - 200) {
      messages.push({ embeds: batch, allowed_mentions: { parse: [] } });
      batch = [];
    }
    batch.push(e);
  }
  if (batch.length) messages.push({ embeds: batch, allowed_mentions: { parse: [] } });
  return messages;
}

export function renderOverflow(posts: StoryPost[]): ApiMessage {
  const lang = posts[0]?.language ?? 'en';
  const shown = posts.slice(0, 20).map((p) => storyListLine(p, false));
  if (posts.length > 20) shown.push(t(lang, 'overflowRest', { n: posts.length - 20 }));
  const title = posts.length === 1 ? t(lang, 'overflowTitleOne') : t(lang, 'overflowTitleMany', { n: posts.length });
  const [first] = packLines(shown, title, BRAND_COLOUR, 3900);
  return { embeds: first ? first.embeds.slice(0, 1) : [], allowed_mentions: { parse: [] } };
}

export function renderDigest(posts: StoryPost[], period: 'daily' | 'weekly'): ApiMessage[] {
  const lang = posts[0]?.language ?? 'en';
  const title = t(lang, period === 'weekly' ? 'digestTitleWeekly' : 'digestTitleDaily', { stories: storyCount(lang, posts.length) });
  return packLines(posts.map((p) => storyListLine(p, true)), title, BRAND_COLOUR);
}

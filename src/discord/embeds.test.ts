import { describe, it, expect } from 'vitest';
import { renderStoryPost, renderOverflow, renderDigest, embedLength, LIMITS } from './embeds.js';
import type { StoryPost } from '../delivery/post.js';
import type { Lang } from '../i18n.js';

const post = (over: Partial<StoryPost> = {}): StoryPost => ({
  storyId: 42,
  title: 'Putin talks to Mali’s leader about Niger coup, stresses peace',
  link: 'https://www.reuters.com/world/africa/putin-mali-niger-2023-08-01/',
  summary: 'Russian President Vladimir Putin spoke to Mali’s military leader about the coup in Niger.',
  countries: ['MLI', 'NER'],
  themes: ['coup'],
  outlet: 'Reuters',
  publishedAt: Date.UTC(2023, 7, 1),
  alsoReportedBy: [],
  rehash: false,
  language: 'en',
  roleId: null,
  ...over,
});

describe('renderStoryPost', () => {
  it('links the title to the source and pings nobody', () => {
    const m = renderStoryPost(post());
    expect(m.embeds[0]!.url).toBe('https://www.reuters.com/world/africa/putin-mali-niger-2023-08-01/');
    expect(m.allowed_mentions).toEqual({ parse: [] });
    expect(m.content).toBeUndefined();
    expect(JSON.stringify(m.components)).toContain('story:sources:42');
  });

  it('respects every Discord embed limit with hostile, oversized input', () => {
    const huge = '@everyone '.repeat(2000);
    const m = renderStoryPost(post({
      title: huge,
      summary: huge,
      outlet: huge,
      alsoReportedBy: Array.from({ length: 40 }, (_, i) => ({ outlet: `Outlet ${i} ${'x'.repeat(80)}`, link: `https://o${i}.example/${'p'.repeat(150)}` })),
    }));
    const e = m.embeds[0]!;
    expect(e.title!.length).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description!.length).toBeLessThanOrEqual(LIMITS.description);
    for (const f of e.fields!) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    expect(embedLength(e)).toBeLessThanOrEqual(LIMITS.total);
    expect(JSON.stringify(m)).not.toMatch(/@everyone/);
  });

  it('lists up to 10 other outlets, then "+N more"', () => {
    const m = renderStoryPost(post({ alsoReportedBy: Array.from({ length: 13 }, (_, i) => ({ outlet: `Outlet${i}`, link: null })) }));
    const field = m.embeds[0]!.fields!.find((f) => f.name === 'Also reported by')!;
    expect(field.value).toContain('Outlet9');
    expect(field.value).not.toContain('Outlet10');
    expect(field.value).toContain('+3 more');
  });

  it('labels older stories and pings exactly the subscription role', () => {
    const m = renderStoryPost(post({ rehash: true, roleId: '123456789012345678', language: 'fr' }));
    expect(m.embeds[0]!.title).toMatch(/^🕰️ Histoire ancienne/);
    expect(m.content).toBe('<@&123456789012345678>');
    expect(m.allowed_mentions).toEqual({ parse: [], roles: ['123456789012345678'] });
  });

  it('drops a non-http link', () => {
    expect(renderStoryPost(post({ link: 'javascript:alert(1)' })).embeds[0]!.url).toBeUndefined();
  });
});

describe('overflow and digest messages follow the server language', () => {
  const posts = (n: number, language: Lang) => Array.from({ length: n }, (_, i) => post({ storyId: i + 1, title: `Story ${i + 1}`, language }));

  it('says how many stories were folded, in English', () => {
    expect(renderOverflow(posts(3, 'en')).embeds[0]!.title).toBe('3 more stories (posting limit reached)');
    expect(renderOverflow(posts(1, 'en')).embeds[0]!.title).toBe('1 more story (posting limit reached)');
    expect(renderOverflow(posts(23, 'en')).embeds[0]!.description).toMatch(/… and 3 more: \/sahel latest$/);
  });

  it('and in French, pointing at the French command name', () => {
    const m = renderOverflow(posts(23, 'fr'));
    expect(m.embeds[0]!.title).toBe('23 autres histoires (limite de publications atteinte)');
    expect(m.embeds[0]!.description).toMatch(/… et 3 autres : \/sahel dernieres$/);
    expect(m.embeds[0]!.description).toContain('🇲🇱 Mali');
    expect(renderOverflow(posts(1, 'fr')).embeds[0]!.title).toBe('1 autre histoire (limite de publications atteinte)');
  });

  it('titles digests by period and count', () => {
    expect(renderDigest(posts(6, 'en'), 'daily')[0]!.embeds[0]!.title).toBe('Daily Sahel digest — 6 stories');
    expect(renderDigest(posts(1, 'en'), 'weekly')[0]!.embeds[0]!.title).toBe('Weekly Sahel digest — 1 story');
    expect(renderDigest(posts(6, 'fr'), 'daily')[0]!.embeds[0]!.title).toBe('Résumé du jour — 6 histoires');
    expect(renderDigest(posts(1, 'fr'), 'weekly')[0]!.embeds[0]!.title).toBe('Résumé de la semaine — 1 histoire');
  });

  it('labels a French post’s fields, buttons and footer in French', () => {
    const m = renderStoryPost(post({ language: 'fr', alsoReportedBy: [{ outlet: 'RFI', link: null }] }));
    const e = m.embeds[0]!;
    expect(e.fields!.map((f) => f.name)).toEqual(['Pays', 'Thèmes', 'Source', 'Également rapporté par']);
    expect(e.footer!.text).toBe('Sahel Watch · histoire #42');
    expect(JSON.stringify(m.components)).toContain('"label":"Pourquoi"');
    expect(renderStoryPost(post()).embeds[0]!.footer!.text).toBe('Sahel Watch · story #42');
  });
});

describe('a long digest is split over several messages', () => {
  it('keeps ~80 long-titled stories within Discord’s limits, each once, in rank order', () => {
    // Rank order is the order given (rankForDigest runs before rendering); ids are scrambled so that
    // sorting by id could not pass for keeping the order.
    const ids = Array.from({ length: 80 }, (_, i) => ((i * 37) % 80) + 1);
    const posts = ids.map((id) => post({
      storyId: id,
      title: `Story ${id}: ${'Niamey Bamako Ouagadougou junta transition talks '.repeat(8)}`,
      summary: `Summary ${id}: ${'the regional bloc met in Abuja to discuss sanctions and the transition timetable. '.repeat(6)}`,
      link: `https://news.example.org/sahel/${id}/${'long-slug-'.repeat(20)}`,
      alsoReportedBy: [{ outlet: 'RFI', link: null }, { outlet: 'Le Monde', link: null }, { outlet: 'AFP', link: null }],
    }));
    const messages = renderDigest(posts, 'weekly');

    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.embeds.length).toBeGreaterThan(0);
      expect(m.embeds.length).toBeLessThanOrEqual(10);
      expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.total);
      expect(m.allowed_mentions).toEqual({ parse: [] });
      for (const e of m.embeds) {
        expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
        expect(e.description!.length).toBeLessThanOrEqual(LIMITS.description);
        for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      }
    }
    // Only the first embed of the first message carries the digest's title.
    expect(messages[0]!.embeds[0]!.title).toBe('Weekly Sahel digest — 80 stories');
    expect(messages.flatMap((m) => m.embeds).filter((e) => e.title !== undefined)).toHaveLength(1);

    // Each story's meta line ends with its number: read them back in message order.
    const shown = messages.flatMap((m) => m.embeds).flatMap((e) => [...e.description!.matchAll(/ · #(\d+)$/gm)].map((x) => Number(x[1])));
    expect(shown).toEqual(ids);
  });
});

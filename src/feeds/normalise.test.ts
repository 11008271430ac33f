import { describe, it, expect } from 'vitest';
import { normaliseItems, newestEntries, htmlToText, cleanTitle, decodeEntities, resolveLink, identityKeyForUrl, type RawFeedItem } from './normalise.js';

const NOW = Date.UTC(2024, 5, 10, 12);
const ctx = { feedUrl: 'https://news.example.org/feed/', siteUrl: 'https://news.example.org/', now: NOW };

function raw(over: Partial<RawFeedItem>): RawFeedItem {
  return { guid: null, title: null, link: null, description: null, content: null, date: null, author: null, categories: [], ...over };
}

const ids = (items: RawFeedItem[]): string[] => normaliseItems(items, ctx).map((i) => i.identity);

describe('identity', () => {
  const feed = [
    raw({ guid: 'https://news.example.org/?p=101', title: 'Mali : la transition prolongée', link: 'https://news.example.org/mali-transition', date: 'Mon, 03 Jun 2024 08:00:00 +0000' }),
    raw({ guid: 'https://news.example.org/?p=102', title: 'Niger : accord sur le pétrole', link: 'https://news.example.org/niger-petrole', date: 'Tue, 04 Jun 2024 08:00:00 +0000' }),
    raw({ guid: 'https://news.example.org/?p=103', title: 'Burkina : attaque à Djibo', link: 'https://news.example.org/burkina-djibo', date: 'Wed, 05 Jun 2024 08:00:00 +0000' }),
  ];

  it('uses the guid when it is unique in the feed', () => {
    expect(ids(feed)).toEqual(['guid:news.example.org/?p=101', 'guid:news.example.org/?p=102', 'guid:news.example.org/?p=103']);
  });

  it('does not change when the publisher bumps pubDate, edits the title or reorders', () => {
    const before = ids(feed);
    const bumped = feed.map((i) => ({ ...i, date: 'Mon, 10 Jun 2024 09:00:00 +0000', title: `${i.title} (mis à jour)` }));
    expect(ids(bumped)).toEqual(before);
    expect(ids([...feed].reverse())).toEqual([...before].reverse());
  });

  it('falls back to the link when guids are missing, and survives a pubDate bump', () => {
    const noGuid = feed.map((i) => ({ ...i, guid: null }));
    const first = ids(noGuid);
    expect(first).toEqual(['link:news.example.org/mali-transition', 'link:news.example.org/niger-petrole', 'link:news.example.org/burkina-djibo']);
    expect(ids(noGuid.map((i) => ({ ...i, date: 'Fri, 07 Jun 2024 10:00:00 GMT' })))).toEqual(first);
    expect(ids([...noGuid].reverse())).toEqual([...first].reverse());
  });

  it('ignores guids that are the feed or site URL, or shared by different items', () => {
    const stamped = feed.map((i) => ({ ...i, guid: 'https://news.example.org/' }));
    expect(ids(stamped)[0]).toBe('link:news.example.org/mali-transition');
    const shared = feed.map((i) => ({ ...i, guid: 'article' }));
    expect(ids(shared)).toEqual(['link:news.example.org/mali-transition', 'link:news.example.org/niger-petrole', 'link:news.example.org/burkina-djibo']);
  });

  it('does not treat an item repeated verbatim as a guid clash', () => {
    const repeated = [feed[0]!, feed[1]!, feed[0]!];
    expect(ids(repeated)).toEqual(['guid:news.example.org/?p=101', 'guid:news.example.org/?p=102', 'guid:news.example.org/?p=101']);
  });

  it('hashes title and date when neither guid nor link identifies the item', () => {
    const homepage = feed.map((i) => ({ ...i, guid: null, link: 'https://news.example.org/' }));
    const hashed = ids(homepage);
    expect(hashed.every((id) => /^hash:[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(new Set(hashed).size).toBe(3);
    expect(ids([...homepage].reverse())).toEqual([...hashed].reverse());
  });

  it('keeps a future-dated item stable although its date is clamped to the fetch time', () => {
    const future = [raw({ title: 'Annonce', date: 'Fri, 01 Jan 2100 00:00:00 GMT' })];
    const a = normaliseItems(future, ctx);
    const b = normaliseItems(future, { ...ctx, now: NOW + 600_000 });
    expect(a[0]!.publishedAt).toBe(NOW);
    expect(b[0]!.publishedAt).toBe(NOW + 600_000);
    expect(a[0]!.identity).toBe(b[0]!.identity);
  });

  it('ignores scheme, www, fragments and campaign parameters in URL identities', () => {
    expect(identityKeyForUrl('http://www.Example.org/a?id=3&utm_source=rss&xtor=RSS-1#top')).toBe('example.org/a?id=3');
    expect(identityKeyForUrl('https://example.org/a?id=3')).toBe('example.org/a?id=3');
    const moved = feed.map((i) => ({ ...i, guid: i.guid!.replace('https:', 'http:') }));
    expect(ids(moved)).toEqual(ids(feed));
  });

  it('bounds very long identities', () => {
    const [id] = ids([raw({ guid: 'x'.repeat(5000), title: 'Long' })]);
    expect(id).toMatch(/^guid#[0-9a-f]{32}$/);
  });
});

describe('newestEntries', () => {
  it('keeps the newest by date in feed order, the undated after the dated in feed order', () => {
    const entries = [
      raw({ guid: 'a', date: 'Mon, 03 Jun 2024 08:00:00 +0000' }),
      raw({ guid: 'b' }),
      raw({ guid: 'c', date: 'Wed, 05 Jun 2024 08:00:00 +0000' }),
      raw({ guid: 'd', date: 'not a date' }),
      raw({ guid: 'e', date: 'Tue, 04 Jun 2024 08:00:00 +0000' }),
    ];
    expect(newestEntries(entries, 2).map((e) => e.guid)).toEqual(['c', 'e']);
    expect(newestEntries(entries, 4).map((e) => e.guid)).toEqual(['a', 'b', 'c', 'e']);
    expect(newestEntries(entries, 9)).toBe(entries);
  });
});

describe('fields', () => {
  it('takes the fuller of description and content as plain text', () => {
    const [item] = normaliseItems(
      [raw({ title: 'T', description: '<p>Court résumé…</p>', content: '<p>Premier paragraphe.</p><p>Second&nbsp;paragraphe, plus long.</p>' })],
      ctx,
    );
    expect(item!.text).toBe('Premier paragraphe.\nSecond paragraphe, plus long.');
  });

  it('resolves relative links against the base and refuses non-http schemes', () => {
    const items = normaliseItems(
      [raw({ title: 'a', link: '/2024/06/mali' }), raw({ title: 'b', link: 'javascript:alert(1)' }), raw({ title: 'c', link: '  https://news.example.org/\n  niger  ' })],
      ctx,
    );
    expect(items.map((i) => i.link)).toEqual(['https://news.example.org/2024/06/mali', null, 'https://news.example.org/niger']);
  });

  it('handles missing, unparsable and future dates', () => {
    const items = normaliseItems(
      [raw({ title: 'a' }), raw({ title: 'b', date: 'hier soir' }), raw({ title: 'c', date: '2099-01-01T00:00:00Z' }), raw({ title: 'd', date: '4 juin 2024 10:00' })],
      ctx,
    );
    expect(items.map((i) => i.publishedAt)).toEqual([null, null, NOW, Date.UTC(2024, 5, 4, 10)]);
  });

  it('cleans authors and categories', () => {
    const [item] = normaliseItems(
      [raw({ title: 't', author: 'redaction@example.org (La Rédaction)', categories: ['Mali', ' mali ', 'Sahel &amp; Afrique', '', 'Niger'] })],
      ctx,
    );
    expect(item!.author).toBe('La Rédaction');
    expect(item!.categories).toEqual(['Mali', 'Sahel & Afrique', 'Niger']);
    expect(normaliseItems([raw({ title: 't', author: 'noreply@example.org' })], ctx)[0]!.author).toBeNull();
  });

  it('derives a title from the text when the item has none', () => {
    const [item] = normaliseItems([raw({ description: 'Des pluies diluviennes ont frappé Niamey ce week-end, faisant plusieurs victimes selon les autorités locales qui appellent à la prudence.' })], ctx);
    expect(item!.title.endsWith('…')).toBe(true);
    expect(item!.title.length).toBeLessThanOrEqual(121);
    expect(item!.title.startsWith('Des pluies diluviennes')).toBe(true);
  });
});

describe('cleanTitle', () => {
  it.each([
    ['  Mali :\n  la   transition ', 'Mali : la transition'],
    ['Ben &amp; Jerry&#39;s &#8217;s', "Ben & Jerry's ’s"],
    ['<b>Breaking</b>: Niger', 'Breaking: Niger'],
    ['Safe<script>alert(1)</script> title', 'Safe title'],
    ['l&#146;armée &#150; 2024', 'l’armée – 2024'],
    ['a < b and c > d', 'a < b and c > d'],
    ['&eacute;lection &Eacute;tat &unknownentity;', 'élection État &unknownentity;'],
    ['Zero\u200bwidth\u00a0space', 'Zero width space'],
  ])('%j → %j', (input, expected) => {
    expect(cleanTitle(input)).toBe(expected);
  });
});

describe('htmlToText', () => {
  it('drops scripts, styles and comments, keeps paragraphs as lines', () => {
    const html = `<style>p{color:red}</style><p>Un <a href="/x" title="a > b">lien</a>.</p><script>var x = "<p>";</script><!-- pub --><div>Deux<br>Trois</div>`;
    expect(htmlToText(html)).toBe('Un lien.\nDeux\nTrois');
  });

  it('drops the WordPress footer line', () => {
    expect(htmlToText('<p>Texte.</p><p>L’article <a href="#">Mali</a> est apparu en premier sur Sahel Info.</p>')).toBe('Texte.');
    expect(htmlToText('<p>Text.</p><p>The post <a href="#">Mali</a> appeared first on Sahel News.</p>')).toBe('Text.');
  });

  it('survives broken markup', () => {
    expect(htmlToText('<p>ok <b>bold <i>x</p><script>never closed')).toBe('ok bold x');
    expect(htmlToText('texte <a href="x')).toBe('texte');
  });
});

describe('htmlToText on hostile input', () => {
  /** The regex chain htmlToText replaced, kept as the definition of what it removes (quadratic, so small inputs only). */
  function byRegexes(html: string): string {
    const stripped = html
      .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
      .replace(/<(script|style|noscript|template|iframe|object|svg|math|head|title|button|select|form)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<(script|style)\b[\s\S]*$/i, ' ')
      .replace(/<\/?(?:p|div|br|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|tr|table|thead|tbody|section|article|aside|header|footer|figure|figcaption|hr|address|details|summary|main|nav)\b[^>]*>/gi, '\n')
      .replace(/<\/?[a-zA-Z][^"'>]*(?:(?:"[^"]*"|'[^']*')[^"'>]*)*>/g, '')
      .replace(/<\/?[a-zA-Z][^>]*$/, '');
    return htmlToText(stripped.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')));
  }

  it('removes what the regexes it replaced removed, on 3,000 seeded strings of tag fragments', () => {
    const pieces = ['<', '>', '/', '"', "'", ' ', 'a', 'p', '<a', '</a', '<p', '<script>', '</script>', '<style', '</STYLE >', '<title>', '<!--', '-->', '<![CDATA[', ']]>', '=', 'x', '\n'];
    let seed = 5;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 3000; i++) {
      const html = Array.from({ length: 1 + Math.floor(random() * 25) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      expect(htmlToText(html), JSON.stringify(html)).toBe(byRegexes(html));
    }
  });

  // 600 KB each: a feed description may be as large as the 5 MB body cap allows.
  it.each([
    ['"<p" that never closes', `${'<p'.repeat(300_000)}&amp;`],
    ['"<a" before one ">"', `${'<a'.repeat(300_000)}x"y>`],
    ['tags whose quoted values pair but that never end', '<a "x"'.repeat(100_000)],
    ['"<script>" never closed, then a tag', `${'<script>'.repeat(75_000)}<b>`],
    ['"<![CDATA[" never closed', '<![CDATA['.repeat(67_000)],
    ['"<title" before ">"', `${'<title '.repeat(86_000)}>`],
  ])('600 KB of %s ends in well under 2 s', (_, html) => {
    const started = performance.now();
    const text = htmlToText(html);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(text.length).toBeLessThan(html.length + 1);
  });
});

describe('decodeEntities and resolveLink', () => {
  it('decodes numeric, hex, windows-1252 range and named references', () => {
    expect(decodeEntities('&#233;&#xE9;&#x1F600;&#146;&#0;&hellip;&amp;amp;')).toBe('éé😀’\ufffd…&amp;');
  });

  it('leaves names without a semicolon alone', () => {
    expect(decodeEntities('AT&T &copy 2024')).toBe('AT&T &copy 2024');
  });

  it('resolves against a base', () => {
    expect(resolveLink('../b', 'https://x.example/a/c')).toBe('https://x.example/b');
    expect(resolveLink('mailto:a@b.c', null)).toBeNull();
    expect(resolveLink('', 'https://x.example/')).toBeNull();
  });
});

describe('decodeEntities on hostile input', () => {
  it('looks up 100,000 distinct made-up entity names in one parse, not one each (was ~33 µs a name)', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `&zz${i.toString(36)}q;`).join(' ');
    const started = performance.now();
    const out = decodeEntities(`${names} Caf&eacute; &hellip;`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(out.endsWith('Café …')).toBe(true);
    expect(out.startsWith('&zz0q; &zz1q;')).toBe(true);
  });
});

import { describe, it, expect } from 'vitest';
import { parseFeed, FeedParseError, closeContainers, repairEntities } from './parse.js';
import { rss2, rss1, atom, sahelItem } from '../../test/feed-server.js';
import { rejection } from '../../test/rejection.js';

const NOW = Date.UTC(2024, 5, 10, 12);
const URL_ = 'https://news.example.org/feed/';

const parseRejection = (xml: string): Promise<FeedParseError> => rejection(parseFeed(xml, URL_, NOW), FeedParseError);

describe('parseFeed — formats', () => {
  const items = [sahelItem(1), sahelItem(2)];

  it('reads RSS 2.0 with content:encoded, dc:creator and categories', async () => {
    const feed = await parseFeed(rss2(items, { title: 'Le Sahel &amp; vous', language: 'fr-FR' }), URL_, NOW);
    expect(feed.title).toBe('Le Sahel & vous');
    expect(feed.siteUrl).toBe('https://news.example.org/');
    expect(feed.language).toBe('fr');
    expect(feed.items).toHaveLength(2);
    const first = feed.items[0]!;
    expect(first.title).toBe('Ouagadougou : les autorités annoncent de nouvelles mesures (1)');
    expect(first.link).toBe('https://news.example.org/2024/06/02/article-1');
    expect(first.identity).toBe('guid:news.example.org/2024/06/02/article-1');
    expect(first.text).toBe('Les autorités de Ouagadougou ont annoncé mardi de nouvelles mesures.\nSelon un communiqué, la situation « reste sous contrôle ».');
    expect(first.publishedAt).toBe(Date.UTC(2024, 5, 1, 9));
    expect(first.author).toBe('Rédaction');
    expect(first.categories).toEqual(['Afrique', 'Sahel']);
  });

  it('reads RSS 1.0 (RDF) with dc:date', async () => {
    const feed = await parseFeed(rss1(items), URL_, NOW);
    expect(feed.title).toBe('Sahel Observer');
    expect(feed.language).toBe('en');
    expect(feed.items.map((i) => i.link)).toEqual(items.map((i) => i.link));
    expect(feed.items[1]!.publishedAt).toBe(Date.UTC(2024, 5, 1, 10));
    expect(feed.items[0]!.categories).toEqual(['Afrique', 'Sahel']);
  });

  it('reads Atom with html title, summary, content, author and categories', async () => {
    const feed = await parseFeed(atom([{ ...sahelItem(3), title: 'Niger &amp; <em>Mali</em>' }]), URL_, NOW);
    expect(feed.title).toBe('Sahel Wire');
    expect(feed.siteUrl).toBe('https://news.example.org/');
    expect(feed.language).toBe('en');
    const [entry] = feed.items;
    expect(entry!.title).toBe('Niger & Mali');
    expect(entry!.identity).toBe('guid:news.example.org/2024/06/04/article-3');
    expect(entry!.text).toContain('Selon un communiqué');
    expect(entry!.author).toBe('Rédaction');
    expect(entry!.categories).toEqual(['Afrique', 'Sahel']);
    expect(entry!.publishedAt).toBe(Date.UTC(2024, 5, 1, 11));
  });

  it('reads an RSS 0.91 feed and an <rss> without a version', async () => {
    const v091 = '<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title><link>http://old.example/</link><item><title>A</title><link>http://old.example/a</link></item></channel></rss>';
    expect((await parseFeed(v091, URL_, NOW)).items[0]!.link).toBe('http://old.example/a');
    const bare = '<rss><channel><title>Bare</title><item><title>B</title><link>/b</link></item></channel></rss>';
    expect((await parseFeed(bare, URL_, NOW)).items[0]!.link).toBe('https://news.example.org/b');
  });

  it('reads an Atom feed whose root carries a namespace prefix', async () => {
    const xml = '<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:title>P</atom:title><atom:entry><atom:id>urn:x:1</atom:id><atom:title>Entry</atom:title><atom:link href="https://p.example/1"/></atom:entry></atom:feed>';
    const feed = await parseFeed(xml, URL_, NOW);
    expect(feed.title).toBe('P');
    expect(feed.items[0]).toMatchObject({ title: 'Entry', link: 'https://p.example/1', identity: 'guid:urn:x:1' });
  });

  it('does not die on Atom links without href or entries without children', async () => {
    const xml = '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><link>https://t.example/</link><entry></entry><entry><title>E</title><link/><updated>not a date</updated></entry></feed>';
    const feed = await parseFeed(xml, URL_, NOW);
    expect(feed.siteUrl).toBe('https://t.example/');
    expect(feed.items).toHaveLength(2);
    expect(feed.items[1]).toMatchObject({ title: 'E', link: null, publishedAt: null });
  });

  it('treats an <rss> without a channel as a feed with no items', async () => {
    expect((await parseFeed('<rss version="2.0"></rss>', URL_, NOW)).items).toEqual([]);
  });

  it('honours xml:base for relative links', async () => {
    const xml = '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://cdn.example/news/"><title>T</title><entry><id>1</id><title>E</title><link href="2024/a"/></entry></feed>';
    expect((await parseFeed(xml, URL_, NOW)).items[0]!.link).toBe('https://cdn.example/news/2024/a');
  });

  it('uses a guid with isPermaLink as the link when <link> is missing, but not when isPermaLink="false"', async () => {
    const xml = rss2([{ title: 'A', guid: 'https://g.example/a', guidIsPermaLink: true }, { title: 'B', guid: 'https://g.example/b', guidIsPermaLink: false }]);
    const feed = await parseFeed(xml, URL_, NOW);
    expect(feed.items.map((i) => i.link)).toEqual(['https://g.example/a', null]);
  });
});

describe('parseFeed — damage it repairs', () => {
  it('decodes HTML entities that XML does not define, and bare ampersands', async () => {
    const xml = '<?xml version="1.0"?><rss version="2.0"><channel><title>Actualit&eacute;s&nbsp;du Sahel</title><item><title>Mali &amp; Niger : l&rsquo;&eacute;t&eacute;</title><link>https://x.example/?a=1&b=2</link><description>AT&T &copy; &bogus; fin</description></item></channel></rss>';
    const feed = await parseFeed(xml, URL_, NOW);
    expect(feed.title).toBe('Actualités du Sahel');
    expect(feed.items[0]!.title).toBe('Mali & Niger : l’été');
    expect(feed.items[0]!.link).toBe('https://x.example/?a=1&b=2');
    expect(feed.items[0]!.text).toBe('AT&T © &bogus; fin');
  });

  it('maps &#146; style references to windows-1252 punctuation and drops control characters', async () => {
    const xml = '<rss version="2.0"><channel><title>T</title><item><title>l&#146;arm&#233;e&#26; &#150; fin</title></item></channel></rss>';
    expect((await parseFeed(xml, URL_, NOW)).items[0]!.title).toBe('l’armée – fin');
  });

  it('skips server junk before the XML declaration and a BOM', async () => {
    const xml = `\ufeff\n<br />\n<b>Warning</b>: Cannot modify header information in <b>wp-includes/feed.php</b><br />\n${rss2([sahelItem(1)])}`;
    expect((await parseFeed(xml, URL_, NOW)).items).toHaveLength(1);
  });

  it('closes a feed that lost its closing </channel></rss>', async () => {
    const full = rss2([sahelItem(1), sahelItem(2)]);
    const cut = full.slice(0, full.indexOf('</channel>'));
    expect((await parseFeed(cut, URL_, NOW)).items).toHaveLength(2);
    expect((await parseFeed(`${full.slice(0, full.lastIndexOf('>'))}`, URL_, NOW)).items).toHaveLength(2);
  });

  it('refuses a feed cut inside an item', async () => {
    const full = rss2([sahelItem(1), sahelItem(2)]);
    const err = await parseRejection(full.slice(0, full.lastIndexOf('<pubDate>')));
    expect(err.reason).toBe('invalid-xml');
  });

  it('closeContainers only closes feed containers', () => {
    expect(closeContainers('<rss><channel><title>x</title>')).toBe('<rss><channel><title>x</title></channel></rss>');
    expect(closeContainers('<rss><channel><item><title>x</title>')).toBeNull();
    expect(closeContainers('<feed><entry><title>x</title></entry></fe')).toBe('<feed><entry><title>x</title></entry></feed>');
    expect(closeContainers('<rss><channel><title><![CDATA[ a > b')).toBeNull();
  });

  it('repairEntities leaves CDATA and comments alone', () => {
    expect(repairEntities('<a>&eacute; & <![CDATA[&eacute; & x]]><!-- & --></a>')).toBe('<a>&#233; &amp; <![CDATA[&eacute; & x]]><!-- & --></a>');
  });
});

describe('parseFeed — refusals', () => {
  it.each([
    ['', 'empty', /is empty/],
    ['  \n\ufeff ', 'empty', /is empty/],
    ['<!DOCTYPE html><html><head><title>Accueil</title></head><body></body></html>', 'html', /HTML page/],
    ['<html lang="fr"><body>Bonjour</body></html>', 'html', /HTML page/],
    ['{"version":"https://jsonfeed.org/version/1.1","items":[]}', 'not-a-feed', /JSON/],
    ['Service temporarily unavailable', 'not-a-feed', /not XML/],
    ['<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>', 'not-a-feed', /<urlset> root element/],
    ['<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Broken</title>\n<item><title>Unclosed item</title>\n</channel></rss>', 'invalid-xml', /not well-formed XML \(.*line 3/],
    ['<?xml version="1.0"?><!-- nothing here -->', 'invalid-xml', /no XML element/],
  ])('%j → %s', async (xml, reason, message) => {
    const err = await parseRejection(xml);
    expect(err.reason).toBe(reason);
    expect(err.message).toMatch(message);
  });
});

describe('parseFeed — scale', () => {
  it('parses 10,000 items', async () => {
    const xml = rss2(Array.from({ length: 10_000 }, (_, i) => ({ title: `Titre ${i}`, link: `https://news.example.org/a/${i}`, pubDate: Date.UTC(2024, 0, 1) + i * 60_000 })));
    const feed = await parseFeed(xml, URL_, NOW);
    expect(feed.items).toHaveLength(10_000);
    expect(new Set(feed.items.map((i) => i.identity)).size).toBe(10_000);
  });
});

describe('parseFeed — damaged input never escapes as anything but FeedParseError', () => {
  it('survives 300 seeded mutations of real-looking feeds', async () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const bases = [rss2([sahelItem(1), sahelItem(2)]), rss1([sahelItem(3)]), atom([sahelItem(4), sahelItem(5)])];
    const junk = ['<', '>', '&', '&#x110000;', ']]>', '<![CDATA[', '<!--', '"', '</item>', '<entry>', '</channel>', '\u0000', '<link/>', '<guid/>', '<title/>', '<!DOCTYPE rss [<!ENTITY a "b">]>', '&a;', '<updated>x</updated>'];
    let parsed = 0;
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      let xml = bases[i % bases.length]!;
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
        const at = Math.floor(random() * xml.length);
        const op = random();
        xml = op < 0.5 ? xml.slice(0, at) + junk[Math.floor(random() * junk.length)]! + xml.slice(at) : op < 0.8 ? xml.slice(0, at) + xml.slice(at + Math.floor(random() * 40)) : xml.slice(0, at);
      }
      try {
        await parseFeed(xml, URL_, NOW);
        parsed++;
      } catch (err) {
        expect(err).toBeInstanceOf(FeedParseError);
        refused++;
      }
    }
    expect(parsed + refused).toBe(300);
    expect(parsed).toBeGreaterThan(0);
  });
});

describe('parseFeed — hostile input ends in well under 2 s', () => {
  /** Parses or refuses `xml`, and says how long it took. */
  async function timed(xml: string): Promise<{ ms: number; outcome: Awaited<ReturnType<typeof parseFeed>> | FeedParseError }> {
    const started = performance.now();
    const outcome = await parseFeed(xml, URL_, NOW).catch((err: unknown) => {
      if (err instanceof FeedParseError) return err;
      throw err;
    });
    return { ms: performance.now() - started, outcome };
  }

  it('400 KB of "<!--" that never closes, with the "&" that makes entities be repaired', async () => {
    const head = '<?xml version="1.0"?><rss version="2.0"><channel><title>A &amp; B</title>';
    const { ms, outcome } = await timed(head + '<!--'.repeat(100_000));
    expect(ms).toBeLessThan(2000);
    // The strict parse fails; the channel that lost its end is closed after the last complete tag.
    expect(outcome).not.toBeInstanceOf(FeedParseError);
    expect((outcome as { title: string | null }).title).toBe('A & B');
  });

  it('400 KB of unclosed "<?", "<![CDATA[" and "<!DOCTYPE [" for the repair of a truncated feed', async () => {
    for (const opener of ['<?', '<![CDATA[', '<!DOCTYPE x [']) {
      // The tag after them keeps them inside what is scanned for the elements left open.
      const { ms } = await timed(`<rss version="2.0"><channel><title>A &amp; B</title>${opener.repeat(Math.ceil(400_000 / opener.length))}<x>`);
      expect(ms, opener).toBeLessThan(2000);
    }
  });

  it.each([
    ['an RSS description', (html: string) => rss2([{ ...sahelItem(1), description: html }])],
    ['an RSS content:encoded', (html: string) => rss2([{ ...sahelItem(1), content: html }])],
    ['an Atom content', (html: string) => atom([{ ...sahelItem(1), content: html }])],
  ])('600 KB of unclosed "<p" in %s (rss-parser\'s own snippet regexes)', async (_, feedOf) => {
    const { ms, outcome } = await timed(feedOf('<p'.repeat(300_000)));
    expect(ms).toBeLessThan(2000);
    expect((outcome as { items: unknown[] }).items).toHaveLength(1);
  });

  it('20,000 nested elements (137 KB) inside an item, and 100,000 beside it', async () => {
    const deepInItem = `<rss version="2.0"><channel><item><title>t</title><description>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</description></item></channel></rss>`;
    expect(deepInItem.length).toBeGreaterThan(137_000);
    const first = await timed(deepInItem);
    expect(first.ms).toBeLessThan(2000);
    expect(first.outcome).toBeInstanceOf(FeedParseError);
    expect((first.outcome as FeedParseError).message).toBe('nests its elements too deeply to be read');

    const deepBeside = `<rss version="2.0"><channel><item><title>t</title></item>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}</channel></rss>`;
    const second = await timed(deepBeside);
    expect(second.ms).toBeLessThan(2000);
    expect((second.outcome as { items: unknown[] }).items).toHaveLength(1);
  });
});

import { describe, it, expect } from 'vitest';
import { neutralise, truncate, safeUrl, linkUrl, maskedLink, joinWithin, neutraliseMessage } from './sanitize.js';

describe('neutralise', () => {
  it('defuses @everyone, @here and role/user mentions', () => {
    const out = neutralise('Breaking @everyone <@&123456789012345678> <@123456789012345678> @here');
    expect(out).not.toMatch(/@everyone|@here/);
    expect(out).not.toMatch(/<@&?\d/);
  });
  it('escapes markdown and masked links', () => {
    const out = neutralise('[click me](https://evil.example) **bold** `code` ||spoiler||');
    expect(out).not.toMatch(/(^|[^\\])\[click me\]\(/);
    expect(out).toContain('\\*\\*bold\\*\\*');
    expect(out).not.toContain('https://evil.example');
  });
  it('removes zero-width and bidi characters used to hide text', () => {
    expect(neutralise('Ni\u200Bger \u202Ecoup\u202C\uFEFF')).toBe('Niger coup');
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text with an ellipsis within the limit', () => {
    expect(truncate('short', 10)).toBe('short');
    const long = 'word '.repeat(100);
    const cut = truncate(long, 256);
    expect(cut.length).toBeLessThanOrEqual(256);
    expect(cut.endsWith('…')).toBe(true);
  });
  it('never splits a surrogate pair', () => {
    const cut = truncate('🇲🇱'.repeat(200), 101);
    expect(cut.length).toBeLessThanOrEqual(101);
    expect(/[\uD800-\uDBFF]…$/.test(cut)).toBe(false);
  });
});

describe('safeUrl', () => {
  it('accepts http(s) and refuses other schemes', () => {
    expect(safeUrl('https://www.rfi.fr/fr/afrique/')).toBe('https://www.rfi.fr/fr/afrique/');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl(null)).toBeNull();
  });
});

describe('links and whole messages', () => {
  it('encodes what could close a markdown link, and drops credentials', () => {
    const link = linkUrl('https://user:pw@outlet.example/a)[Reuters](https://evil.example/x y?q=<b>#"f"');
    expect(link).toBe('https://outlet.example/a%29%5BReuters%5D%28https://evil.example/x%20y?q=%3Cb%3E#%22f%22');
    expect(linkUrl(`https://outlet.example/${'x'.repeat(600)}`, 512)).toBeNull();
    expect(maskedLink('**Title**', 'https://outlet.example/a)b', 50)).toBe('[\\*\\*Title\\*\\*](https://outlet.example/a%29b)');
  });
  it('joins whole lines only, saying how many were left out', () => {
    const lines = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)];
    expect(joinWithin(lines, 100, '\n', (n) => `+${n}`)).toBe(`${'a'.repeat(40)}\n${'b'.repeat(40)}\n+1`);
  });
  it("keeps a template's own markup and neutralises the rest, without resolved addresses", () => {
    const out = neutraliseMessage('⚠️ [Reuters](https://evil.example/) **x** in <#123456789012345678>: http://intranet/ resolves to 10.1.2.3, a loopback, private or reserved address. Run `/sahel feeds resume`.', { links: false });
    expect(out).toContain('<#123456789012345678>');
    expect(out).toContain('`/sahel feeds resume`');
    expect(out).not.toMatch(/(?<!\\)\[Reuters\]\(/);
    expect(out).not.toContain('10.1.2.3');
    expect(out).toContain('\\*\\*x\\*\\*');
  });
  it('removes query secrets from every URL it shows: links, plain URLs, embed URLs and notices', () => {
    const url = 'https://feeds.example/rss.xml?edition=fr&token=s3cr3t&api_key=k3y#access_token=j5on';
    for (const shown of [linkUrl(url), maskedLink('Feed', url, 50), safeUrl(url), neutraliseMessage(`Feed ${url} failed.`, { links: false }), neutraliseMessage(`Added ${url}.`)]) {
      expect(shown).toContain('feeds.example');
      expect(shown).toContain('edition=fr');
      expect(shown).not.toMatch(/s3cr3t|k3y|j5on/);
    }
    expect(safeUrl('https://user:pw@feeds.example/a?X-Amz-Signature=abc&page=2')).toBe('https://feeds.example/a?page=2');
    // Nothing to remove: the URL is kept as it was written.
    expect(linkUrl('https://outlet.example/a?id=12&sid=4')).toBe('https://outlet.example/a?id=12&sid=4');
  });
});

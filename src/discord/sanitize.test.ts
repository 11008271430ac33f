import { describe, it, expect } from 'vitest';
import { neutralise, truncate, safeUrl } from './sanitize.js';

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

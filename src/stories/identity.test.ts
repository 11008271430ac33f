import { describe, expect, it } from 'vitest';
import { canonicalUrl, titleKey } from './identity.js';

describe('canonicalUrl', () => {
  it('drops scheme, www, trailing slash, fragment and tracking parameters, and sorts the rest', () => {
    const variants = [
      'http://www.rfi.fr/fr/afrique/20230815-mali-niger-putin/',
      'https://rfi.fr/fr/afrique/20230815-mali-niger-putin?utm_source=twitter&utm_medium=social#comments',
      'https://WWW.RFI.FR/fr/afrique/20230815-mali-niger-putin?fbclid=IwAR0xyz&gclid=abc&xtor=RSS-1',
      'https://m.rfi.fr/fr/afrique/20230815-mali-niger-putin',
      'https://www.rfi.fr:443/fr//afrique/20230815-mali-niger-putin',
    ];
    const canonical = variants.map(canonicalUrl);
    expect(new Set(canonical).size).toBe(1);
    expect(canonical[0]).toBe('https://rfi.fr/fr/afrique/20230815-mali-niger-putin');
  });

  it('keeps parameters that select the article, in a stable order', () => {
    expect(canonicalUrl('https://www.lefaso.net/spip.php?page=article&id_article=124511&utm_campaign=rss')).toBe(
      'https://lefaso.net/spip.php?id_article=124511&page=article',
    );
    expect(canonicalUrl('https://example.org/news?b=2&a=1')).toBe(canonicalUrl('https://example.org/news?a=1&b=2'));
    expect(canonicalUrl('https://example.org/news?id=1')).not.toBe(canonicalUrl('https://example.org/news?id=2'));
  });

  it('maps AMP variants onto the article', () => {
    const article = 'https://lemonde.fr/afrique/article/2023/08/15/niger-la-junte-durcit-le-ton_6185000_3212.html';
    expect(canonicalUrl('https://www.lemonde.fr/afrique/article/2023/08/15/niger-la-junte-durcit-le-ton_6185000_3212.amp.html')).toBe(article);
    expect(canonicalUrl('https://www-lemonde-fr.cdn.ampproject.org/c/s/www.lemonde.fr/afrique/article/2023/08/15/niger-la-junte-durcit-le-ton_6185000_3212.html')).toBe(article);
    expect(canonicalUrl('https://www.aljazeera.com/amp/news/2023/8/15/putin-goita-call')).toBe('https://aljazeera.com/news/2023/8/15/putin-goita-call');
    expect(canonicalUrl('https://www.bbc.com/news/world-africa-66512345/amp')).toBe('https://bbc.com/news/world-africa-66512345');
    expect(canonicalUrl('https://edition.cnn.com/2023/08/15/africa/niger-coup-intl?outputType=amp')).toBe('https://edition.cnn.com/2023/08/15/africa/niger-coup-intl');
  });

  it('unwraps aggregator and redirect links whose target is in the URL', () => {
    const target = 'https://reuters.com/world/africa/putin-talks-mali-leader-about-niger-coup-2023-08-15';
    // An older Google News RSS link: base64 of a protobuf holding the article URL.
    const googleNews =
      'https://news.google.com/rss/articles/CBMiWWh0dHBzOi8vd3d3LnJldXRlcnMuY29tL3dvcmxkL2FmcmljYS9wdXRpbi10YWxrcy1tYWxpLWxlYWRlci1hYm91dC1uaWdlci1jb3VwLTIwMjMtMDgtMTUv0gEA?oc=5';
    expect(canonicalUrl(googleNews)).toBe(target);
    const encoded = encodeURIComponent(`${target}/?utm_source=google`);
    expect(canonicalUrl(`https://www.google.com/url?rct=j&sa=t&url=${encoded}&ct=ga`)).toBe(target);
    expect(canonicalUrl(`https://l.facebook.com/l.php?u=${encoded}&h=AT0abc`)).toBe(target);
    expect(canonicalUrl(`http://feedproxy.google.com/~r/reuters/africa/~3/abc/?url=${encoded}`)).toBe(target);
  });

  it('leaves a redirect alone when the target is not in it', () => {
    const opaque = 'https://news.google.com/rss/articles/CBMiK0FVX3lxTE1hYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3OA?oc=5';
    expect(canonicalUrl(opaque)).toBe('https://news.google.com/rss/articles/CBMiK0FVX3lxTE1hYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3OA?oc=5');
  });

  it('returns text that is not an http(s) URL unchanged, trimmed', () => {
    expect(canonicalUrl('  urn:uuid:1234 ')).toBe('urn:uuid:1234');
    expect(canonicalUrl('not a url')).toBe('not a url');
  });
});

describe('titleKey', () => {
  it('matches one headline across outlets, cases, accents and kickers', () => {
    const key = titleKey('Niger : la junte accuse la France de préparer une intervention');
    expect(key).toBe('niger la junte accuse la france de preparer une intervention');
    expect(titleKey('NIGER: LA JUNTE ACCUSE LA FRANCE DE PRÉPARER UNE INTERVENTION - Jeune Afrique')).toBe(key);
    expect(titleKey('URGENT : Niger : la junte accuse la France de preparer une intervention | RFI')).toBe(key);
  });

  it('keeps the words after a dash that belong to the headline when little would remain', () => {
    expect(titleKey('Mali – Reuters')).toBe('');
    expect(titleKey("Putin talks to Mali's leader about Niger coup, stresses peace")).toBe('putin talks to malis leader about niger coup stresses peace');
  });

  it('refuses headlines too generic to identify a story', () => {
    expect(titleKey('News')).toBe('');
    expect(titleKey('Live updates')).toBe('');
    expect(titleKey('Breaking: Sahel')).toBe('');
  });
});

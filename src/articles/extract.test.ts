import { describe, expect, it } from 'vitest';
import { extractArticle } from './extract.js';

const STORY = [
  'Mali’s military government reopened the border with Niger on Tuesday, eight months after it closed following the coup in Niamey, officials in Bamako said.',
  'The decision follows talks in Algiers between the two juntas and mediators from the Economic Community of West African States, which had imposed sanctions on Niger.',
  '“Trade must resume for the sake of our people,” the minister of territorial administration, Abdoulaye Maïga, told reporters at the crossing near Labbezanga.',
  'Fuel prices in Gao and Ménaka have doubled since July, and aid agencies say 400 lorries of food have been stuck on the Niger side of the border.',
];

const ENGLISH_PAGE = `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Mali reopens Niger border | Sahel Daily</title>
<meta property="og:site_name" content="Sahel Daily"><meta name="author" content="Awa Traoré">
</head><body>
<div id="cookie-banner">We use cookies to improve your experience. Accept cookies</div>
<header class="site-header"><nav><a href="/">Home</a><a href="/africa">Africa</a><a href="/sport">Sport</a></nav></header>
<main><article>
<h1>Mali reopens Niger border</h1>
<p class="byline">By Awa Traoré</p>
<p>Published 4:00 am GMT, Tuesday, March 4, 2025</p>
<div class="share-tools"><a href="#">Share</a> <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Copy link</a></div>
<figure><img src="/border.jpg" alt=""><figcaption>Lorries wait at the Labbezanga crossing. Photo: AFP</figcaption></figure>
<p>${STORY[0]}</p><p>${STORY[1]}</p>
<p><strong>Read also:</strong> <a href="/x">Niger’s junta expels French ambassador</a></p>
<p>${STORY[2]}</p>
<div class="newsletter-box"><h3>Get the Sahel briefing</h3><p>Sign up for our newsletter and get the news every morning.</p></div>
<p>${STORY[3]}</p>
<p>Advertisement</p>
<aside class="related-stories"><h3>More stories</h3><ul><li><a href="/1">Burkina Faso junta dissolves electoral commission</a></li><li><a href="/2">Chad votes in presidential election</a></li></ul></aside>
</article></main>
<footer><p>© 2025 Sahel Daily. All rights reserved.</p></footer>
</body></html>`;

const FRENCH_PAGE = `<html lang="fr"><head><title>Le Mali rouvre sa frontière - Journal du Sahel</title></head><body>
<div class="breadcrumb"><a href="/">Accueil</a> › <a href="/afrique">Afrique</a></div>
<article><h1>Le Mali rouvre sa frontière avec le Niger</h1>
<div class="article-meta">Par Moussa Diallo, à Bamako — Mis à jour le 4 mars 2025 à 10h30</div>
<p>La junte au pouvoir au Mali a rouvert mardi la frontière avec le Niger, fermée depuis le coup d’État du 26 juillet à Niamey, selon des responsables à Bamako.</p>
<p>Lire aussi : <a href="/y">Au Niger, la junte expulse l’ambassadeur de France</a></p>
<p>Cette décision fait suite à des pourparlers à Alger entre les deux juntes et des médiateurs de la Cédéao, qui avait imposé des sanctions au Niger.</p>
<div class="partage"><a href="#">Partager</a> <a href="#">Facebook</a> <a href="#">WhatsApp</a></div>
<p>Les prix du carburant ont doublé à Gao et à Ménaka depuis juillet, et 400 camions de vivres restent bloqués côté nigérien, selon les humanitaires.</p>
<p>Il vous reste 60 % de cet article à lire. La suite est réservée aux abonnés.</p>
</article></body></html>`;

describe('extractArticle', () => {
  it('keeps the story’s paragraphs and drops the page furniture around and inside it', () => {
    const article = extractArticle(ENGLISH_PAGE, 'https://www.saheldaily.example/africa/mali-border')!;
    expect(article).not.toBeNull();
    expect(article.text.split('\n\n')).toEqual(STORY);
    expect(article.title).toBe('Mali reopens Niger border');
    expect(article.byline).toBe('Awa Traoré');
    expect(article.lang).toBe('en');
    expect(article.siteName).toBe('Sahel Daily');
    expect(article.wordCount).toBeGreaterThan(100);
  });

  it('cleans a French page: "Lire aussi", share bar, byline, date line, subscription notice', () => {
    const article = extractArticle(FRENCH_PAGE)!;
    expect(article.lang).toBe('fr');
    expect(article.text).toMatch(/^La junte au pouvoir au Mali a rouvert mardi/);
    expect(article.text).toMatch(/400 camions de vivres/);
    expect(article.text).not.toMatch(/Lire aussi|Partager|Par Moussa|Mis à jour|abonnés|Accueil/);
    expect(article.text.split('\n\n')).toHaveLength(3);
  });

  it('reads an HTML fragment and a page without <body>, and names the site from the URL', () => {
    const fragment = STORY.map((p) => `<p>${p}</p>`).join('');
    expect(extractArticle(fragment, 'https://www.example.org/a')?.text.split('\n\n')).toEqual(STORY);
    expect(extractArticle(fragment, 'https://www.example.org/a')?.siteName).toBe('example.org');
    const noBody = `<!-- served by a CMS --><html><head><title>t</title></head><div>${fragment}</div></html>`;
    expect(extractArticle(noBody)?.text).toContain('Labbezanga');
    const noHtml = `<!DOCTYPE html><head><title>t</title></head><body>${fragment}</body>`;
    expect(extractArticle(noHtml)?.text.split('\n\n')).toEqual(STORY);
    const phpWarning = `<br /><b>Warning</b>: mysql_connect() failed in <b>/www/db.php</b><br />\n<!DOCTYPE html><html><body>${fragment}</body></html>`;
    expect(extractArticle(phpWarning)?.text).not.toMatch(/Warning|mysql/);
  });

  it('leads with the standfirst from the article header when the page description matches it', () => {
    const standfirst = 'Eight months after the coup in Niamey, trade resumes at Labbezanga as the two juntas settle their differences.';
    const page = `<html><head><meta property="og:description" content="${standfirst}"></head><body>
<header class="article-header"><h1>Mali reopens Niger border</h1><p class="standfirst">${standfirst}</p></header>
<div class="article-body">${STORY.map((p) => `<p>${p}</p>`).join('')}</div></body></html>`;
    expect(extractArticle(page)?.text.split('\n\n')).toEqual([standfirst, ...STORY]);
  });

  it('finds nothing on a page of links', () => {
    const links = Array.from({ length: 30 }, (_, i) => `<li><a href="/n/${i}">Headline number ${i} about the Sahel</a></li>`).join('');
    expect(extractArticle(`<html><body><ul>${links}</ul></body></html>`)).toBeNull();
    expect(extractArticle('')).toBeNull();
  });
});

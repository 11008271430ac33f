import { describe, expect, it } from 'vitest';
import { summarize } from '../summaries/summarize.js';
import { extractArticle } from './extract.js';
import { withoutRunInFurniture } from './boilerplate.js';

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

describe('extraction then summary: pages whose furniture sits inside the paragraphs', () => {
  it('an Al Jazeera-style page: the standfirst that repeats the headline leads the text, the lead leads the summary', () => {
    const standfirst = 'The army says 14 soldiers killed while JNIM claims responsibility for the attack on the Diapaga base.';
    const lead = 'Fourteen soldiers have been killed in an attack on an army base near Diapaga in eastern Burkina Faso, the army said in a statement on Thursday.';
    const body = [
      lead,
      'The attackers arrived on motorbikes at dawn and set fire to two armoured vehicles before withdrawing towards the border with Niger.',
      'JNIM, the al-Qaeda affiliate active across the Sahel, claimed the attack in a message posted on its channels on Thursday evening.',
      'The army said it had killed 30 of the attackers in the counter-offensive, a figure that could not be independently verified.',
    ];
    const page = `<html lang="en"><head><title>Soldiers killed in attack on Burkina Faso army base | Sahel Wire</title>
<meta property="og:site_name" content="Sahel Wire"><meta property="og:description" content="${standfirst}"></head><body>
<header class="article-header"><h1>Soldiers killed in attack on Burkina Faso army base</h1><p class="standfirst">${standfirst}</p></header>
<div class="article-body">${body.map((p) => `<p>${p}</p>`).join('')}</div></body></html>`;
    const article = extractArticle(page)!;
    expect(article.text.split('\n\n')).toEqual([standfirst, ...body]);
    const summary = summarize({ title: article.title ?? '', text: article.text, lang: article.lang });
    expect(summary.sentences[0]).toBe(lead);
    expect(summary.sentences).not.toContain(standfirst);
  });

  it('a BBC-style page: byline, "Lire aussi" and promo pointer run into paragraphs stay out of the summary', () => {
    const paragraphs = [
      'Awa Kindo, Dori, BBC Afrique Au moins 1 500 habitants de Tinakoff fuyant les attaques dans le nord du pays sont arrivés à Dori, selon la mairie.',
      'Les familles ont fui les attaques contre les villages de la commune, dont la dernière, dimanche, a fait 14 morts. Lire aussi : Le Sahel face aux groupes armés Au Burkina, 900 déplacés arrivent à Kaya C’est la troisième attaque contre Tinakoff depuis mars.',
      'Les déplacés sont hébergés dans les écoles de la ville. A surtout lire sur BBC Afrique : Le gouvernement a promis mardi 300 tonnes de vivres aux familles déplacées.',
      'La mairie de Dori demande l’aide des organisations humanitaires pour loger les nouveaux arrivants avant la saison des pluies.',
    ];
    const page = `<html lang="fr"><head><title>Burkina : 1 500 déplacés arrivent à Dori - BBC Afrique</title></head><body>
<article><h1>Burkina : 1 500 déplacés arrivent à Dori</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    const article = extractArticle(page)!;
    const summary = summarize({ title: article.title ?? '', text: article.text, lang: article.lang }, { maxSentences: 6, maxChars: 1800 });
    expect(summary.sentences[0]).toMatch(/^Au moins 1 500 habitants de Tinakoff/);
    expect(summary.text).not.toMatch(/Awa Kindo|BBC Afrique|Lire aussi|surtout lire|Sahel face aux groupes|900 déplacés/);
  });
});

describe('withoutRunInFurniture on hostile input', () => {
  it('reads 200 KB sentences built against each pattern in linear time', () => {
    const hostile = [
      'Awa Kindo '.repeat(20_000) + ', BBC',
      'Aa, '.repeat(50_000),
      'Aaaa Aaaa et Bbbb Bbbb, Cccc, '.repeat(7_000),
      'Lire aussi sur ' + 'x '.repeat(100_000),
      'A surtout lire ' + 'sur '.repeat(50_000),
      'Cette semaine dans ' + 'a '.repeat(100_000),
      'D’autres sujets ' + 'de '.repeat(70_000),
      'émission '.repeat(22_000) + 'présentée',
      'programme '.repeat(20_000) + 'is presented by',
      'Listen ' + 'on '.repeat(70_000),
      'is a weekly programme '.repeat(9_000),
    ];
    for (const sentence of hostile) {
      expect(sentence.length).toBeGreaterThan(190_000);
      const started = performance.now();
      withoutRunInFurniture([sentence, sentence]);
      expect(performance.now() - started, sentence.slice(0, 30)).toBeLessThan(100);
    }
  });
});

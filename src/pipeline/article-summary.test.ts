// Article extraction and cleanup feeding the summariser: the two stages joined as the pipeline joins them.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanArticleText, extractArticle, titleOfText } from '../articles/index.js';
import { summarize } from '../summaries/index.js';

const SEED_000 = path.resolve(import.meta.dirname, '../../../shared/seeds/000_20dd2fea7793a9d8.txt');

describe('cleaned seed text then summary', () => {
  it.skipIf(!existsSync(SEED_000))('summarises seed 000 on the Putin–Goïta call and Niger, with none of the page clutter', () => {
    const raw = readFileSync(SEED_000, 'utf8');
    const summary = summarize({ title: titleOfText(raw) ?? '', text: cleanArticleText(raw) });
    expect(summary.method).toBe('extractive');
    expect(summary.lang).toBe('en');
    expect(summary.sentences.length).toBeGreaterThanOrEqual(2);
    expect(summary.text.length).toBeLessThanOrEqual(700);
    expect(summary.text).toMatch(/Putin/);
    expect(summary.text).toMatch(/Goita|Mali’s military leader/);
    expect(summary.text).toMatch(/Niger/);
    expect(summary.text).not.toMatch(/spot_img|LATEST|Smart News|0777|Share via|Copy link|MONROVIA|Boakai|REUTERS/);
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

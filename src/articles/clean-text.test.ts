import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanArticleText, isTeaser, titleOfText } from './clean-text.js';

const SEED_000 = path.resolve(import.meta.dirname, '../../../shared/seeds/000_20dd2fea7793a9d8.txt');

describe('cleanArticleText', () => {
  it.skipIf(!existsSync(SEED_000))('keeps only the Reuters story of seed 000', () => {
    const raw = readFileSync(SEED_000, 'utf8');
    const text = cleanArticleText(raw);
    const paragraphs = text.split('\n\n');
    expect(paragraphs).toHaveLength(13);
    expect(paragraphs[0]).toMatch(/^\(REUTERS\) – Russian President Vladimir Putin spoke to Mali’s military leader/);
    expect(paragraphs.at(-1)).toMatch(/^Niger’s coup leaders have revoked a raft of military agreements with France/);
    expect(text).not.toMatch(/spot_img|Wednesday, January 29|Date:|smartnews|0777425285|LATEST|MONROVIA|Commentary|Share|Copy link|PUTIN TALKS/);
    expect(titleOfText(raw)).toBe('PUTIN TALKS TO MALI’S LEADER ABOUT NIGER COUP, STRESSES PEACE');
  });

  it('drops share bars, date lines, credits, contact blurbs and “read also” lines in English and French', () => {
    const raw = [
      'Share via',
      'Copy link',
      'Tuesday, 4 March 2025',
      'Mis à jour le 4 mars 2025 à 10h30',
      'By Awa Traoré',
      'La junte au pouvoir au Mali a rouvert mardi la frontière avec le Niger, fermée depuis le coup d’État du 26 juillet à Niamey.',
      'Lire aussi : Au Niger, la junte expulse l’ambassadeur de France',
      'Photo : AFP',
      'Les prix du carburant ont doublé à Gao depuis juillet, selon les humanitaires.',
      'Sign up for our newsletter',
      'For inquiries, reach us at 0777425285 or email info@example.com.',
      'We use cookies to give you the best experience. Accept cookies',
      '© 2025 Journal du Sahel. Tous droits réservés.',
    ].join('\n');
    expect(cleanArticleText(raw).split('\n\n')).toEqual([
      'La junte au pouvoir au Mali a rouvert mardi la frontière avec le Niger, fermée depuis le coup d’État du 26 juillet à Niamey.',
      'Les prix du carburant ont doublé à Gao depuis juillet, selon les humanitaires.',
    ]);
  });

  it('ends the article at a list of other headlines and drops ellipsis teasers', () => {
    const raw = [
      'Niger’s junta closed the border with Benin on Monday, cutting the main trade route to the sea for landlocked Niger.',
      'Truck drivers in Malanville said 400 lorries were stuck at the crossing.',
      'LATEST NEWS',
      'Chad votes in presidential election as opposition cries foul over the count and the delays',
      'N’DJAMENA – Voters in Chad went to the polls on Monday in an election that...',
    ].join('\n\n');
    expect(cleanArticleText(raw).split('\n\n')).toEqual([
      'Niger’s junta closed the border with Benin on Monday, cutting the main trade route to the sea for landlocked Niger.',
      'Truck drivers in Malanville said 400 lorries were stuck at the crossing.',
    ]);
  });

  it('joins hard-wrapped lines and strips a leading date stamp', () => {
    expect(cleanArticleText('date 2023-11-11 The junta said on Tuesday that\nthe talks would resume in Algiers next month.')).toBe(
      'The junta said on Tuesday that the talks would resume in Algiers next month.',
    );
  });
});

describe('cleanArticleText: furniture run into the text, with no line break', () => {
  it('cuts a byline with place and outlet off the first sentence of a paragraph', () => {
    const raw = 'Awa Kindo, Dori, BBC Afrique Au moins 1 500 habitants de Tinakoff ont rejoint Dori depuis lundi, selon la mairie. Les écoles de la ville accueillent les familles.';
    expect(cleanArticleText(raw)).toBe('Au moins 1 500 habitants de Tinakoff ont rejoint Dori depuis lundi, selon la mairie. Les écoles de la ville accueillent les familles.');
    expect(cleanArticleText('Moussa Traoré et Léa Sanou, BBC Afrique Les pourparlers ont repris jeudi à Niamey entre la junte et la Cédéao.')).toBe(
      'Les pourparlers ont repris jeudi à Niamey entre la junte et la Cédéao.',
    );
  });

  it('keeps a correspondent named inside running text', () => {
    const text = 'Awa Kindo, correspondante de BBC Afrique à Dori, affirme que la ville est calme depuis mardi soir.';
    expect(cleanArticleText(text)).toBe(text);
  });

  it('drops "Lire aussi :", "A surtout lire sur … :", "À lire aussi" and "Read more:" pointers with the headline run into them', () => {
    const raw = [
      'Les assaillants ont incendié le marché de Kelbo avant de repartir vers le nord. Lire aussi : Le Sahel face aux groupes armés Au Burkina, 900 déplacés arrivent à Kaya C’est la troisième attaque dans la commune depuis mars. Les autorités ont renforcé les patrouilles.',
      'Le ministère a ouvert une enquête mardi. A surtout lire sur BBC Afrique : La gendarmerie a interpellé deux suspects à Fada. Le procès doit s’ouvrir en juin.',
      'Le convoi a quitté Téra dimanche. À lire aussi Le Niger ferme sa frontière avec le Bénin Les camions attendent toujours à Malanville. Les chauffeurs réclament une escorte.',
      'The army said 12 soldiers were killed near Ménaka on Sunday. Read more: Mali’s junta extends the transition The attackers fled towards the border. A curfew was imposed in the town.',
    ].join('\n\n');
    expect(cleanArticleText(raw).split('\n\n')).toEqual([
      'Les assaillants ont incendié le marché de Kelbo avant de repartir vers le nord. Les autorités ont renforcé les patrouilles.',
      'Le ministère a ouvert une enquête mardi. Le procès doit s’ouvrir en juin.',
      'Le convoi a quitté Téra dimanche. Les chauffeurs réclament une escorte.',
      'The army said 12 soldiers were killed near Ménaka on Sunday. A curfew was imposed in the town.',
    ]);
  });

  it('drops a programme’s blurb and its list of other episodes, keeping the programme’s own sentences', () => {
    const raw =
      'Cette semaine dans Terres d’Afrique : Les éleveurs peuls du Liptako vendent leurs bêtes à perte depuis la fermeture des marchés. Faut-il craindre une crise du bétail au Sahel ? Terres d’Afrique est une émission présentée par Salif Ouattara. D’autres sujets de cette émission: Le karité, or blanc du Burkina Les pêcheurs du lac Tchad face à la sécheresse';
    expect(cleanArticleText(raw)).toBe(
      'Les éleveurs peuls du Liptako vendent leurs bêtes à perte depuis la fermeture des marchés. Faut-il craindre une crise du bétail au Sahel ?',
    );
  });
});

describe('isTeaser', () => {
  it('calls a text under 80 words a teaser', () => {
    expect(isTeaser('Mali’s junta reopened the Niger border on Tuesday. Read more on our site.')).toBe(true);
    expect(isTeaser('word '.repeat(79))).toBe(true);
    expect(isTeaser('word '.repeat(80))).toBe(false);
  });
});

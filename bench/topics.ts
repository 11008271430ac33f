// Topic-matching throughput on ~10 MB of generated English/French news (seeded templates, folding included),
// next to one alternation RegExp over the same aliases on the same text, and our fold next to normalize().
import { TokenBuffer, tokenize } from '../src/topics/fold.js';
import { matchTopics } from '../src/topics/index.js';
import { topicModel } from '../src/topics/matcher.js';
import { figure, type BenchFigure } from './figure.js';
import { prng } from './news.js';

const TARGET_BYTES = 10 * 1024 * 1024;
const SEED = 0x5a4e1;

interface NewsItem {
  title: string;
  text: string;
}

export async function run(): Promise<BenchFigure[]> {
  const items = generateNews(TARGET_BYTES, SEED);
  const bytes = items.reduce((n, i) => n + Buffer.byteLength(i.title) + Buffer.byteLength(i.text), 0);
  const mb = bytes / 1024 / 1024;

  let relevant = 0;
  const ours = bestOf(3, () => {
    relevant = 0;
    for (const item of items) if (matchTopics(item).relevant) relevant++;
  });
  const alternation = aliasAlternation();
  let found = 0;
  const regexp = bestOf(3, () => {
    found = 0;
    for (const item of items) {
      alternation.lastIndex = 0;
      found += item.title.match(alternation)?.length ?? 0;
      found += item.text.match(alternation)?.length ?? 0;
    }
  });
  const model = topicModel();
  const tokens = new TokenBuffer();
  const fold = bestOf(3, () => {
    for (const item of items) {
      tokenize(item.title, model.vocabulary, tokens);
      tokenize(item.text, model.vocabulary, tokens);
    }
  });
  const normalize = bestOf(3, () => {
    for (const item of items) {
      item.title.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      item.text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    }
  });
  console.error(`# topics: ${items.length} items, ${mb.toFixed(1)} MB, ${relevant} relevant; the alternation found ${found} alias hits`);

  return [
    figure('topics.match_throughput', mb / ours, 'MB/s', mb / regexp, true, '≥ 20 MB/s'),
    figure('topics.match_items', items.length / ours, 'items/s', items.length / regexp, true),
    figure('topics.fold_tokenize_throughput', mb / fold, 'MB/s', mb / normalize, true),
  ];
}

/** Seconds of the fastest of n runs, after one warm-up run. */
function bestOf(n: number, work: () => void): number {
  work();
  let best = Infinity;
  for (let k = 0; k < n; k++) {
    const t0 = process.hrtime.bigint();
    work();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

/** What a plain keyword filter would run: every alias of the taxonomy in one case-insensitive alternation. */
function aliasAlternation(): RegExp {
  const keywords = [...new Set(topicModel().keywordAliases.map((k) => k.keyword))].sort((a, b) => b.length - a.length);
  return new RegExp(keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
}

const SLOTS = {
  sahelEn: ['Mali', 'Niger', 'Burkina Faso', 'Chad', 'Mauritania'],
  sahelFr: ['Mali', 'Niger', 'Burkina Faso', 'Tchad', 'Mauritanie'],
  town: ['Ménaka', 'Tillabéri', 'Djibo', 'Kidal', 'Abéché', 'Ségou', 'Diffa', 'Nouadhibou', 'Tombouctou', 'Fada N’Gourma', 'Agadez', 'Mopti'],
  capital: ['Bamako', 'Niamey', 'Ouagadougou', "N'Djamena", 'Nouakchott'],
  leader: ['Assimi Goïta', 'Abdourahamane Tiani', 'Ibrahim Traoré', 'Mahamat Idriss Déby', 'Mohamed Ould Ghazouani'],
  group: ['JNIM', 'the Islamic State Sahel Province', 'Boko Haram', 'ISWAP', 'le GSIM', "l'EIGS", 'Wagner Group', 'Africa Corps'],
  other: ['Nigeria', 'Ghana', 'Kenya', 'France', 'Brazil', 'Côte d’Ivoire', 'Sénégal', 'Cameroun', 'Japan', 'Canada'],
  person: ['Chad Pennington', 'Alex Wagner', 'Adama Traoré', 'Maria Gonzalez', 'Jean-Pierre Martin', 'Aïssata Diallo'],
  day: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  jour: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi'],
  topic: ['bond yields', 'the smartphone market', 'wheat prices', 'a new vaccine', 'the transfer window', 'cloud computing', 'rail strikes'],
  sujet: ['la réforme des retraites', 'le prix du blé', 'la saison touristique', 'un nouveau vaccin', 'le marché immobilier', 'la rentrée scolaire'],
};

/** Sentences of Sahel news, of keyword traps (sport, namesakes, Nigeria) and of everything else, in both languages. */
const SENTENCES = {
  en: {
    sahel: [
      "{sahelEn}'s military government said on {day} that {n} soldiers were killed in an attack near {town}.",
      'Fighters from {group} ambushed a convoy on the road to {town}, according to security sources in {capital}.',
      '{leader} met envoys from the Economic Community of West African States to discuss the transition timetable.',
      'The UN refugee agency said more than {n},000 people had fled to camps around {town} since January.',
    ],
    trap: [
      '{person} told reporters that the results were "a big step forward" for the team.',
      'Oil prices rose on {day} as traders weighed supply disruptions in {other} and the Niger Delta.',
      "The coach praised his players after they beat {sahelEn} {small}-{small} in Saturday's match.",
      'Nigerian officials said the Senate would vote on the budget on {day}.',
    ],
    other: [
      'Analysts said {topic} would weigh on growth in {other} for the rest of the year.',
      'Shares in technology companies fell sharply as investors reassessed {topic}.',
      'Officials in {other} announced new measures on {topic}, a move welcomed by business groups.',
      'The company said quarterly revenue rose {n} percent, beating expectations, while costs for {topic} climbed.',
      'Residents of the coastal city were told to stay indoors as a storm brought heavy rain and winds of {n} mph.',
      'The minister defended the plan in parliament, saying {topic} had been neglected for a decade.',
    ],
  },
  fr: {
    sahel: [
      'Les autorités de transition du {sahelFr} ont annoncé {jour} la mort de {n} soldats dans une attaque près de {town}.',
      'Selon une source sécuritaire, des hommes armés non identifiés ont attaqué le poste de {town} à l’aube.',
      '{leader} a reçu à {capital} une délégation de la Cédéao venue discuter du calendrier électoral.',
      'Les jihadistes du {group} ont revendiqué l’embuscade, qui a coûté la vie à {n} civils.',
      'Les déplacés internes affluent vers {town}, où le Programme alimentaire mondial peine à distribuer l’aide.',
    ],
    trap: [
      'Le coup d’envoi du championnat sera donné {jour} soir, a indiqué la fédération.',
      "L'entraîneur a salué l'état d'esprit de ses joueurs après la victoire {small}-{small} face au {sahelFr}.",
      'Du coup, les négociations sur {sujet} reprendront la semaine prochaine, selon un communiqué.',
      'Un fraudeur nigérian a été condamné {jour} à Lagos pour escroquerie en ligne.',
    ],
    other: [
      'Beaucoup d’économistes estiment que {sujet} pèsera sur la croissance en {other} cette année.',
      'À {other}, le gouvernement a présenté {jour} un plan pour {sujet}, salué par le patronat.',
      'La hausse des prix de l’énergie a réduit le pouvoir d’achat des ménages, selon l’institut de statistique.',
      'Les syndicats appellent à une nouvelle journée de mobilisation contre {sujet} {jour} prochain.',
      'Le festival a attiré plus de {n} 000 visiteurs, un record depuis sa création il y a vingt ans.',
      'Le tribunal a reporté sa décision, estimant que le dossier sur {sujet} était incomplet.',
    ],
  },
};

/** Share of items about the Sahel and of items built around a keyword trap; the rest is other news. */
const SAHEL_SHARE = 0.25;
const TRAP_SHARE = 0.15;

function generateNews(targetBytes: number, seed: number): NewsItem[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const fill = (template: string): string =>
    template.replace(/\{(\w+)\}/g, (_, slot: string) => {
      if (slot === 'n') return String(2 + Math.floor(random() * 98));
      if (slot === 'small') return String(Math.floor(random() * 5));
      return pick(SLOTS[slot as keyof typeof SLOTS]);
    });
  const items: NewsItem[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const language = random() < 0.5 ? SENTENCES.fr : SENTENCES.en;
    const roll = random();
    const kind = roll < SAHEL_SHARE ? language.sahel : roll < SAHEL_SHARE + TRAP_SHARE ? language.trap : language.other;
    const length = 6 + Math.floor(random() * 20);
    const body: string[] = [];
    for (let k = 0; k < length; k++) body.push(fill(pick(random() < 0.4 ? kind : language.other)));
    const title = fill(pick(kind)).replace(/\.$/, '').slice(0, 110);
    const item = { title, text: body.join(' ') };
    bytes += Buffer.byteLength(item.title) + Buffer.byteLength(item.text);
    items.push(item);
  }
  return items;
}

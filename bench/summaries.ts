// Extractive summary speed on generated news articles (English and French, 30 and 200 sentences):
// milliseconds per article, against Lead-3 (split and take the first three) in the same process.
import { splitSentences } from '../src/lang/segment.js';
import { summarize } from '../src/summaries/summarize.js';
import { figure } from './figure.js';
import type { BenchFigure } from './figure.js';
import { prng } from './news.js';

const RUN_MS = 2_000;

const TEMPLATES = {
  en: {
    subjects: ['The junta in Niamey', 'Gen. Abdourahamane Tiani', 'ECOWAS mediators', 'The U.S. State Department', 'Aid workers in Gao', 'Mali’s transitional government', 'Residents of Djibo'],
    verbs: ['said on Tuesday that', 'confirmed that', 'warned that', 'announced that', 'told Reuters that'],
    clauses: [
      'the border with Benin would stay closed until further notice',
      'fighting had displaced 12,000 people since March',
      'talks with armed groups would resume in Algiers next month',
      '“the situation is under control,” according to a statement',
      'fuel prices in Bamako had doubled in two months',
      'the last foreign troops would leave by December',
    ],
  },
  fr: {
    subjects: ['La junte au pouvoir à Niamey', 'Le général Tiani', 'Les médiateurs de la Cédéao', 'M. Goïta', 'Les humanitaires à Gao', 'Le gouvernement de transition'],
    verbs: ['a déclaré mardi que', 'a confirmé que', 'a averti que', 'a annoncé que', 'a indiqué à l’AFP que'],
    clauses: [
      'la frontière avec le Bénin resterait fermée',
      'les combats avaient déplacé 12 000 personnes depuis mars',
      'les pourparlers reprendraient à Alger le mois prochain',
      '« la situation est sous contrôle », selon un communiqué',
      'le prix du carburant avait doublé en deux mois à Bamako',
    ],
  },
};

function article(lang: 'en' | 'fr', sentences: number, seed: number): { title: string; text: string } {
  const rand = prng(seed);
  const t = TEMPLATES[lang];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const lines: string[] = [];
  for (let i = 0; i < sentences; i += 2) lines.push(`${pick(t.subjects)} ${pick(t.verbs)} ${pick(t.clauses)}. ${pick(t.subjects)} ${pick(t.verbs)} ${pick(t.clauses)}.`);
  return { title: `${pick(t.subjects)} ${pick(t.verbs)} ${pick(t.clauses)}`, text: lines.join('\n\n') };
}

function msPerCall(run: () => unknown): number {
  for (let i = 0; i < 20; i++) run();
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < RUN_MS) {
    run();
    calls++;
  }
  return (performance.now() - start) / calls;
}

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const [lang, sentences] of [['en', 30], ['fr', 30], ['en', 200]] as const) {
    const docs = Array.from({ length: 20 }, (_, i) => article(lang, sentences, 100 + i));
    let i = 0;
    const ours = msPerCall(() => summarize({ ...docs[i++ % docs.length]!, lang }));
    let j = 0;
    const lead3 = msPerCall(() => splitSentences(docs[j++ % docs.length]!.text).slice(0, 3));
    figures.push(figure(`summaries.ms_per_article (${lang}, ${sentences} sentences)`, ours, 'ms', lead3, false, sentences <= 30 ? '≤ 5 ms' : undefined));
  }
  return figures;
}

// Content words of a sentence for comparing sentences with each other and with the title: lower-cased,
// function words dropped, English words Porter-stemmed, French ones stripped of plural and gender endings.
import { porterStem } from './porter.js';

const ENGLISH_STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him himself ' +
    'his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them themselves then there these they this ' +
    'those through to too under until up very was we were what when where which while who whom why will with would you your ' +
    'yours yourself yourselves said says say told according mr mrs ms one two new year years last first also like may might must ' +
    'us s t n\'t \'s would could last week day time'
  ).split(' '),
);

const FRENCH_STOPWORDS = new Set(
  (
    'a à au aux avec ce ces cet cette d dans de des du elle elles en entre est et été être eu il ils je j l la le les leur leurs ' +
    'lui m ma mais me même mes moi mon n ne ni nos notre nous on ou où par pas pour plus qu que qui s sa sans se ses si son ' +
    'sont sur ta te tes toi ton tu un une vos votre vous y c ça ont avait était sera selon après avant lors depuis contre ' +
    'aussi très tout tous toute toutes fait faire dit déclaré a-t-il ainsi alors donc comme dont cela celui celle ceux ' +
    'an ans année années jour jours mois semaine'
  ).split(' '),
);

export function isStopword(word: string): boolean {
  return ENGLISH_STOPWORDS.has(word) || FRENCH_STOPWORDS.has(word);
}

const stems = new Map<string, string>();

/** A French word without its plural and feminine endings, enough to match "militaires" with "militaire". */
function frenchStem(word: string): string {
  let w = word;
  if (w.length > 4 && /[sx]$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

export function stemOf(word: string, lang: string | null): string {
  const key = `${lang ?? ''}:${word}`;
  let stem = stems.get(key);
  if (stem === undefined) {
    stem = lang === 'fr' ? frenchStem(word) : /^[a-z]+$/.test(word) && word.length > 3 ? porterStem(word) : frenchStem(word);
    if (stems.size > 200_000) stems.clear();
    stems.set(key, stem);
  }
  return stem;
}

/** Stems of the content words of a text. */
export function contentStems(text: string, lang: string | null): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)) {
    const word = match[0].replace(/^(?:l|d|j|qu|n|s|c|m|t)['’]/, '').replace(/['’]s$/, '');
    if (word.length < 2 || isStopword(word) || /^\d+$/.test(word)) continue;
    out.push(stemOf(word, lang));
  }
  return out;
}

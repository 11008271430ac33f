// French: everything language-specific the stages read (see LanguagePack in ./pack.ts).
import { words, type LanguagePack } from './pack.js';

/** A French word without its plural and feminine endings. */
function frenchStem(word: string): string {
  let w = word;
  if (w.length > 4 && /[sx]$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

export const fr: LanguagePack = {
  lang: 'fr',
  name: 'French',
  detectionWords: words(
    'le la les de des du un une et est en au aux que qui dans pour sur par pas ne plus avec il elle ils sont ont été son sa ses cette ce se leur mais ou où a été selon lors après entre contre sans',
  ),
  months: [
    ['janvier'], ['fevrier'], ['mars'], ['avril'], ['mai'], ['juin'], ['juillet'], ['aout'], ['septembre'], ['octobre'],
    ['novembre'], ['decembre'],
  ],
  monthAbbreviations: [['janv'], ['fevr', 'fev'], [], ['avr'], [], [], ['juil'], [], [], [], [], []],
  weekdays: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  // No "mar": it is March in English.
  weekdayAbbreviations: ['lun', 'mer', 'jeu', 'ven', 'sam', 'dim'],
  relativeDays: {
    hier: -1, 'avant-hier': -2, 'avant hier': -2, "aujourd'hui": 0, 'aujourd hui': 0, 'ce matin': 0, 'ce soir': 0,
    'cet apres-midi': 0, 'cette nuit': 0, demain: 1,
  },
  relativeWeeks: {
    'la semaine derniere': [-7, 'week'], 'la semaine passee': [-7, 'week'], 'cette semaine': [0, 'week'],
    'la semaine prochaine': [7, 'week'], 'le mois dernier': [-30, 'month'], 'le mois passe': [-30, 'month'],
  },
  // Story matching (src/stories/lexicon.ts): folded, accent-free; dates and reporting verbs as well.
  bylineDateWords: ['le', 'à', 'a', 'de', 'du'],
  dateWords: {
    ordinals: ['er'],
    weekdayArticles: ['le'],
    yearPrepositions: ['en', 'de', 'depuis', "jusqu'en"],
    since: ['depuis'],
    sinceArticles: ['le', 'la'],
    periodFrom: ['du', 'entre(?:\\s+le)?'],
    periodTo: ['au', 'et'],
    periodToArticles: ['le'],
    future: ['va', 'vont', 'doit', 'doivent', 'devrait', 'devraient', 'sera', 'seront', 'aura lieu', 'prevu', 'prevue'],
    next: ['prochain', 'prochaine'],
  },
  notNames: words(`president presidents presidente ministre premier general colonel lieutenant chef prince madame monsieur
  mme mlle interim porte parole nord sud est ouest video photo photos direct urgent`),
  storyStopwords: words(`a au aux avec ce ces cet cette ceux celle celles celui chez comme contre dans de des du donc dont elle elles
en entre et eux il ils je la le les leur leurs lui ma mais me meme mes moi mon ne ni nos notre nous on ou par parmi pas
pendant peu plus pour pourquoi quand que quel quelle quelles quels qui quoi sa sans se selon ses si son sont sous sur ta
te tes toi ton tous tout toute toutes tres tu un une unes uns vers vos votre vous y c d j l m n qu s t
est etait etaient ete etre sera seront serait sont suis sommes avez avons ont avait avaient aura auront aurait fait faire
fais font peut peuvent doit doivent ainsi alors apres aussi autre autres avant bien car cela ceci deja depuis encore fois
ici jamais lors lorsque maintenant meme moins notamment puis quelque quelques sans seulement soit tandis tant toujours
trop deux trois premier premiere dernier derniere derniers dernieres selon lundi mardi mercredi jeudi vendredi samedi dimanche
annonce indique declare affirme explique precise ajoute rapporte hier demain aujourd hui semaine mois annee annees jour jours
an ans cours fin debut lors vers chez`),
  // Sentence comparison in summaries (src/summaries/words.ts): as written, accents kept; a shorter list.
  summaryStopwords: words(
    'a à au aux avec ce ces cet cette d dans de des du elle elles en entre est et été être eu il ils je j l la le les leur leurs ' +
    'lui m ma mais me même mes moi mon n ne ni nos notre nous on ou où par pas pour plus qu que qui s sa sans se ses si son ' +
    'sont sur ta te tes toi ton tu un une vos votre vous y c ça ont avait était sera selon après avant lors depuis contre ' +
    'aussi très tout tous toute toutes fait faire dit déclaré a-t-il ainsi alors donc comme dont cela celui celle ceux ' +
    'an ans année années jour jours mois semaine',
  ),
  filler: [
    // French padding.
    /\b(il (convient|faut|est (important|essentiel|intéressant|utile)) de (noter|souligner|rappeler|préciser|mentionner|relever))\b/i,
    /\b(force est de constater|il va sans dire|nul doute que|il est clair que)\b/i,
    /^(en conclusion|pour conclure|en résumé|en somme|en définitive|au final|pour résumer)\b,?/i,
    /\b(reste à savoir|(seul )?l'avenir (nous )?le dira|la communauté internationale (suivra|surveillera|observe|reste attentive))\b/i,
    /\bjoue(nt)? un rôle (crucial|clé|essentiel|majeur|central|déterminant)\b/i,
    /\bne (saurait|peut) être (sous-estimée?s?|ignorée?s?|négligée?s?)\b/i,
    // Calls to action and page furniture that survived extraction.
    /\b(cliquez ici|abonnez-vous|inscrivez-vous|suivez-nous|lire aussi|à lire aussi|téléchargez (notre|l'application))\b/i,
  ],
  // Plural and feminine endings only, enough to match "militaires" with "militaire".
  stem: frenchStem,
};

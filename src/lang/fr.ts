// French: everything language-specific the stages read (see LanguagePack in ./pack.ts).
import type { LanguagePack } from './pack.js';

export const fr: LanguagePack = {
  lang: 'fr',
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
};

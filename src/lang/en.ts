// English: everything language-specific the stages read (see LanguagePack in ./pack.ts).
import type { LanguagePack } from './pack.js';

export const en: LanguagePack = {
  lang: 'en',
  months: [
    ['january', 'jan'], ['february', 'feb'], ['march', 'mar'], ['april', 'apr'], ['may'], ['june', 'jun'], ['july', 'jul'],
    ['august', 'aug'], ['september', 'sept', 'sep'], ['october', 'oct'], ['november', 'nov'], ['december', 'dec'],
  ],
  monthAbbreviations: [[], [], [], [], [], [], [], [], [], [], [], []],
  weekdays: ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'],
  weekdayAbbreviations: ['mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun'],
  relativeDays: {
    yesterday: -1, 'last night': -1, today: 0, tonight: 0, 'this morning': 0, 'this afternoon': 0, 'this evening': 0, tomorrow: 1,
  },
  relativeWeeks: {
    'last week': [-7, 'week'], 'earlier this week': [-3, 'week'], 'this week': [0, 'week'], 'next week': [7, 'week'],
    'last month': [-30, 'month'],
  },
};

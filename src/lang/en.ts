// English: everything language-specific the stages read (see LanguagePack in ./pack.ts).
import { words, type LanguagePack } from './pack.js';
import { porterStem } from './porter.js';

export const en: LanguagePack = {
  lang: 'en',
  name: 'English',
  detectionWords: words(
    'the of and to in a is that for on it with as was by at he said from his be have has are an its but not they who were had this which their will after been also would there more than one over about into two when',
  ),
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
  // Story matching (src/stories/lexicon.ts): folded, accent-free; dates and reporting verbs as well.
  bylineDateWords: ['the', 'on', 'of'],
  dateWords: {
    ordinals: ['st', 'nd', 'rd', 'th'],
    weekdayArticles: ['the'],
    yearPrepositions: ['in', 'of', 'since', 'until'],
    since: ['since', 'ever since'],
    sinceArticles: ['the'],
    periodFrom: ['from', 'between'],
    periodTo: ['to', 'and'],
    periodToArticles: [],
    future: ['will', 'shall', 'to be held', 'scheduled', 'due to', 'expected to', 'set to', 'plans? to'],
    next: ['next'],
  },
  notNames: words(`president presidents minister prime premier secretary general gen col colonel lt lieutenant sgt capt
  captain commander chief king queen prince sir lord dr prof mr mrs ms st saint interim former acting deputy vice head
  leader leaders official officials spokesman spokesperson north south east west northern southern eastern western
  breaking update updated exclusive video photos photo live direct urgent posted copyright read share`),
  storyStopwords: words(`a about above after again against all almost also although am among an and another any are around as at
be because been before being below between both but by can cannot could did do does doing done down during each either
else even ever every few for from further had has have having he her here hers herself him himself his how however i if in
into is it its itself just least less like made make many may me might more most much must my myself near neither never
no nor not now of off often on once one only or other others our ours ourselves out over own per perhaps rather same
several she should since so some still such than that the their theirs them themselves then there these they this those
though through thus to too toward towards under until up upon us very via was we were what when where whether which while
who whom whose why will with within without would yet you your yours yourself yourselves
said says say saying told tell according reported reports report added adding stated statement asked
new also including include includes included last next first second third week weeks day days month months year years
today yesterday tomorrow time times ago recent recently currently already well back way get got go going went come came
take took taken use used using per cent percent mr mrs ms`),
  // Sentence comparison in summaries (src/summaries/words.ts): as written, accents kept; a shorter list.
  summaryStopwords: words(
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him himself ' +
    'his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them themselves then there these they this ' +
    'those through to too under until up very was we were what when where which while who whom why will with would you your ' +
    'yours yourself yourselves said says say told according mr mrs ms one two new year years last first also like may might must ' +
    'us s t n\'t \'s would could last week day time',
  ),
  filler: [
    // English padding, common in rewritten and generated copy.
    /\b(it is|it's) (worth (noting|mentioning|highlighting)|important to (note|consider|remember|understand|highlight|recognize|emphasize)|crucial to (note|understand)|essential to (note|understand))\b/i,
    /\b(it should be noted|needless to say|it goes without saying|as we all know|interestingly enough)\b/i,
    /^(in conclusion|to conclude|in summary|to sum up|all in all|overall|ultimately|in essence|in short)\b,?/i,
    /\b(cannot|can ?not|can't) be (understated|overstated|ignored|overlooked|underestimated)\b/i,
    /\bplays? an? (crucial|vital|key|pivotal|significant|important) role\b/i,
    /\b(only time will tell|remains to be seen|the (international community|world) (will be|is) (closely )?(watching|monitoring))\b/i,
    /\b(far-reaching (consequences|implications)|a testament to|in today's (world|landscape)|navigat(e|ing) the complex)\b/i,
    // Calls to action and page furniture that survived extraction.
    /\b(click here|scroll down (for|to)|watch the video|sign up (for|to)|subscribe to|follow us on|read more:|download (the|our) app)\b/i,
  ],
  // Porter (1980), as ROUGE-1.5.5 stems: plain words of four letters or more; others (hyphenated, digits) as they are.
  stem: (word) => (/^[a-z]+$/.test(word) && word.length > 3 ? porterStem(word) : word),
};

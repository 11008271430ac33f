// Furniture run into a paragraph's sentences, in English and French: shared by article cleanup (which drops
// it from scraped text) and the summariser (which never quotes it), so it lives with the other language knowledge.

// Copied or scraped text often loses the line breaks around furniture: "… au nord du pays. Lire aussi : <a
// headline> <the story goes on>", "Simon Gongo, Ouagadougou, BBC Afrique Au moins 2 000 habitants…". These
// patterns read one sentence of a paragraph at a time; each is anchored at the sentence's start or has only
// bounded repeats, so a hostile 200 KB "sentence" costs linear time.

/** Outlets whose name closes a byline run into a paragraph's first sentence. */
const OUTLETS = [
  'BBC Afrique', 'BBC News Afrique', 'BBC Africa', 'BBC News', 'BBC Sport Africa', 'BBC', 'Al Jazeera', 'RFI', 'France 24', 'AFP',
  'Reuters', 'Associated Press', 'VOA Afrique', 'VOA', 'Deutsche Welle', 'DW', 'Jeune Afrique', 'Le Monde Afrique', 'Studio Tamani',
  'APA', 'Anadolu', 'Xinhua', 'The New Humanitarian',
];

const NAME = "[\\p{Lu}][\\p{L}'’.-]{0,30}";
const NAMES = `${NAME}(?: ${NAME}){0,3}`;

/**
 * "Simon Gongo, Ouagadougou, BBC Afrique Au moins…", "Awa Traoré et Ali Sow, BBC Afrique Les…": one to four
 * names, maybe a place, then an outlet, run into the first sentence (which starts with a capital).
 */
const RUN_IN_BYLINE = new RegExp(
  `^(?:(?:par|by) )?${NAMES}(?:(?:, | et | and | & )${NAMES}){0,3}, (?:${[...OUTLETS]
    .sort((a, b) => b.length - a.length)
    .map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})(?:, ${NAMES})? (?=["“«]?[\\p{Lu}\\p{N}])`,
  'u',
);

/** What opens a pointer to other pages, then a colon: "Lire aussi :", "A surtout lire sur BBC Afrique :", "Read more:". */
const READ_ALSO_OPENERS = [
  '(?:à|a) (?:surtout |aussi )?(?:lire|voir|suivre|écouter|regarder|découvrir)(?: (?:aussi|également|surtout))?',
  '(?:à|a) ne pas manquer',
  '(?:lire|voir|regardez|regarder|écoutez|écouter|découvrez) (?:aussi|également|encore)',
  'read (?:more|also|next)', 'also read', 'see also', 'more on this(?: story)?', 'related(?: stories| articles| content| coverage)?',
  'watch(?: this| the video)?', 'listen(?: to this)?', "don[’']?t miss", 'must read', 'recommended(?: reading| stories)?',
];
/** Between the opener and its colon: where ("sur BBC Afrique", "on our site") or what about ("sur la RDC"). */
const READ_ALSO_WHERE = "(?: (?:sur|on|from|de|du|about|dans|in|here|again|also|aussi)(?: [^.!?:]{1,60})?)?";
/** Openers that need no colon: "À lire aussi Le Mali rouvre…", "Read more Mali junta…". */
const BARE_READ_ALSO = ['(?:à |a )?lire (?:aussi|également)', 'read (?:more|also)', 'also read', 'see also'];
const READ_ALSO = new RegExp(
  `^(?:(?:${READ_ALSO_OPENERS.join('|')})${READ_ALSO_WHERE} ?:|(?:${BARE_READ_ALSO.join('|')})(?: here\\b| (?=["“«]?\\p{Lu})))`,
  'iu',
);

/** A programme's blurb: who presents it, where to listen again. */
const PROGRAMME_BLURBS: RegExp[] = [
  /(?<!\p{L})(?:est|était) une (?:émission|chronique|rubrique) (?:de|d['’]|présentée|animée|produite|hebdomadaire|quotidienne)/iu,
  /(?<!\p{L})émission\b[^.!?]{0,60}\b(?:présentée|animée) par\b/iu,
  /\b(?:is|was) (?:a|our) (?:weekly |daily |monthly )?(?:programme|program|show|podcast) (?:presented|hosted|produced) by\b/i,
  /^(?:\(ré\) ?|ré)?[ée]coutez(?:-le|-la|-les)?\b/iu,
  /^(?:listen|listen again|watch again|catch up) (?:to |on )?(?:the |this |our )?(?:full )?(?:programme|program|episode|podcast|interview|show)\b/i,
  /^["“'‘«\s]{0,3}(?:listen|watch|écoutez|regardez)\b[^.!?]{0,80}\b(?:on|sur) (?:BBC Sounds|BBC iPlayer)\b/iu,
];

/** A label before a programme's blurb ("Cette semaine dans Questions d'Argent :"): it goes, the blurb's sentence stays. */
const PROGRAMME_LABEL = /^(?:cette semaine|ce mois-ci|this week|this month) (?:dans|sur|on|in) [^.!?:]{1,60}: ?(?=["“«]?\p{Lu})/iu;

/** What opens a list of other episodes or articles: the rest of the paragraph is that list. */
const LIST_TAIL =
  /^(?:d['’]autres|autres) (?:sujets|épisodes|émissions|articles|reportages)\b[^.!?:]{0,60}:|^(?:other|more) (?:topics|episodes|stories|programmes|programs|articles) (?:from|in|on|of) (?:this|the|our)\b[^.!?:]{0,60}:|^more from this (?:programme|program|show|series)\b/iu;

/**
 * One paragraph's sentences without the furniture run into them: a byline before the first sentence and a
 * programme label are cut off; "read also" pointers (with the headline run into the sentence after them) and
 * programme blurbs go; a list of other episodes or articles takes the rest of the paragraph. `null` stands
 * for each sentence dropped, so the result lines up with the input.
 */
export function withoutRunInFurniture(sentences: readonly string[]): Array<string | null> {
  let inList = false;
  return sentences.map((sentence, i) => {
    let text = i === 0 ? sentence.replace(RUN_IN_BYLINE, '') : sentence;
    text = text.replace(PROGRAMME_LABEL, '');
    if (LIST_TAIL.test(text)) inList = true;
    if (inList || !text.trim() || READ_ALSO.test(text) || PROGRAMME_BLURBS.some((p) => p.test(text))) return null;
    return text;
  });
}

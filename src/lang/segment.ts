// Splits English and French news text into sentences: line breaks are hard boundaries; a full stop is one
// only when what follows starts a sentence and what precedes is not an abbreviation (U.S., Gen., M., Mme),
// and a quotation stays whole ("We will win. We are ready," he said).

export interface Sentence {
  text: string;
  /** Paragraph number (0-based): paragraphs are the text's lines. */
  paragraph: number;
  /** Sentence number in the whole text (0-based). */
  index: number;
}

/** Abbreviations that precede a name or a number, so their full stop never ends a sentence (lower-cased, no dot). */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms mx dr prof gen lt col maj capt cmdr sgt cpl pvt adm gov sen rep rev hon pres supt insp det st mt ft ' +
    'vol vols fig figs approx dept univ assn ave blvd rd jan feb mar apr jun jul aug sep sept oct nov dec vs cf eg ie viz ca ' +
    'm mm mme mmes mlle mlles me mgr pr ste av bd éd env tél art chap p pp'
  ).split(' '),
);

/** Abbreviations that may also close a sentence ("… and so on, etc."): treated like acronyms. */
const CLOSING_ABBREVIATIONS = new Set('etc inc ltd co corp bros jr sr no nos al'.split(' '));

/** Words that begin sentences often enough to confirm a boundary after an acronym ("… the U.S. The move …"). */
const SENTENCE_OPENERS = new Set(
  (
    'the a an he she it they we i you in on at but and this that these those his her their its there as after when while if ' +
    'for however meanwhile also some many most one two le la les l il elle ils elles un une des ce cette ces mais et en selon ' +
    'dans pour au aux du de lors après depuis nous on son sa ses leur leurs cependant par sur'
  ).split(' '),
);

const CLOSERS = '"”»’\')]';
const OPENERS = '"“«‘\'([';

/** Longest quotation kept whole; past this a quote mark is probably unbalanced. */
const MAX_QUOTED_CHARS = 600;

export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let paragraph = 0;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.replace(/\s+/g, ' ').trim();
    if (!trimmed) continue;
    for (const piece of splitParagraph(trimmed)) sentences.push({ text: piece, paragraph, index: sentences.length });
    paragraph++;
  }
  return sentences;
}

function splitParagraph(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let quoteDepth = 0;
  let straightOpen = false;
  let quoteStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '“' || c === '«') {
      if (quoteDepth === 0) quoteStart = i;
      quoteDepth++;
    } else if ((c === '”' || c === '»') && quoteDepth > 0) {
      quoteDepth--;
    } else if (c === '"') {
      straightOpen = !straightOpen;
      if (straightOpen) quoteStart = i;
    }
    if (c !== '.' && c !== '!' && c !== '?' && c !== '…') continue;
    // Take the whole run of terminal marks and closers: `?!`, `...`, `."`, `. »`.
    let end = i + 1;
    while (end < text.length && (/[.!?…]/.test(text[end]!) || CLOSERS.includes(text[end]!) || (text[end] === ' ' && /[»”]/.test(text[end + 1] ?? '')))) {
      const d = text[end]!;
      if ((d === '”' || d === '»') && quoteDepth > 0) quoteDepth--;
      if (d === '"' && straightOpen) straightOpen = false;
      end++;
    }
    if (end >= text.length) break;
    if (text[end] !== ' ') {
      i = end - 1;
      continue;
    }
    const next = text.slice(end + 1);
    const inQuote = (quoteDepth > 0 || straightOpen) && end - quoteStart < MAX_QUOTED_CHARS;
    // Only the word before the stop matters; handing over the whole sentence so far made a run of initials
    // ("A. B. C. …", never split) cost the square of its length.
    const word = text.slice(Math.max(start, text.lastIndexOf(' ', i) + 1), i + 1);
    if (!inQuote && startsSentence(next) && !(c === '.' && endsWithAbbreviation(word, next))) {
      pieces.push(text.slice(start, end).trim());
      start = end + 1;
    }
    i = end - 1;
  }
  const rest = text.slice(start).trim();
  if (rest) pieces.push(rest);
  return pieces;
}

function startsSentence(next: string): boolean {
  const first = next[0];
  if (first === undefined) return false;
  if (OPENERS.includes(first) || first === '—' || first === '–') return true;
  return /[\p{Lu}\p{N}]/u.test(first);
}

/** True when the full stop closing `before` belongs to an abbreviation rather than ending the sentence. */
function endsWithAbbreviation(before: string, next: string): boolean {
  const word = /(\S+)\.$/.exec(before)?.[1] ?? '';
  const bare = word.replace(/^[("“«'‘]+/, '');
  // Initials and single letters: "J. K. Rowling", "M. Goïta".
  if (/^\p{L}$/u.test(bare)) return true;
  if (ABBREVIATIONS.has(bare.toLowerCase())) return true;
  // Dotted acronyms ("U.S.", "a.m.") end a sentence only before a word that usually opens one.
  if (/^(\p{L}\.)+\p{L}$/u.test(bare) || CLOSING_ABBREVIATIONS.has(bare.toLowerCase())) {
    const nextWord = /^[^\s]+/.exec(next)?.[0].replace(/[^\p{L}']/gu, '').toLowerCase() ?? '';
    return !SENTENCE_OPENERS.has(nextWord.replace(/'.*$/, ''));
  }
  return false;
}

// ---- Sentences that lean on the one before ---------------------------------------------------------------

/** Demonstratives and pronouns that open a sentence by pointing back ("This came after…", "Ce dernier…", "He said…"). */
const BACK_REFERENCES = new Set(
  (
    'this that these those such he she it they his her its their him them ' +
    'c ce cet cette ces cela ceci ça celui-ci celle-ci ceux-ci celles-ci il elle ils elles lui eux leur leurs son sa ses'
  ).split(' '),
);

/** After a demonstrative, a time ("This week", "Cette année", "Ce mardi"), not something said before. */
const TIME_WORDS = new Set(
  (
    'week weekend year month morning afternoon evening night time day monday tuesday wednesday thursday friday saturday sunday ' +
    'semaine week-end année an mois matin après-midi soir soirée nuit jour jour-là lundi mardi mercredi jeudi vendredi samedi dimanche fois'
  ).split(' '),
);

/**
 * Nouns that, after "the"/"le", name what the previous sentence reported ("The move…", "Le message appelle…"),
 * unless a complement says which ("The attack on the base…", "La décision de fermer…").
 */
const SHELL_NOUNS = new Set(
  (
    'move decision statement message announcement attack incident comments remarks call report letter video tweet post deal ' +
    'agreement measure operation visit meeting request ban plan claim raid strike ruling offensive warning appeal proposal latter former ' +
    'communiqué déclaration décision annonce attaque incident rapport lettre vidéo opération accord mesure appel demande visite ' +
    'réunion texte projet initiative propos démarche arrestation enlèvement embuscade assaut'
  ).split(' '),
);
const DEFINITE_ARTICLES = new Set(['the', 'le', 'la', 'les', 'l']);
/** Words after a shell noun that say which one is meant, so that the sentence stands alone. */
const COMPLEMENTS = new Set('of to on in by that which who from for at with over about against de du des d à au aux sur qui que dont contre par pour avec en'.split(' '));
/** Connectives skipped before the subject ("But he said…", "Mais ce dernier…"). */
const CONNECTIVES = new Set('but and yet however also then mais et pourtant cependant toutefois aussi puis or'.split(' '));

/** "It is not clear…", "Il y a…", "Il faut…": an empty subject, not a reference (read on the words joined by spaces). */
const IMPERSONAL =
  /^(?:it (?:is|s|was|has been|remains|seems|appears|will be|would be) (?:not )?(?:\p{L}+ )?\p{L}+ (?:to|that|whether|how|what|who|when|why|if|for)\b|it (?:is|s|was) (?:not )?(?:yet |immediately |still )?(?:clear|unclear|known|unknown)\b|il (?:y a|y avait|faut|fallait|reste|semble|paraît|convient)(?: |$)|il (?:est|était) \p{L}+ (?:de|d|que|qu) )/iu;

/** "This haunted mirror (left) is said…", "Ces images montrent…": what is pointed at is a picture, not a sentence. */
const POINTS_AT_PICTURE = /\( ?(?:left|right|above|below|top|bottom|centre|center|pictured|inset|à gauche|à droite|ci-dessus|photo) ?\)|\b(?:pictured|shown here|in this (?:photo|picture|image|video)|sur cette (?:photo|image|vidéo)|ci-dessus)\b/i;

/**
 * True when a sentence's subject refers back to something said before it: a leading demonstrative or
 * pronoun, or "the"/"le" before a noun naming what was just reported. Such a sentence cannot open a summary
 * without its antecedent.
 */
export function refersBack(sentence: string): boolean {
  const head = sentence.slice(0, 120).replace(/^[\s"“«‘'(—–-]+/, '');
  const words = head.toLowerCase().split(/[\s'’,;:]+/).filter(Boolean);
  let i = 0;
  while (i < 2 && CONNECTIVES.has(words[i] ?? '')) i++;
  // "Selon lui", "According to them": the source is someone named before.
  if (words[i] === 'selon' || (words[i] === 'according' && words[i + 1] === 'to')) {
    const pronoun = words[words[i] === 'selon' ? i + 1 : i + 2] ?? '';
    return ['lui', 'elle', 'eux', 'elles', 'him', 'her', 'them', 'it', 'this', 'ce', 'cela'].includes(pronoun);
  }
  const first = words[i] ?? '';
  if (IMPERSONAL.test(words.slice(i).join(' ')) || POINTS_AT_PICTURE.test(sentence)) return false;
  if (BACK_REFERENCES.has(first)) return !TIME_WORDS.has(words[i + 1] ?? '');
  return DEFINITE_ARTICLES.has(first) && SHELL_NOUNS.has(words[i + 1] ?? '') && !COMPLEMENTS.has(words[i + 2] ?? '');
}

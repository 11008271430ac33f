// What a stage needs to know about one language, in one place: a LanguagePack per language (src/lang/en.ts,
// src/lang/fr.ts), listed in PACKS in the order of LANGUAGES. Words are lower-case and accent-folded (the
// stages fold text the same way before they look a word up). A stage that reads text of any language (story
// matching, feed dates) merges every pack; one that knows the text's language picks its pack with packOf().
import type { Lang } from './languages.js';

export interface LanguagePack {
  lang: Lang;
  /** The language's name in English, as an LLM is asked to write in it ("French"). */
  name: string;
  /** The commonest function words, lower-case as written: language detection counts them (src/lang/detect.ts). */
  detectionWords: readonly string[];
  /** By month (index 0 = January): the names and abbreviations written in running text ("Jan 6", "6 janvier"). */
  months: readonly (readonly string[])[];
  /** By month: further abbreviations seen only in bylines and feed dates ("janv.", "fevr."); [] where none. */
  monthAbbreviations: readonly (readonly string[])[];
  /** By day of the week (index 0 = Sunday, as Date.getUTCDay). */
  weekdays: readonly string[];
  /** Weekday abbreviations read in feed dates ("Mon", "lun."): none that is also a month's ("mar"). */
  weekdayAbbreviations: readonly string[];
  /** Phrases that name a day relative to publication, with its offset in days ("yesterday": -1). */
  relativeDays: Readonly<Record<string, number>>;
  /** Phrases that name a week or month relative to publication: offset in days and how precise it is. */
  relativeWeeks: Readonly<Record<string, readonly [offsetDays: number, precision: 'week' | 'month']>>;
  /** Words around a date in a byline or feed date, skipped by the feed date parser ("le 3 juin à 14h30"). */
  bylineDateWords: readonly string[];
  /**
   * The words around dates in running text (src/stories/dates.ts), as regular-expression sources over folded,
   * lower-case text.
   */
  dateWords: {
    /** After a day number: "1st", "1er". */
    ordinals: readonly string[];
    /** Between a weekday and its day: "Tuesday the 15th", "mardi le 15". */
    weekdayArticles: readonly string[];
    /** Before a year standing alone: "in 2019", "jusqu'en 2019". */
    yearPrepositions: readonly string[];
    /** Before a date that says when a state began ("since July 26"), and the articles that may follow them. */
    since: readonly string[];
    sinceArticles: readonly string[];
    /** A period's first day ("from 8 to 20 November", "du 8 au 20"): the words before it, between the days, and the articles after those. */
    periodFrom: readonly string[];
    periodTo: readonly string[];
    periodToArticles: readonly string[];
    /** Before a date that is announced, not reported: "will meet on Thursday", "doit se tenir le". */
    future: readonly string[];
    /** After a weekday that is to come: "Monday next", "lundi prochain". */
    next: readonly string[];
  };
  /**
   * Capitalised for grammar or as a title, not a name ("President", "Général", "Breaking"): story matching drops
   * them from the names it compares (besides months and weekdays); folded.
   */
  notNames: readonly string[];
  /**
   * Words that say nothing about which event a report tells (function words, reporting verbs, dates), for story
   * matching; folded and accent-free.
   */
  storyStopwords: readonly string[];
  /**
   * Function words left out when summaries compare sentences, as written (accents kept). A different list from
   * storyStopwords: each was tuned on its own stage's evaluation.
   */
  summaryStopwords: readonly string[];
  /**
   * Sentences that carry no news (summaries, src/summaries/filler.ts): padding ("It is worth noting", "In
   * conclusion"), calls to action ("Click here") and teasers; tested on the sentence as written.
   */
  filler: readonly RegExp[];
  /** A word's stem for comparing sentences in summaries: the word as lower-cased there; returns it unchanged if it cannot stem it. */
  stem(word: string): string;
}

/** A list of words written as one string, split on any whitespace. */
export function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

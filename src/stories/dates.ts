// Dates written in a news text (EN and FR), resolved against the item's publication date, and the date of
// the event the item reports: "on Tuesday" in the lead of a piece published Tue 15 Aug 2023 is 2023-08-15.
import { foldAccents } from './text.js';
import { PACKS, type LanguagePack } from '../lang/packs.js';

const DAY_MS = 86_400_000;

export type DatePrecision = 'day' | 'week' | 'month' | 'year';

export interface DateMention {
  /** Character span in the text that was searched. */
  offset: number;
  end: number;
  /** UTC midnight of the date (epoch ms) when it can be placed on the calendar, else null. */
  day: number | null;
  precision: DatePrecision;
  /** "07-26" for a written day and month, with or without a year: comparable even without a publication date. */
  monthDay: string | null;
  /** A year written in the text. */
  year: number | null;
  /**
   * "since July 26", "depuis le 26 juillet": when a state began; "du 8 au 20 novembre 2018", "from 8 to 20
   * November": the end of a period. Neither is what the item reports.
   */
  since: boolean;
  /** "will meet on Thursday", "demain". */
  future: boolean;
}

/** The event an item reports, placed on the calendar, with how far another report's date may drift. */
export interface EventDate {
  /** UTC midnight (epoch ms), or null when only the day and month are written ("Jan 6") and nothing dates the item. */
  day: number | null;
  /** Day of the year (0–365, leap-year calendar): compares "Jan 6" with "June 11" even without a year. */
  dayOfYear: number;
  toleranceDays: number;
}

// Month and weekday names and relative days of every language: a story's text may be in any of them.
const MONTHS: Record<string, number> = Object.fromEntries(PACKS.flatMap((p) => p.months.flatMap((names, i) => names.map((n) => [n, i + 1]))));
const WEEKDAYS: Record<string, number> = Object.fromEntries(PACKS.flatMap((p) => p.weekdays.map((n, day) => [n, day])));
const RELATIVE_DAYS: Record<string, number> = Object.assign({}, ...PACKS.map((p) => p.relativeDays));
const RELATIVE_WEEKS: Record<string, readonly [offsetDays: number, precision: DatePrecision]> = Object.assign({}, ...PACKS.map((p) => p.relativeWeeks));

const MONTH_RE = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const WEEKDAY_RE = Object.keys(WEEKDAYS).join('|');
/** One alternation of every pack's words of a kind (regex sources); `then` follows each ("le" → "le\\s+"). */
const any = (pick: (w: LanguagePack['dateWords']) => readonly string[], then = '') => PACKS.flatMap((p) => pick(p.dateWords)).map((w) => w + then).join('|');
const ORDINAL = `(?:${any((w) => w.ordinals)})?`;
const WEEKDAY_PREFIX = `(?:(?:${WEEKDAY_RE}),?\\s+(?:${any((w) => w.weekdayArticles, '\\s+')})?)?`;
const YEAR = '(?:,?\\s+(\\d{4}))?';

// Each pattern names its groups by position: day, month, year.
const DAY_MONTH = new RegExp(`\\b${WEEKDAY_PREFIX}(\\d{1,2})${ORDINAL}\\s+(?:of\\s+)?(${MONTH_RE})\\b\\.?${YEAR}`, 'g');
const MONTH_DAY = new RegExp(`\\b${WEEKDAY_PREFIX}(${MONTH_RE})\\b\\.?\\s+(\\d{1,2})${ORDINAL}\\b(?![.,]?\\d)${YEAR}`, 'g');
const MONTH_YEAR = new RegExp(`\\b(${MONTH_RE})\\b\\.?\\s+(\\d{4})\\b`, 'g');
const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const NUMERIC = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/g;
const WEEKDAY = new RegExp(`\\b(${WEEKDAY_RE})s?\\b`, 'g');
const RELATIVE = new RegExp(
  `\\b(${[...Object.keys(RELATIVE_DAYS), ...Object.keys(RELATIVE_WEEKS)].sort((a, b) => b.length - a.length).join('|')})\\b`,
  'g',
);
const YEAR_ALONE = new RegExp(`\\b(?:${any((w) => w.yearPrepositions)})\\s+((?:19|20)\\d{2})\\b`, 'g');

// Cues around a mention, tested on the text just before (or after) it.
const SINCE_CUE = new RegExp(`\\b(?:${any((w) => w.since)})\\s+(?:${any((w) => w.sinceArticles, '\\s+')})?$`);
const PERIOD_CUE = new RegExp(
  `\\b(?:${any((w) => w.periodFrom)})\\s+\\d{1,2}${ORDINAL}(?:\\s+[a-z]+)?\\s*(?:${any((w) => w.periodTo)}|-)\\s*(?:${any((w) => w.periodToArticles, '\\s+')})?$`,
);
const FUTURE_CUE = new RegExp(`\\b(?:${any((w) => w.future)})\\b[^.!?]{0,40}$`);
const NEXT_CUE = new RegExp(`^\\s*(?:${any((w) => w.next)})\\b`);

/** Every date the text writes, resolved against publishedAt where possible (clutter dates after it are dropped). */
export function findDateMentions(text: string, publishedAt: number | null): DateMention[] {
  return mentionsIn(foldAccents(text).toLowerCase(), publishedAt);
}

function mentionsIn(text: string, publishedAt: number | null): DateMention[] {
  const found: DateMention[] = [];
  const push = (index: number, length: number, fields: Omit<DateMention, 'offset' | 'end' | 'since' | 'future'>, intrinsicFuture = false) => {
    const before = text.slice(Math.max(0, index - 60), index);
    const after = text.slice(index + length, index + length + 12);
    const future = intrinsicFuture || FUTURE_CUE.test(before) || NEXT_CUE.test(after);
    found.push({ ...fields, offset: index, end: index + length, since: SINCE_CUE.test(before) || PERIOD_CUE.test(before), future });
  };

  for (const m of text.matchAll(DAY_MONTH)) push(m.index, m[0].length, calendar(Number(m[1]), MONTHS[m[2]!]!, m[3]));
  for (const m of text.matchAll(MONTH_DAY)) push(m.index, m[0].length, calendar(Number(m[2]), MONTHS[m[1]!]!, m[3]));
  for (const m of text.matchAll(MONTH_YEAR)) {
    const year = Number(m[2]);
    push(m.index, m[0].length, { day: Date.UTC(year, MONTHS[m[1]!]! - 1, 1), precision: 'month', monthDay: null, year });
  }
  for (const m of text.matchAll(ISO)) push(m.index, m[0].length, calendar(Number(m[3]), Number(m[2]), m[1]));
  for (const m of text.matchAll(NUMERIC)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    // Day first unless that is impossible: the Sahel press writes 26/07/2023.
    push(m.index, m[0].length, b > 12 ? calendar(b, a, m[3]) : calendar(a, b, m[3]));
  }
  for (const m of text.matchAll(YEAR_ALONE)) {
    const year = Number(m[1]);
    push(m.index + m[0].length - 4, 4, { day: Date.UTC(year, 0, 1), precision: 'year', monthDay: null, year });
  }
  for (const m of text.matchAll(WEEKDAY)) push(m.index, m[0].length, { day: null, precision: 'day', monthDay: null, year: null });
  for (const m of text.matchAll(RELATIVE)) {
    const phrase = m[1]!;
    const week = RELATIVE_WEEKS[phrase];
    push(m.index, m[0].length, { day: null, precision: week ? week[1] : 'day', monthDay: null, year: null }, (week ? week[0] : RELATIVE_DAYS[phrase]!) > 0);
  }

  const mentions = dropOverlaps(found);
  return mentions
    .map((m) => resolve(m, text, publishedAt))
    .filter((m): m is DateMention => m !== null);
}

function calendar(day: number, month: number, yearText: string | undefined): Omit<DateMention, 'offset' | 'end' | 'since' | 'future'> {
  if (month < 1 || month > 12 || day < 1 || day > 31) return { day: null, precision: 'day', monthDay: null, year: null };
  const year = yearText ? Number(yearText) : null;
  const monthDay = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { day: year !== null ? Date.UTC(year, month - 1, day) : null, precision: 'day', monthDay, year };
}

// Earlier and longer matches win: "Tuesday, August 15" is one mention, not a weekday and a date.
function dropOverlaps<T extends { offset: number; end: number }>(found: T[]): T[] {
  found.sort((a, b) => a.offset - b.offset || b.end - a.end);
  const kept: T[] = [];
  let reach = -1;
  for (const m of found) {
    if (m.offset < reach) continue;
    kept.push(m);
    reach = m.end;
  }
  return kept;
}

function resolve(m: DateMention, text: string, publishedAt: number | null): DateMention | null {
  const mention = { ...m };
  const pubDay = publishedAt === null ? null : Math.floor(publishedAt / DAY_MS) * DAY_MS;
  if (mention.day === null && pubDay !== null) mention.day = relativeDay(mention, text, pubDay);
  // A calendar date days after publication that nobody announces is page clutter ("Wednesday, January 29, 2025").
  if (pubDay !== null && mention.day !== null && !mention.future && mention.day > pubDay + 2 * DAY_MS) {
    if (mention.year !== null || mention.monthDay === null) return null;
  }
  return mention;
}

function relativeDay(m: DateMention, text: string, pubDay: number): number | null {
  const phrase = text.slice(m.offset).match(/^[a-z' -]+/)?.[0].trim() ?? '';
  if (m.monthDay !== null) {
    // Day and month without a year: the nearest such date before publication, or after it when announced.
    const [month, day] = m.monthDay.split('-').map(Number) as [number, number];
    const year = new Date(pubDay).getUTCFullYear();
    let at = Date.UTC(year, month - 1, day);
    // A day within two months after publication is more likely announced ("the March 29 vote") than a year old.
    if (!m.future && at > pubDay + 60 * DAY_MS) at = Date.UTC(year - 1, month - 1, day);
    if (m.future && at < pubDay - 2 * DAY_MS) at = Date.UTC(year + 1, month - 1, day);
    return at;
  }
  const weekday = WEEKDAYS[phrase.replace(/s$/, '').split(' ')[0] ?? ''];
  if (weekday !== undefined) {
    const today = new Date(pubDay).getUTCDay();
    const delta = m.future ? (weekday - today + 7) % 7 : -((today - weekday + 7) % 7);
    return pubDay + delta * DAY_MS;
  }
  for (const [key, offset] of Object.entries(RELATIVE_DAYS)) if (phrase.startsWith(key)) return pubDay + offset * DAY_MS;
  for (const [key, [offset]] of Object.entries(RELATIVE_WEEKS)) if (phrase.startsWith(key)) return pubDay + offset * DAY_MS;
  return null;
}

const TOLERANCE_DAYS: Record<DatePrecision, number> = { day: 3, week: 10, month: 35, year: 370 };

/**
 * The date of the reported event: the first past, dated mention in the headline or the lead (the first two
 * sentences of prose). "Since …" dates and announcements are skipped: they say when a situation began or what
 * comes next. A date line at the top of a page is not used: it dates the page (often a later update), which
 * the feed's publication date already does.
 */
export function inferEventDate(title: string, body: string, publishedAt: number | null): EventDate | null {
  return eventDateFrom(findDateMentions(title, publishedAt), findDateMentions(body, publishedAt), foldAccents(body), publishedAt);
}

/**
 * inferEventDate for callers that already hold the mentions of the folded title and body. `publishedAt` lets a
 * lead that dates its event recently ("arrived on Thursday evening") win over an older date it recalls
 * ("kidnapped on 24 December 2016"), and a day after publication count as announced.
 */
export function eventDateFrom(titleMentions: DateMention[], bodyMentions: DateMention[], foldedBody: string, publishedAt: number | null = null): EventDate | null {
  const fromTitle = pickEvent(titleMentions, () => true, publishedAt);
  if (fromTitle) return fromTitle;
  const [leadStart, leadEnd] = leadSpan(foldedBody);
  return pickEvent(bodyMentions, (m) => m.offset >= leadStart && m.offset < leadEnd, publishedAt);
}

// A lead that recalls an older event names it beside the new one: the first date within RECENT_DAYS before
// publication wins; failing that, the first date.
const RECENT_DAYS = 7;

function pickEvent(mentions: DateMention[], inScope: (m: DateMention) => boolean, publishedAt: number | null): EventDate | null {
  const pubDay = publishedAt === null ? null : Math.floor(publishedAt / DAY_MS) * DAY_MS;
  const candidates = mentions.filter((m) => {
    if (!inScope(m) || m.since || m.future || m.precision === 'year' || m.precision === 'month') return false;
    // "les législatives du 29 mars" written on 26 March: announced, whatever the words around it.
    return !(pubDay !== null && m.day !== null && m.day > pubDay + 2 * DAY_MS);
  });
  const recent = pubDay === null ? undefined : candidates.find((m) => m.day !== null && m.day >= pubDay - RECENT_DAYS * DAY_MS);
  for (const m of recent ? [recent] : candidates) {
    if (m.day !== null) return { day: m.day, dayOfYear: dayOfYear(m.day), toleranceDays: TOLERANCE_DAYS[m.precision] };
    if (m.monthDay !== null) {
      const [month, day] = m.monthDay.split('-').map(Number) as [number, number];
      return { day: null, dayOfYear: dayOfYear(Date.UTC(2000, month - 1, day)), toleranceDays: TOLERANCE_DAYS[m.precision] };
    }
  }
  return null;
}

function dayOfYear(at: number): number {
  const d = new Date(at);
  return Math.round((Date.UTC(2000, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(2000, 0, 1)) / DAY_MS);
}

/** Whether two event dates are further apart than either's precision allows (different events). */
export function eventDatesConflict(a: EventDate, b: EventDate): boolean {
  const tolerance = Math.max(a.toleranceDays, b.toleranceDays);
  if (a.day !== null && b.day !== null) return Math.abs(a.day - b.day) > tolerance * DAY_MS;
  const gap = Math.abs(a.dayOfYear - b.dayOfYear);
  return Math.min(gap, 366 - gap) > tolerance;
}

// The first line of prose (eight words or more, mostly lower case: not a shouted or title-case headline)
// and the sentence after it.
function leadSpan(body: string): [number, number] {
  let offset = 0;
  for (const line of body.split('\n')) {
    const words = line.match(/[A-Za-z]+/g) ?? [];
    const lower = words.filter((w) => w.charCodeAt(0) >= 97).length;
    if (words.length >= 8 && lower * 2 >= words.length) {
      const sentences = /^(?:[^.!?]*?[.!?](?:\s|$)){1,2}/.exec(line)?.[0] ?? line;
      return [offset, offset + Math.max(sentences.length, Math.min(line.length, 300))];
    }
    offset += line.length + 1;
  }
  return [0, Math.min(body.length, 300)];
}

/** Whole days between two instants, rounded down. */
export function daysBetween(earlier: number, later: number): number {
  return Math.floor((later - earlier) / DAY_MS);
}

export { DAY_MS };

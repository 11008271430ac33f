// Feed dates as publishers really write them: RFC 822 and its many variants, ISO 8601 / W3C-DTF,
// asctime, French (and a few other) month names. Returns epoch ms in UTC, or null when unsure.
import { PACKS } from '../lang/packs.js';

/** Month names in languages we have no pack for but publishers write dates in: German, Hungarian, Greek. */
const OTHER_MONTH_NAMES: readonly (readonly string[])[] = [
  ['januar', 'ianouarios', 'ιανουαριος', 'ιανουαριου', 'ιαν'],
  ['februar', 'φεβρουαριος', 'φεβρουαριου', 'φεβ'],
  ['marcius', 'μαρτιος', 'μαρτιου', 'μαρ'],
  ['aprilis', 'απριλιος', 'απριλιου', 'απρ'],
  ['majus', 'μαιος', 'μαιου', 'μαι'],
  ['junius', 'ιουνιος', 'ιουνιου', 'ιουν', 'ιον'],
  ['julius', 'ιουλιος', 'ιουλιου', 'ιουλ', 'ιολ'],
  ['augusztus', 'αυγουστος', 'αυγουστου', 'αυγ'],
  ['szeptember', 'σεπτεμβριος', 'σεπτεμβριου', 'σεπ'],
  ['oktober', 'οκτωβριος', 'οκτωβριου', 'οκτ'],
  ['νοεμβριος', 'νοεμβριου', 'νοε'],
  ['δεκεμβριος', 'δεκεμβριου', 'δεκ'],
];

/** Month names and abbreviations, accent-free and lower-case: every language pack's, then the others above. */
const MONTH_NAMES: readonly (readonly string[])[] = OTHER_MONTH_NAMES.map((others, i) => [
  ...PACKS.flatMap((p) => [...p.months[i]!, ...p.monthAbbreviations[i]!]),
  ...others,
]);

const WEEKDAY_NAMES = new Set([
  ...PACKS.flatMap((p) => [...p.weekdays, ...p.weekdayAbbreviations]),
  ...['κυρ', 'δευ', 'τρι', 'τετ', 'πεμ', 'παρ', 'σαβ'],
]);

/** Zone abbreviations → minutes east of UTC. Ambiguous ones (IST, BST-as-Bangladesh…) are left out. */
const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, 'etc/gmt': 0, 'etc/utc': 0, wet: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  ast: -240, adt: -180, et: -300, ct: -360, mt: -420, pt: -480, at: -240,
  akst: -540, akdt: -480, hst: -600,
  met: 60, cet: 60, mest: 120, cest: 120, bst: 60, west: 60, eet: 120, eest: 180,
  wat: 60, cat: 120, eat: 180, // West, Central and East Africa Time
  jst: 540, kst: 540,
};

/** Words around dates in bylines ("le 3 juin 2024 à 14h30"), from every language pack, and separators. */
const FILLER_WORDS = new Set([...PACKS.flatMap((p) => p.bylineDateWords), '-', '|']);

export function parseFeedDate(input: string): number | null {
  if (input.length > 200) return null;
  const fast = parseCommonForm(input.trim());
  if (fast !== undefined) return fast;
  const s = input.normalize('NFC').replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  if (!s || s.length > 100) return null;
  return parseIsoLike(s) ?? parseKorean(s) ?? parseTextual(s);
}

const ENGLISH_MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const RFC822_COMMON = /^(?:[A-Z][a-z]{2}, )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (GMT|UTC|[+-]\d{4})$/;
const ISO_COMMON = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The two forms nearly every feed uses, read with one regular expression each (a 10,000-item feed would
 * otherwise spend most of its parse here). undefined: not one of them, try the general parsers.
 */
function parseCommonForm(s: string): number | null | undefined {
  let m = RFC822_COMMON.exec(s);
  if (m) {
    const month = ENGLISH_MONTHS[m[2]!.toLowerCase()];
    if (month === undefined) return undefined;
    const offset = m[7] === 'GMT' || m[7] === 'UTC' ? 0 : parseZone(m[7]!);
    if (offset === null) return null;
    return toEpoch({ year: +m[3]!, month, day: +m[1]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, offset });
  }
  m = ISO_COMMON.exec(s);
  if (m) {
    const offset = parseZone(m[7]!);
    if (offset === null) return null;
    return toEpoch({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, offset });
  }
  return undefined;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC. */
  offset: number;
}

function toEpoch(p: Parts): number | null {
  if (p.year < 1 || p.year > 9999 || p.month < 1 || p.month > 12) return null;
  if (p.day < 1 || p.day > daysInMonth(p.year, p.month)) return null;
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return null;
  const d = new Date(0);
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  d.setUTCHours(p.hour, p.minute, p.second, 0);
  return d.getTime() - p.offset * 60_000;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function fromOrdinal(year: number, dayOfYear: number): { month: number; day: number } | null {
  if (dayOfYear < 1 || dayOfYear > (isLeap(year) ? 366 : 365)) return null;
  let left = dayOfYear;
  for (let m = 1; m <= 12; m++) {
    const n = daysInMonth(year, m);
    if (left <= n) return { month: m, day: left };
    left -= n;
  }
  return null;
}

/** RFC 2822 §4.3: two-digit years 00–49 are 20xx, 50–99 are 19xx. */
function expandYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? (n < 50 ? 2000 + n : 1900 + n) : n;
}

function fold(token: string): string {
  return token
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\.$/, '');
}

function monthFromName(token: string): number | null {
  const t = fold(token);
  if (t.length < 3) return null;
  const found = new Set<number>();
  MONTH_NAMES.forEach((names, i) => {
    if (names.some((n) => n === t || (t.length >= 3 && n.startsWith(t)))) found.add(i + 1);
  });
  return found.size === 1 ? [...found][0]! : null;
}

function parseZone(token: string): number | null {
  const t = token.toLowerCase();
  if (t in ZONES) return ZONES[t]!;
  const m = /^(?:gmt|utc|ut)?([+-])(\d{2}):?(\d{2})$/.exec(t) ?? /^(?:gmt|utc|ut)([+-])(\d{1,2})()$/.exec(t);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] || 0);
  if (hours > 23 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

// ---- ISO 8601 / W3C-DTF ----------------------------------------------------------------------------

interface DatePart {
  year: number;
  month: number;
  day: number;
  rest: string;
}

/** Calendar, ordinal and reduced forms, extended and basic, 4- and 2-digit years; then time and zone. */
function parseIsoLike(input: string): number | null {
  const s = input.replace(/^(\d{4})-(\p{L}+)-/u, (whole, y: string, name: string) => {
    const m = monthFromName(name);
    return m ? `${y}-${String(m).padStart(2, '0')}-` : whole;
  });
  const date = isoDatePart(s);
  if (!date) return null;
  let rest = date.rest;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let offset = 0;
  if (rest) {
    const time = /^(?:T ?| )(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?/.exec(rest) ?? /^T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?/.exec(rest);
    if (!time) return null;
    hour = Number(time[1]);
    minute = Number(time[2]);
    second = Number(time[3] ?? 0);
    rest = rest.slice(time[0].length).trim();
    if (rest) {
      const zone = parseZone(rest);
      if (zone === null) return null;
      offset = zone;
    }
  }
  return toEpoch({ year: date.year, month: date.month, day: date.day, hour, minute, second, offset });
}

function isoDatePart(s: string): DatePart | null {
  let m: RegExpExecArray | null;
  const ymd = (y: string, mo: string, d: string, rest: string): DatePart => ({ year: expandYear(y), month: Number(mo), day: Number(d), rest });
  const ordinal = (y: string, doy: string, rest: string): DatePart | null => {
    const year = expandYear(y);
    const md = fromOrdinal(year, Number(doy));
    return md ? { year, ...md, rest } : null;
  };
  if ((m = /^(\d{4})-(0?\d{2})-(\d{1,2})(?!\d)(.*)$/.exec(s))) return ymd(m[1]!, m[2]!, m[3]!, m[4]!);
  if ((m = /^(\d{4})-(\d{3})(?![\d-])(.*)$/.exec(s))) return ordinal(m[1]!, m[2]!, m[3]!);
  if ((m = /^(\d{4})-(\d{2})(?![\d-])(.*)$/.exec(s))) return ymd(m[1]!, m[2]!, '1', m[3]!);
  if ((m = /^(\d{4})(\d{2})(\d{2})(?![\d-])(.*)$/.exec(s))) return ymd(m[1]!, m[2]!, m[3]!, m[4]!);
  if ((m = /^(\d{4})(\d{3})(?![\d-])(.*)$/.exec(s))) return ordinal(m[1]!, m[2]!, m[3]!);
  if ((m = /^(\d{4})(?![\d-])(.*)$/.exec(s))) return m[2] === '' || m[2]!.startsWith('T') ? ymd(m[1]!, '1', '1', m[2]!) : null;
  if ((m = /^(\d{2})-(\d{2})-(\d{2})(?![\d-])(.*)$/.exec(s))) return ymd(m[1]!, m[2]!, m[3]!, m[4]!);
  if ((m = /^(\d{2})(\d{2})(\d{2})(?![\d-])(.*)$/.exec(s))) return ymd(m[1]!, m[2]!, m[3]!, m[4]!);
  // Five digits are either YYDDD or a five-digit year; only a leading zero makes it the former.
  if ((m = /^(0\d)(\d{3})(?![\d-])(.*)$/.exec(s))) return ordinal(m[1]!, m[2]!, m[3]!);
  if ((m = /^-(\d{2})-?(\d{2})(?![\d-])(.*)$/.exec(s))) return ymd(m[1]!, m[2]!, '1', m[3]!);
  return null;
}

// ---- Korean portals (Nate, OnBlog): local time, KST ------------------------------------------------

function parseKorean(s: string): number | null {
  const KST = 540;
  let m = /^(\d{4})년 ?(\d{1,2})월 ?(\d{1,2})일 ?(\d{1,2}):(\d{2}):(\d{2})$/.exec(s);
  if (m) return toEpoch({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, offset: KST });
  m = /^(\d{4})-(\d{2})-(\d{2}) (오전|오후) (\d{1,2}):(\d{2}):(\d{2})$/.exec(s);
  if (m) {
    const h = Number(m[5]) % 12 + (m[4] === '오후' ? 12 : 0);
    return toEpoch({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: h, minute: +m[6]!, second: +m[7]!, offset: KST });
  }
  return null;
}

// ---- RFC 822 and other textual forms ---------------------------------------------------------------

/**
 * Token by token: every token must be a weekday, day, month, year, time, zone or filler word, or the
 * whole string is refused — a date we half-understand is worse than none.
 */
function parseTextual(s: string): number | null {
  // "Word, …" at the start is a weekday in any language, unless that word is the only month in sight ("Mar, 04 Jun" is Tuesday in French).
  const text = s.replace(/^([\p{L}]+)\.?\s*,\s*(.*)$/u, (whole, word: string, rest: string) =>
    monthFromName(word) !== null && !rest.split(/[\s,]+/).some((t) => monthFromName(t) !== null) ? whole : rest,
  );
  const tokens = text.split(/[\s,]+/).filter(Boolean);
  let year: number | null = null;
  let month: number | null = null;
  let day: number | null = null;
  let time: { h: number; m: number; s: number } | null = null;
  let offset: number | null = null;
  let meridiem: 'am' | 'pm' | null = null;
  const numbers: string[] = [];

  for (const token of tokens) {
    const t = token.toLowerCase();
    let m: RegExpExecArray | null;
    if (FILLER_WORDS.has(t) || (t === 'at' && time === null)) continue;
    if (WEEKDAY_NAMES.has(fold(token)) && monthFromName(token) === null) continue;
    if ((m = /^(\d{1,2})[:h](\d{2})(?::(\d{2}))?$/.exec(t)) || (m = /^(\d{1,2})h()()$/.exec(t))) {
      if (time) return null;
      time = { h: Number(m[1]), m: Number(m[2] || 0), s: Number(m[3] || 0) };
    } else if ((t === 'am' || t === 'pm') && time) {
      meridiem = t;
    } else if (offset === null && !/^\d/.test(t) && parseZone(token) !== null) {
      offset = parseZone(token);
    } else if ((m = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(t))) {
      if (year !== null) return null;
      [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    } else if ((m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$/.exec(t))) {
      // Day first, as on the francophone sites this bot reads.
      if (year !== null) return null;
      [day, month, year] = [Number(m[1]), Number(m[2]), expandYear(m[3]!)];
    } else if ((m = /^(\d{1,4})(?:st|nd|rd|th|er|e)?\.?$/.exec(t))) {
      numbers.push(m[1]!);
    } else {
      const named = monthFromName(token);
      if (named === null || month !== null) return null;
      month = named;
    }
  }
  if (month === null) return null;
  for (const n of numbers) {
    if (n.length >= 3) {
      if (year !== null) return null;
      year = Number(n);
    }
  }
  for (const n of numbers.filter((x) => x.length < 3)) {
    if (day === null) day = Number(n);
    else if (year === null) year = expandYear(n);
    else return null;
  }
  if (year === null || day === null) return null;
  let hour = time?.h ?? 0;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  return toEpoch({ year, month, day, hour, minute: time?.m ?? 0, second: time?.s ?? 0, offset: offset ?? 0 });
}

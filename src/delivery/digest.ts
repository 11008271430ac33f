// When a digest subscription is next due (its local time in its own time zone), and what goes in it.
import type { Story, Subscription } from '../store/types.js';

export const DAY_MS = 86_400_000;

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
export function zoneOffset(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The local calendar date of an instant in a zone. */
function localDate(at: number, timeZone: string): { y: number; m: number; d: number; weekday: number } {
  const local = new Date(at + zoneOffset(at, timeZone));
  return { y: local.getUTCFullYear(), m: local.getUTCMonth(), d: local.getUTCDate(), weekday: local.getUTCDay() };
}

/** The instant at which the wall clock in the zone reads y-m-d h:min (DST-aware). */
export function zonedTime(y: number, m: number, d: number, h: number, min: number, timeZone: string): number {
  const guess = Date.UTC(y, m, d, h, min);
  let t = guess - zoneOffset(guess, timeZone);
  const corrected = guess - zoneOffset(t, timeZone);
  if (corrected !== t) t = corrected;
  return t;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function parseDigestTime(text: string): { h: number; min: number } | null {
  const m = /^([01]?\d|2[0-3])[:h.]?([0-5]\d)?$/i.exec(text.trim());
  return m ? { h: Number(m[1]), min: Number(m[2] ?? 0) } : null;
}

/**
 * The first digest time strictly after `after`: daily at digest_time local, or weekly on Mondays.
 */
export function nextDigestAt(sub: Pick<Subscription, 'digestTime' | 'digestTimezone' | 'digestPeriod'>, after: number): number {
  const tz = sub.digestTimezone && isValidTimeZone(sub.digestTimezone) ? sub.digestTimezone : 'UTC';
  const time = parseDigestTime(sub.digestTime ?? '08:00') ?? { h: 8, min: 0 };
  const start = localDate(after, tz);
  for (let i = 0; i < 9; i++) {
    const day = new Date(Date.UTC(start.y, start.m, start.d + i));
    if (sub.digestPeriod === 'weekly' && day.getUTCDay() !== 1) continue;
    const t = zonedTime(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), time.h, time.min, tz);
    if (t > after) return t;
  }
  return after + (sub.digestPeriod === 'weekly' ? 7 : 1) * DAY_MS;
}

/** Top stories first: more outlets and a higher score rank higher; newer breaks ties. */
export function rankForDigest(stories: Story[]): Story[] {
  return [...stories].sort((a, b) => b.sourceCount - a.sourceCount || b.score - a.score || b.firstSeenAt - a.firstSeenAt);
}

/** When a digest subscription's next digest is due: the first slot after the previous digest (or its creation). */
export function digestDueAt(sub: Pick<Subscription, 'digestTime' | 'digestTimezone' | 'digestPeriod' | 'lastDigestAt' | 'createdAt'>): number {
  return nextDigestAt(sub, sub.lastDigestAt ?? sub.createdAt);
}

// When a feed is next polled: its own slot in the interval (so hundreds of feeds don't fire at once),
// and exponential backoff after failures.
import { createHash } from 'node:crypto';

export const MINUTE = 60_000;
export const BACKOFF_BASE_MS = 5 * MINUTE;
export const BACKOFF_CAP_MS = 24 * 60 * MINUTE;
export const PAUSE_AFTER_FAILURES = 10;

/** A stable offset in [0, intervalMs) derived from the URL. */
export function slotOffset(url: string, intervalMs: number): number {
  const h = createHash('sha1').update(url).digest().readUInt32BE(0);
  return h % Math.max(1, Math.floor(intervalMs));
}

/** The first time strictly after `after` that falls on this feed's slot. */
export function nextSlot(url: string, intervalMs: number, after: number): number {
  const offset = slotOffset(url, intervalMs);
  const k = Math.floor((after - offset) / intervalMs) + 1;
  return k * intervalMs + offset;
}

/** 5·2ⁿ⁻¹ minutes after the n-th consecutive failure, capped at 24 h; a server's Retry-After wins when longer. */
export function backoffDelay(consecutiveFailures: number, retryAfterMs?: number): number {
  const n = Math.max(1, consecutiveFailures);
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(n - 1, 20));
  return Math.min(BACKOFF_CAP_MS, Math.max(exp, retryAfterMs ?? 0));
}

// The one clock. Production reads the system time; tests and the digest scheduler can shift it.
import { isTestMode } from './config.js';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock offset from real time by SAHEL_CLOCK_OFFSET_MS (tests use it to fire a digest "tomorrow"). Honoured
 * only under test (NODE_ENV=test or VITEST): a production bot always runs on the system time.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  if (!isTestMode(env)) return systemClock;
  const offset = Number(env.SAHEL_CLOCK_OFFSET_MS ?? 0);
  if (!Number.isFinite(offset) || offset === 0) return systemClock;
  return { now: () => Date.now() + offset };
}

export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(t: number): void {
    this.t = t;
  }
}

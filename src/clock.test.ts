import { describe, it, expect } from 'vitest';
import { clockFromEnv, systemClock } from './clock.js';

describe('clockFromEnv', () => {
  const day = 86_400_000;

  it('shifts the clock under test', () => {
    const clock = clockFromEnv({ NODE_ENV: 'test', SAHEL_CLOCK_OFFSET_MS: String(day) });
    expect(clock.now() - Date.now()).toBeGreaterThan(day - 1_000);
  });

  it('ignores the offset outside test mode, and a malformed one everywhere', () => {
    expect(clockFromEnv({ NODE_ENV: 'production', SAHEL_CLOCK_OFFSET_MS: String(day) })).toBe(systemClock);
    expect(clockFromEnv({ NODE_ENV: 'test', SAHEL_CLOCK_OFFSET_MS: 'tomorrow' })).toBe(systemClock);
  });
});

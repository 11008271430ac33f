import { describe, it, expect } from 'vitest';
import { KeyedLimiter } from './limiter.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedLimiter', () => {
  it('never runs more than the limit for one key, and runs other keys freely', async () => {
    const limiter = new KeyedLimiter(2);
    let peakA = 0;
    let peakB = 0;
    let a = 0;
    let b = 0;
    const job = (key: 'a' | 'b') =>
      limiter.run(key, async () => {
        if (key === 'a') peakA = Math.max(peakA, ++a);
        else peakB = Math.max(peakB, ++b);
        await tick();
        if (key === 'a') a--;
        else b--;
      });
    await Promise.all([...Array(6)].map(() => job('a')).concat([...Array(3)].map(() => job('b'))));
    expect(peakA).toBe(2);
    expect(peakB).toBe(2);
    expect(limiter.inFlight('a')).toBe(0);
  });

  it('releases the slot when the job throws', async () => {
    const limiter = new KeyedLimiter(1);
    await expect(limiter.run('x', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await limiter.run('x', async () => 42)).toBe(42);
  });
});

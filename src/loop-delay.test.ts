// The event-loop delay monitor behind /sahel status: a real blocked loop, read over a sliding window.
import { describe, it, expect } from 'vitest';
import { LoopDelayMonitor } from './loop-delay.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const block = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // the event loop is held
  }
};

describe('LoopDelayMonitor', () => {
  it('reports the p99 and max of a 150 ms block, and forgets it once it leaves the window', async () => {
    const monitor = new LoopDelayMonitor({ windowMinutes: 3, resolutionMs: 10, minuteMs: 200 }).start();
    try {
      await sleep(100);
      block(150);
      await sleep(50);
      const seen = monitor.read()!;
      expect(seen.maxMs).toBeGreaterThanOrEqual(140);
      // Fewer than 100 samples in the window: the one blocked sample is its p99.
      expect(seen.p99Ms).toBeGreaterThanOrEqual(140);
      expect(seen.windowMinutes).toBe(3);
      // Three "minutes" of 200 ms later the block has left the window.
      await sleep(900);
      const later = monitor.read()!;
      expect(later.maxMs).toBeLessThan(100);
      expect(later.p99Ms).toBeLessThan(100);
    } finally {
      monitor.stop();
    }
  });

  it('weights each minute by its samples: one slow sample among many does not make the p99', async () => {
    const monitor = new LoopDelayMonitor({ windowMinutes: 10, resolutionMs: 1, minuteMs: 300 }).start();
    try {
      await sleep(50);
      block(60);
      await sleep(900); // hundreds of ~1 ms samples after it, over several minutes
      const seen = monitor.read()!;
      expect(seen.maxMs).toBeGreaterThanOrEqual(55);
      expect(seen.p99Ms).toBeLessThan(55);
    } finally {
      monitor.stop();
    }
  });
});

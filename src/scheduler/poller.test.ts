import { describe, it, expect } from 'vitest';
import { silentLogger } from '../log.js';
import type { Feed } from '../store/index.js';
import { Poller, type PollerDeps } from './poller.js';

const feed = (id: number, url: string): Feed => ({
  id, url, title: null, siteUrl: null, language: null, isDefault: true, intervalMs: null, etag: null, lastModified: null,
  bodyHash: null, initialized: true, nextPollAt: 0, lastPolledAt: null, lastSuccessAt: null, lastItemCount: null,
  consecutiveFailures: 0, lastError: null, pausedAt: null, pausedReason: null, createdAt: 0,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A poll that takes `ms` per feed (per URL), recording how many run at once, per host and in all. */
function recorder(ms: (f: Feed) => number) {
  const polls: number[] = [];
  const active = new Map<string, number>();
  const peak = new Map<string, number>();
  let all = 0;
  let peakAll = 0;
  const deps: PollerDeps<string> = {
    dueFeeds: () => [],
    async pollFeed(f) {
      const host = new URL(f.url).host;
      active.set(host, (active.get(host) ?? 0) + 1);
      peak.set(host, Math.max(peak.get(host) ?? 0, active.get(host)!));
      peakAll = Math.max(peakAll, ++all);
      polls.push(f.id);
      await sleep(ms(f));
      active.set(host, active.get(host)! - 1);
      all--;
      return f.url.includes('fail') ? 'failed' : 'ok';
    },
    isFailure: (o) => o === 'failed',
    now: () => Date.now(),
    log: silentLogger(),
  };
  return { deps, polls, peak, peakAll: () => peakAll };
}

describe('Poller', () => {
  it('a slow feed neither delays the next pass nor gets polled twice', async () => {
    const r = recorder((f) => (f.id === 1 ? 600 : 5));
    const poller = new Poller(r.deps, { cron: '* * * * *', hostConcurrency: 2, pollConcurrency: 8 });
    const slow = feed(1, 'https://slow.example/rss');
    const first = poller.runCycle([slow]);
    await sleep(20);
    const started = Date.now();
    const second = await poller.runCycle([slow, feed(2, 'https://quick.example/rss'), feed(3, 'https://quick.example/fail')]);
    expect(Date.now() - started).toBeLessThan(300);
    expect(second).toMatchObject({ polled: 2, skippedLocked: 1, failed: 1 });
    expect((await first).polled).toBe(1);
    expect(r.polls.filter((id) => id === 1)).toHaveLength(1);
  });

  it('takes due feeds a batch at a time until none is left, and stops when only feeds it polled come back (their leases given back)', async () => {
    const r = recorder(() => 5);
    const queue = Array.from({ length: 7 }, (_, i) => feed(100 + i, `https://outlet-${i}.example/rss`));
    let calls = 0;
    // Leases of 3 at a time; the last feed stays due (its poll left it so): it must not be polled twice.
    r.deps.dueFeeds = () => {
      calls++;
      const batch = queue.splice(0, 3);
      return batch.length ? batch : [feed(106, 'https://outlet-6.example/rss')];
    };
    // Leased again but not polled again this cycle: its lease is given back.
    const released: number[] = [];
    r.deps.skipped = (f) => void released.push(f.id);
    const poller = new Poller(r.deps, { cron: '* * * * *', hostConcurrency: 2, pollConcurrency: 8 });
    const report = await poller.runCycle();
    expect(report.polled).toBe(7);
    expect([...r.polls].sort()).toEqual([100, 101, 102, 103, 104, 105, 106]);
    expect(calls).toBe(4);
    expect(released).toEqual([106]);
  });

  it('keeps to the per-host and global limits, and a busy host does not hold the global slots', async () => {
    const r = recorder((f) => (f.url.startsWith('https://busy.') ? 200 : 20));
    const poller = new Poller(r.deps, { cron: '* * * * *', hostConcurrency: 2, pollConcurrency: 3 });
    const busy = Array.from({ length: 8 }, (_, i) => feed(10 + i, `https://busy.example/feed/${i}`));
    const others = Array.from({ length: 4 }, (_, i) => feed(30 + i, `https://outlet-${i}.example/rss`));
    const started = Date.now();
    let othersDoneAt = 0;
    const cycle = poller.runCycle([...busy, ...others]);
    await (async () => {
      while (others.some((f) => !r.polls.includes(f.id))) await sleep(5);
      othersDoneAt = Date.now() - started;
    })();
    const report = await cycle;
    expect(report).toMatchObject({ polled: 12, failed: 0, skippedLocked: 0 });
    expect(r.peak.get('busy.example')).toBe(2);
    expect(r.peakAll()).toBeLessThanOrEqual(3);
    // Eight busy feeds take four rounds of 200 ms on their host; the other outlets start within the first round.
    expect(othersDoneAt).toBeLessThan(200);
  });

  it('stop() waits for every pass in flight', async () => {
    const r = recorder(() => 150);
    const poller = new Poller(r.deps, { cron: '* * * * *', hostConcurrency: 2, pollConcurrency: 8 });
    void poller.runCycle([feed(1, 'https://a.example/rss')]);
    void poller.runCycle([feed(2, 'https://b.example/rss')]);
    await sleep(10);
    const started = Date.now();
    await poller.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(poller.lastCycle?.polled).toBe(1);
    expect(r.polls.sort()).toEqual([1, 2]);
  });

  it('refuses an invalid cron expression', () => {
    const poller = new Poller(recorder(() => 0).deps, { cron: 'every minute', hostConcurrency: 2, pollConcurrency: 8 });
    expect(() => poller.start()).toThrow(/SCHEDULER_CRON "every minute" is not a valid cron expression/);
  });
});

// Runs poll cycles: on each tick, every due feed is polled once, with one lock per feed,
// a per-host limit and a global limit. node-cron provides the tick.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log.js';
import type { Feed } from '../store/index.js';
import { KeyedLimiter } from './limiter.js';

export interface PollerOptions {
  cron: string;
  hostConcurrency: number;
  pollConcurrency: number;
}

export interface CycleReport {
  startedAt: number;
  finishedAt: number;
  polled: number;
  failed: number;
  skippedLocked: number;
}

export interface PollerDeps<O, C = undefined> {
  /** The feeds to poll now: with several pollers, those leased to this one. */
  dueFeeds(now: number): Feed[] | Promise<Feed[]>;
  /**
   * A feed dueFeeds gave that this cycle does not poll: this process is polling it already, or this cycle polled it
   * once (its poll recorded and ended the lease, and it was due again at once). Give that lease back, or it would
   * hold the feed until it expired.
   */
  skipped?(feed: Feed): Promise<void> | void;
  /** What the feeds of one cycle share (e.g. its page budget), made as the cycle starts. */
  beginCycle?(): C;
  pollFeed(feed: Feed, cycle: C): Promise<O>;
  isFailure(outcome: O): boolean;
  /** Outcomes are not collected for it: a cold cycle's 50,000 items would stay alive until the end. */
  afterCycle?(report: CycleReport, cycle: C): Promise<void> | void;
  now(): number;
  log: Logger;
}

export class Poller<O, C = undefined> {
  private readonly locks = new Set<number>();
  private readonly hosts: KeyedLimiter;
  private readonly global: KeyedLimiter;
  private task: ScheduledTask | null = null;
  private readonly cycles = new Set<Promise<CycleReport>>();
  lastCycle: CycleReport | null = null;

  constructor(private readonly deps: PollerDeps<O, C>, private readonly options: PollerOptions) {
    this.hosts = new KeyedLimiter(options.hostConcurrency);
    this.global = new KeyedLimiter(options.pollConcurrency);
  }

  start(): void {
    if (!cron.validate(this.options.cron)) throw new Error(`SCHEDULER_CRON "${this.options.cron}" is not a valid cron expression`);
    this.task = cron.schedule(this.options.cron, () => {
      void this.runCycle().catch((err: unknown) => this.deps.log.error({ err }, 'poll cycle failed'));
    }, { name: 'poll-cycle' });
  }

  /**
   * One pass over the due feeds (or the given ones). A pass never waits for an earlier one: a feed still being
   * polled (a slow host, a timeout) is skipped by its lock, and every other due feed is polled on time.
   */
  runCycle(feeds?: Feed[]): Promise<CycleReport> {
    const cycle = this.doCycle(feeds).finally(() => this.cycles.delete(cycle));
    this.cycles.add(cycle);
    return cycle;
  }

  private async doCycle(given?: Feed[]): Promise<CycleReport> {
    const startedAt = this.deps.now();
    const cycle = this.deps.beginCycle?.() as C;
    let polled = 0;
    let failed = 0;
    let skippedLocked = 0;
    const pass = async (feeds: Feed[]) => {
      await Promise.all(
        feeds.map(async (feed) => {
          if (this.locks.has(feed.id)) {
            skippedLocked++;
            await this.deps.skipped?.(feed);
            return;
          }
          this.locks.add(feed.id);
          polled++;
          try {
            // The host slot first: a feed queued behind a slow host must not hold one of the global slots.
            const outcome = await this.hosts.run(hostKey(feed.url), () => this.global.run('all', () => this.deps.pollFeed(feed, cycle)));
            if (this.deps.isFailure(outcome)) failed++;
          } catch (err) {
            failed++;
            this.deps.log.error({ feed: feed.url, err }, 'poll crashed');
          } finally {
            this.locks.delete(feed.id);
          }
        }),
      );
    };
    if (given) {
      await pass(given);
    } else {
      // Due feeds are taken a batch at a time until none is left: with several pollers (each leasing its batch)
      // the work spreads over them as they finish, rather than going to whichever ticked first.
      const seen = new Set<number>();
      for (;;) {
        const due = await this.deps.dueFeeds(this.deps.now());
        const batch = due.filter((f) => !seen.has(f.id));
        for (const f of due) if (seen.has(f.id)) await this.deps.skipped?.(f);
        if (batch.length === 0) break;
        for (const f of batch) seen.add(f.id);
        await pass(batch);
      }
    }
    const report = { startedAt, finishedAt: this.deps.now(), polled, failed, skippedLocked };
    this.lastCycle = report;
    await this.deps.afterCycle?.(report, cycle);
    return report;
  }

  /** Stop ticking and wait for the cycles in flight. */
  async stop(): Promise<void> {
    await this.task?.stop();
    this.task = null;
    await Promise.allSettled([...this.cycles]);
  }
}

function hostKey(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

// How late the event loop runs: perf_hooks.monitorEventLoopDelay, read over a sliding window of whole minutes
// for /sahel status. The monitor's histogram is read and reset each minute; the window keeps each minute's count,
// max and percentile points, and its p99 is computed from them weighted by count.
import { monitorEventLoopDelay } from 'node:perf_hooks';

type DelayHistogram = ReturnType<typeof monitorEventLoopDelay>;

export interface LoopDelay {
  p99Ms: number;
  maxMs: number;
  windowMinutes: number;
}

interface Minute {
  count: number;
  max: number;
  /** [percentile, value in ns], ascending. */
  points: [number, number][];
}

export class LoopDelayMonitor {
  private readonly histogram: DelayHistogram;
  private readonly minutes: Minute[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: { windowMinutes?: number; resolutionMs?: number; minuteMs?: number } = {}) {
    this.histogram = monitorEventLoopDelay({ resolution: opts.resolutionMs ?? 20 });
  }

  start(): this {
    this.histogram.enable();
    this.timer = setInterval(() => this.rotate(), this.opts.minuteMs ?? 60_000);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.histogram.disable();
  }

  /** p99 and max over the window (the minutes kept and the one in progress); null before any sample. */
  read(): LoopDelay | null {
    const minutes = [...this.minutes, snapshot(this.histogram)].filter((m) => m.count > 0);
    if (minutes.length === 0) return null;
    return {
      p99Ms: round(percentileOf(minutes, 99) / 1e6),
      maxMs: round(Math.max(...minutes.map((m) => m.max)) / 1e6),
      windowMinutes: this.opts.windowMinutes ?? 10,
    };
  }

  private rotate(): void {
    this.minutes.push(snapshot(this.histogram));
    this.histogram.reset();
    // The minute in progress is the window's last: keep the (window - 1) whole minutes before it.
    while (this.minutes.length > (this.opts.windowMinutes ?? 10) - 1) this.minutes.shift();
  }
}

function snapshot(h: DelayHistogram): Minute {
  return h.count === 0 ? { count: 0, max: 0, points: [] } : { count: h.count, max: h.max, points: [...h.percentiles.entries()].sort((a, b) => a[0] - b[0]) };
}

/** The smallest recorded value at or below which p % of all samples fall, each minute weighted by its count. */
function percentileOf(minutes: Minute[], p: number): number {
  const total = minutes.reduce((n, m) => n + m.count, 0);
  const candidates = [...new Set(minutes.flatMap((m) => m.points.map(([, v]) => v)))].sort((a, b) => a - b);
  for (const x of candidates) {
    // A minute's share at or below x: the highest percentile point whose value is ≤ x.
    const below = minutes.reduce((n, m) => n + (m.count * m.points.reduce((best, [q, v]) => (v <= x ? Math.max(best, q) : best), 0)) / 100, 0);
    if (below >= (total * p) / 100) return x;
  }
  return candidates.at(-1) ?? 0;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

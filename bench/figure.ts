// One measured figure, printed by `npm run bench` as a JSON line.
export interface BenchFigure {
  bench: string;
  value: number;
  unit: string;
  /** The same measurement for the naive way, run in the same process; null when there is none. */
  baseline: number | null;
  /** value / baseline, oriented so that > 1 means we are better; null without a baseline. */
  ratio: number | null;
  /** Human-readable target, e.g. "≥ 20 MB/s". Not part of the JSON contract's required keys. */
  target?: string;
}

export function figure(bench: string, value: number, unit: string, baseline: number | null = null, higherIsBetter = true, target?: string): BenchFigure {
  const ratio = baseline === null || baseline === 0 || value === 0 ? null : higherIsBetter ? value / baseline : baseline / value;
  return { bench, value: round(value), unit, baseline: baseline === null ? null : round(baseline), ratio: ratio === null ? null : round(ratio), ...(target ? { target } : {}) };
}

function round(n: number): number {
  return Number(n.toPrecision(4));
}

/** Percentile of an ascending-sorted array (nearest-rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

/**
 * How late a 5 ms timer fires while work runs: what any other command would wait for. A timer probe rather than
 * monitorEventLoopDelay, which does not see one long synchronous block as one long delay.
 */
export function loopProbe(): { stop(): Promise<{ p99: number; max: number }> } {
  const lateness: number[] = [];
  let expected = performance.now() + 5;
  const probe = setInterval(() => {
    const now = performance.now();
    lateness.push(Math.max(0, now - expected));
    expected = now + 5;
  }, 5);
  return {
    async stop() {
      // A loop held by synchronous work shows it only when the probe's next tick runs.
      await new Promise((resolve) => setTimeout(resolve, 20));
      clearInterval(probe);
      lateness.sort((x, y) => x - y);
      return { p99: percentile(lateness, 99), max: lateness.at(-1) ?? 0 };
    },
  };
}

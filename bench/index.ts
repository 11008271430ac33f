// Benchmarks: `npm run bench [-- --only NAME]`. Each bench/<name>.ts exports `run()` returning figures;
// a table for humans goes first, then one JSON line per figure (a stable contract).
import type { BenchFigure } from './figure.js';

const BENCHES = ['topics', 'extraction', 'summaries', 'stories', 'poll', 'commands', 'liveness', 'hostile', 'postgres'] as const;

async function main(argv: string[]): Promise<number> {
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
  if (only !== undefined && !BENCHES.includes(only as (typeof BENCHES)[number])) {
    console.error(`unknown benchmark "${only}"; choose one of ${BENCHES.join(', ')}`);
    return 2;
  }
  const figures: BenchFigure[] = [];
  for (const name of BENCHES) {
    if (only && name !== only) continue;
    const mod = (await import(`./${name}.js`)) as { run(): Promise<BenchFigure[]> };
    console.error(`# ${name}…`);
    figures.push(...(await mod.run()));
  }
  console.log(formatTable(figures));
  for (const f of figures) console.log(JSON.stringify(f));
  return 0;
}

function formatTable(figures: BenchFigure[]): string {
  const rows = figures.map((f) => [
    f.bench,
    fmt(f.value) + ' ' + f.unit,
    f.baseline === null ? '—' : fmt(f.baseline) + ' ' + f.unit,
    f.ratio === null ? '—' : fmt(f.ratio) + '×',
    f.target ?? '',
  ]);
  const head = ['figure', 'value', 'baseline', 'ratio', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function fmt(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3);
}

process.exitCode = await main(process.argv.slice(2));

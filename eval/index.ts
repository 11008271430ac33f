// Quality evaluations: `npm run eval -- <task> [options]`. Each task lives in eval/<task>.ts and
// exports `run(args)`; its last printed line is one JSON object (a stable contract).
const TASKS = ['topics', 'extraction', 'summaries', 'stories', 'feeds'] as const;
type Task = (typeof TASKS)[number];

function isTask(name: string | undefined): name is Task {
  return TASKS.includes(name as Task);
}

async function main(argv: string[]): Promise<number> {
  const [task, ...rest] = argv;
  if (!isTask(task)) {
    console.error(`usage: npm run eval -- <${TASKS.join('|')}> [--data <path>] …`);
    return 2;
  }
  const mod = (await import(`./${task}.js`)) as { run(args: string[]): Promise<number | void> };
  return (await mod.run(rest)) ?? 0;
}

process.exitCode = await main(process.argv.slice(2));
